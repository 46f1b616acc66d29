import type { Kysely } from 'kysely';
import type { FieldIssue } from '../exchange/check-codes.js';
import { childIds, type IncidentDoc } from '../exchange/interchange.schema.js';
import { selectIn } from '../platform/db/bulk.js';
import type { DB } from '../platform/db/schema.js';

/**
 * Act and source ids are unique across the register, not only within an incident: an id that
 * another incident holds (stored, or earlier in the same batch) would be a UNIQUE violation when
 * written. Found here first, so the writer can name the document and field instead. An owner that
 * is itself in the batch gives its old children up when it is rewritten, so only its new ones count.
 */
export async function foreignChildIds(db: Kysely<DB>, docs: readonly IncidentDoc[]): Promise<Map<number, FieldIssue[]>> {
  const inBatch = new Set(docs.map((d) => d.id));
  const wanted = docs.map((d) => {
    const ids = childIds(d);
    return { acts: ids.acts as string[], sources: ids.sources as string[] };
  });
  const storedOwners = async (table: 'acts' | 'sources', ids: string[]) =>
    new Map(
      (await selectIn([...new Set(ids)], (slice) => db.selectFrom(table).select(['id', 'incident_id']).where('id', 'in', slice).execute()))
        .filter((r) => !inBatch.has(r.incident_id))
        .map((r) => [r.id, r.incident_id]),
    );
  const owners = {
    acts: await storedOwners('acts', wanted.flatMap((w) => w.acts)),
    sources: await storedOwners('sources', wanted.flatMap((w) => w.sources)),
  };
  const issues = new Map<number, FieldIssue[]>();
  for (const [list, kind] of [['acts', 'act'], ['sources', 'source']] as const) {
    const claimed = new Map(owners[list]);
    wanted.forEach((w, index) => {
      const doc = docs[index]!;
      w[list].forEach((id, position) => {
        const owner = claimed.get(id);
        if (owner === undefined) claimed.set(id, doc.id);
        else if (owner !== doc.id) {
          const found = [...(issues.get(index) ?? []), { path: `${list}.${position}.id`, message: `${kind} id "${id}" belongs to incident "${owner}"` }];
          issues.set(index, found);
        }
      });
    });
  }
  return issues;
}
