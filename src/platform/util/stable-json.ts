import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted and empty (null) fields left out, so equal content always gives
 * equal text and equal hashes, whichever way a file spelled "no value". Written out by hand
 * because it runs for every imported record: a JSON.stringify replacer is twice as slow.
 */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const record = value as Record<string, unknown>;
  let out = '';
  for (const key of Object.keys(record).sort()) {
    const v = record[key];
    if (v === null || v === undefined) continue;
    out += `${out ? ',' : ''}${JSON.stringify(key)}:${stableStringify(v)}`;
  }
  return `{${out}}`;
}

export function contentHash(value: unknown): string {
  return createHash('sha1').update(stableStringify(value)).digest('hex');
}

