import type { Kysely } from 'kysely';
import { selectIn } from '../platform/db/bulk.js';
import type { DB } from '../platform/db/schema.js';

/** A merged record of the file: where it is, and the incident it says absorbed it. */
export interface MergedRecord {
  readonly line: number;
  readonly target: string;
}

/**
 * `merged_into` must lead to an incident that exists (in the file or stored) and, followed from
 * record to record, must end: a chain that comes back on itself has no incident that holds the
 * content. Records later in the file count, so this runs once the whole file has been read.
 * Returns, per merged record of the file, why its target is refused.
 */
export async function refusedMergeTargets(db: Kysely<DB>, merged: ReadonlyMap<string, MergedRecord>, fileIds: ReadonlySet<string>): Promise<Map<string, string>> {
  // Stored incidents the chains pass through (id → its merged_into), fetched a step at a time.
  const stored = new Map<string, string | null>();
  const asked = new Set<string>();
  let ask = [...new Set([...merged.values()].map((m) => m.target))];
  while (ask.length) {
    ask = ask.filter((id) => !fileIds.has(id) && !asked.has(id));
    for (const id of ask) asked.add(id);
    const rows = await selectIn(ask, (slice) => db.selectFrom('incidents').select(['id', 'merged_into']).where('id', 'in', slice).execute());
    for (const r of rows) stored.set(r.id, r.merged_into);
    ask = rows.flatMap((r) => (r.merged_into ? [r.merged_into] : []));
  }
  const next = (id: string): string | null | undefined => (fileIds.has(id) ? (merged.get(id)?.target ?? null) : stored.get(id));

  const refused = new Map<string, string>();
  for (const [id, { target }] of merged) {
    if (next(target) === undefined) {
      refused.set(id, `incident "${target}" is neither in the file nor stored`);
      continue;
    }
    const path = [id];
    for (let at: string | null | undefined = target; at; at = next(at)) {
      if (path.includes(at)) {
        const loop = [...path.slice(path.indexOf(at)), at].map((p) => `"${p}"`).join(' → ');
        refused.set(id, at === id ? `the merges make a cycle: ${loop}` : `leads into a cycle of merges: ${loop}`);
        break;
      }
      path.push(at);
    }
  }
  return refused;
}
