import type { Kysely } from 'kysely';
import { appendAudit, type AuditEntry } from '../audit/audit.js';
import type { OrganisationDoc, PersonDoc } from '../exchange/interchange.schema.js';
import { insertMany, selectIn } from '../platform/db/bulk.js';
import type { DB } from '../platform/db/schema.js';
import { organisationRow, personRow } from '../incidents/incident.rows.js';

export interface PeopleWriteContext {
  readonly actor: string;
  readonly now: string;
  /** The account recording new people (null for imports and the command line): their owner. */
  readonly createdBy: string | null;
}

type Row = Record<string, unknown> & { id: string };

/**
 * Creates or updates people and organisations given in full. A record is only touched when a
 * field differs, and each change keeps its before and after in the history.
 */
export async function upsertPeople(
  db: Kysely<DB>,
  persons: readonly PersonDoc[],
  organisations: readonly OrganisationDoc[],
  ctx: PeopleWriteContext,
): Promise<void> {
  // Outlets before people: a person points at an outlet.
  await upsert(db, 'organisations', organisations.map(organisationRow), ctx);
  await upsert(db, 'persons', persons.map(personRow), ctx);
}

async function upsert(db: Kysely<DB>, table: 'persons' | 'organisations', rows: Row[], ctx: PeopleWriteContext): Promise<void> {
  if (rows.length === 0) return;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ids = [...byId.keys()];
  const stored = new Map(
    (await selectIn(ids, (slice) => db.selectFrom(table).selectAll().where('id', 'in', slice).execute())).map((r) => [r.id, r as unknown as Row]),
  );
  const kind = table === 'persons' ? 'person' : 'organisation';
  const fresh: Row[] = [];
  const history: AuditEntry[] = [];
  for (const row of byId.values()) {
    const old = stored.get(row.id);
    if (!old) {
      fresh.push(row);
      history.push({ record_kind: kind, record_id: row.id, action: 'create', actor: ctx.actor, at: ctx.now, before: null, after: JSON.stringify(row) });
      continue;
    }
    const changed = Object.keys(row).some((k) => old[k] !== row[k]);
    if (!changed) continue;
    await db
      .updateTable(table)
      .set({ ...row, version: (old.version as number) + 1, updated_at: ctx.now } as never)
      .where('id', '=', row.id)
      .execute();
    const before = Object.fromEntries(Object.keys(row).map((k) => [k, old[k]]));
    history.push({ record_kind: kind, record_id: row.id, action: 'update', actor: ctx.actor, at: ctx.now, before: JSON.stringify(before), after: JSON.stringify(row) });
  }
  await insertMany(db, table, fresh.map((r) => ({ ...r, merged_into: null, version: 1, created_at: ctx.now, updated_at: ctx.now, created_by: ctx.createdBy })));
  await appendAudit(db, history);
}
