/** One field that a change altered: where it is in the record, and its value before and after. */
export interface FieldChange {
  path: string;
  before: string | null;
  after: string | null;
}

/** A record as leaf paths (`acts.0.person.name`) to their values written as text. */
function flatten(value: unknown, prefix: string, out: Map<string, string>): Map<string, string> {
  if (value === null || value === undefined) return out;
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) {
    // A list of codes reads best as one value: "protest, covid19".
    if (value.length) out.set(prefix, value.join(', '));
    return out;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return out;
  }
  out.set(prefix, String(value));
  return out;
}

/**
 * The fields that differ between two versions of a record, in the order of the record. A record
 * that did not exist before has no "before": each of its fields is new.
 */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const b = flatten(before, '', new Map());
  const a = flatten(after, '', new Map());
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  return paths.filter((p) => a.get(p) !== b.get(p)).map((path) => ({ path, before: b.get(path) ?? null, after: a.get(path) ?? null }));
}

/** `acts.0.person.name` as people read it: "acts 1 › person › name". */
export function readablePath(path: string): string {
  return path
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? `#${Number(part) + 1}` : part.replace(/_/g, ' ')))
    .join(' › ');
}
