import { type Kysely, type RawBuilder, SqliteAdapter, sql } from 'kysely';
import { insertMany, selectIn } from '../platform/db/bulk.js';
import type { DB } from '../platform/db/schema.js';

const isSqlite = (db: Kysely<DB>) => db.getExecutor().adapter instanceof SqliteAdapter;

/**
 * On SQLite the search index's row key follows the incident's start date: the day (counted from
 * 1800-01-01) times 2^31, plus the incident's own rowid. FTS5 walks its matches in key order, so a
 * search hands back the newest (or oldest) matches first and can stop after a page instead of
 * collecting and sorting every match (search-page.ts). The incident's rowid is the key's remainder,
 * which finds the incident again.
 */
export const DAY_KEYS = 2 ** 31;

/** The first key of the day of a `YYYY-MM-DD` date (SQL, so index and query agree on the calendar). */
export const firstKeyOfDay = (date: RawBuilder<unknown> | string) =>
  sql<number>`(coalesce(cast(julianday(${date}) - 2378496.5 as integer), 0) * ${sql.lit(DAY_KEYS)})`;

const keyOf = sql<number>`(${firstKeyOfDay(sql.ref('date_from'))} + rowid)`;

/** On PostgreSQL the index is an ordinary table with a tsvector column, keyed by incident id. */
export async function indexForSearch(db: Kysely<DB>, rows: readonly { incident_id: string; body: string }[]): Promise<void> {
  if (rows.length === 0) return;
  if (!isSqlite(db)) return insertMany(db, 'incident_search', rows);
  const keys = new Map(
    (
      await selectIn(
        rows.map((r) => r.incident_id),
        (slice) => db.selectFrom('incidents').select([keyOf.as('key'), 'id']).where('id', 'in', slice).execute(),
      )
    ).map((r) => [r.id, r.key]),
  );
  await insertMany(db, 'incident_search', rows.map((r) => ({ rowid: keys.get(r.incident_id), ...r })) as never);
}

/** Takes incidents out of the index; call it before their dates change, as their keys follow them. */
export async function unindex(db: Kysely<DB>, incidentIds: readonly string[]): Promise<void> {
  await selectIn(incidentIds, async (slice) => {
    if (isSqlite(db)) {
      await db.deleteFrom('incident_search').where(sql.ref('rowid'), 'in', db.selectFrom('incidents').select(keyOf.as('key')).where('id', 'in', slice)).execute();
    } else {
      await db.deleteFrom('incident_search').where('incident_id', 'in', slice).execute();
    }
    return [];
  });
}
