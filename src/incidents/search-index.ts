import { type Kysely, type RawBuilder, SqliteAdapter, sql } from 'kysely';
import { insertMany, selectIn } from '../platform/db/bulk.js';
import type { DB } from '../platform/db/schema.js';

/**
 * Where each database keeps an incident's search text (its titles, descriptions, places and
 * people, folded by search-text.ts).
 *
 * On PostgreSQL a tsvector on the incident's own row with a GIN index, so that a search reads the
 * incidents it finds and nothing else (a separate table cost a lookup per match).
 *
 * On SQLite an FTS5 table whose row key follows the incident's start date: the day (counted from
 * 1800-01-01) times 2^31, plus the incident's own rowid. FTS5 walks its matches in key order, so a
 * search hands back the newest (or oldest) matches first and can stop after a page instead of
 * collecting and sorting every match (search-page.ts). The key's remainder finds the incident again.
 */

const isSqlite = (db: Kysely<DB>) => db.getExecutor().adapter instanceof SqliteAdapter;

export const DAY_KEYS = 2 ** 31;

/** The first key of the day of a `YYYY-MM-DD` date (SQL, so index and query agree on the calendar). */
export const firstKeyOfDay = (date: RawBuilder<unknown> | string) =>
  sql<number>`(coalesce(cast(julianday(${date}) - 2378496.5 as integer), 0) * ${sql.lit(DAY_KEYS)})`;

const keyOf = sql<number>`(${firstKeyOfDay(sql.ref('date_from'))} + rowid)`;

/** The columns an incident's row carries for search: the tsvector on PostgreSQL, none on SQLite. */
export function searchColumns(db: Kysely<DB>, body: string): { search_tsv?: RawBuilder<unknown> } {
  return isSqlite(db) ? {} : { search_tsv: sql`to_tsvector('simple', ${body})` };
}

/** Adds incidents to SQLite's search index, once their rows (and dates) are stored. */
export async function indexForSearch(db: Kysely<DB>, rows: readonly { incident_id: string; body: string }[]): Promise<void> {
  if (rows.length === 0 || !isSqlite(db)) return;
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

/** Takes incidents out of SQLite's search index; call it before their dates change, as their keys follow them. */
export async function unindex(db: Kysely<DB>, incidentIds: readonly string[]): Promise<void> {
  if (!isSqlite(db)) return;
  await selectIn(incidentIds, async (slice) => {
    await db.deleteFrom('incident_search').where(sql.ref('rowid'), 'in', db.selectFrom('incidents').select(keyOf.as('key')).where('id', 'in', slice)).execute();
    return [];
  });
}
