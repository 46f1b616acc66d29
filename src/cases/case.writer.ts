import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit.js';
import type { LegalCaseDoc } from '../exchange/interchange.schema.js';
import { insertMany, selectIn } from '../platform/db/bulk.js';
import type { DB } from '../platform/db/schema.js';
import { caseCore, caseRows } from '../incidents/incident.rows.js';

const CHILD_TABLES = ['case_parties', 'case_charges', 'case_events'] as const;

/**
 * Creates or replaces legal cases given in full. A case shared by several incidents arrives once
 * per incident; it is written once, and only when its content changed.
 */
export async function upsertCases(db: Kysely<DB>, cases: readonly LegalCaseDoc[], ctx: { actor: string; now: string }): Promise<void> {
  if (cases.length === 0) return;
  const byId = new Map(cases.map((c) => [c.id, c]));
  const stored = new Map(
    (
      await selectIn([...byId.keys()], (slice) =>
        db.selectFrom('legal_cases').select(['id', 'content_hash', 'version']).where('id', 'in', slice).execute(),
      )
    ).map((r) => [r.id, r]),
  );
  const changed = [...byId.values()].filter((c) => stored.get(c.id)?.content_hash !== caseCore(c).content_hash);
  if (changed.length === 0) return;
  const replaced = changed.filter((c) => stored.has(c.id)).map((c) => c.id);
  for (const table of CHILD_TABLES) {
    await selectIn(replaced, async (slice) => {
      await db.deleteFrom(table).where('case_id', 'in', slice).execute();
      return [];
    });
  }
  for (const c of changed) {
    const old = stored.get(c.id);
    if (old) {
      await db.updateTable('legal_cases').set({ ...caseCore(c), version: old.version + 1, updated_at: ctx.now }).where('id', '=', c.id).execute();
    }
  }
  await insertMany(
    db,
    'legal_cases',
    changed.filter((c) => !stored.has(c.id)).map((c) => ({ ...caseCore(c), version: 1, created_at: ctx.now, updated_at: ctx.now })),
  );
  const rows = changed.map(caseRows);
  await insertMany(db, 'case_parties', rows.flatMap((r) => r.parties));
  await insertMany(db, 'case_charges', rows.flatMap((r) => r.charges));
  await insertMany(db, 'case_events', rows.flatMap((r) => r.events));
  await appendAudit(
    db,
    changed.map((c) => ({
      record_kind: 'legal_case',
      record_id: c.id,
      action: stored.has(c.id) ? 'update' : 'create',
      actor: ctx.actor,
      at: ctx.now,
      before: null,
      after: JSON.stringify(c),
    })),
  );
}
