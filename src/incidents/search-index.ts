import { type Kysely, SqliteAdapter, sql } from 'kysely';
import { insertMany, selectIn } from '../platform/db/bulk.js';
import type { DB } from '../platform/db/schema.js';

const isSqlite = (db: Kysely<DB>) => db.getExecutor().adapter instanceof SqliteAdapter;

/**
 * The search index holds one row per incident. On SQLite its rowid is the incident's rowid, so
 * that replacing an incident's entry finds it by key instead of scanning the whole index (FTS5
 * does not index the incident_id column).
 */
export async function indexForSearch(db: Kysely<DB>, rows: readonly { incident_id: string; body: string }[]): Promise<void> {
  if (rows.length === 0) return;
  if (!isSqlite(db)) return insertMany(db, 'incident_search', rows);
  const rowids = new Map(
    (
      await selectIn(
        rows.map((r) => r.incident_id),
        (slice) => db.selectFrom('incidents').select([sql<number>`rowid`.as('rowid'), 'id']).where('id', 'in', slice).execute(),
      )
    ).map((r) => [r.id, r.rowid]),
  );
  await insertMany(db, 'incident_search', rows.map((r) => ({ rowid: rowids.get(r.incident_id), ...r })) as never);
}

export async function unindex(db: Kysely<DB>, incidentIds: readonly string[]): Promise<void> {
  await selectIn(incidentIds, async (slice) => {
    if (isSqlite(db)) {
      await db.deleteFrom('incident_search').where(sql.ref('rowid'), 'in', db.selectFrom('incidents').select(sql<number>`rowid`.as('rowid')).where('id', 'in', slice)).execute();
    } else {
      await db.deleteFrom('incident_search').where('incident_id', 'in', slice).execute();
    }
    return [];
  });
}
