import { type Kysely, sql } from 'kysely';
import type { DB } from '../platform/db/schema.js';
import type { Reader } from '../platform/reader.js';
import { applyIncidentFilter, ftsMatch, type IncidentFilter } from './incident.filters.js';
import { DAY_KEYS, firstKeyOfDay } from './search-index.js';

/**
 * A page of search results on SQLite in the list's order (start date, then id), without
 * collecting and sorting every match: FTS5 walks its matches in key order, and the keys follow the
 * start dates (search-index.ts). A first pass finds the key of the row just past the page; the page
 * is then sorted from the matches of the days up to and including that row's day, which holds
 * every row that could come before it. A common word costs a page of matches, not all of them.
 */
export async function sqliteSearchPage(
  db: Kysely<DB>,
  filter: IncidentFilter & { q: string },
  reader: Reader,
  page: { limit: number; after?: readonly [string, string]; desc: boolean },
): Promise<{ id: string; date_from: string | null }[]> {
  const match = ftsMatch(filter.q);
  if (!match) return [];
  const key = sql<number>`incident_search.rowid`;
  const dir = page.desc ? 'desc' : 'asc';
  const matches = () => {
    // CROSS JOIN keeps the search index as the outer loop: it is the only side that knows the order.
    let query = applyIncidentFilter(
      db.selectFrom('incident_search').crossJoin('incidents').where(sql<boolean>`incidents.rowid = ${key} % ${sql.lit(DAY_KEYS)}`),
      { ...filter, q: undefined },
      reader,
      'sqlite',
    ).where(sql<boolean>`incident_search match ${match}`);
    if (page.after) {
      const [date, id] = page.after;
      query = query
        .where((eb) => eb(eb.refTuple('incidents.date_from', 'incidents.id'), page.desc ? '<' : '>', eb.tuple(date, id)))
        .where(page.desc ? sql<boolean>`${key} < ${firstKeyOfDay(date)} + ${sql.lit(DAY_KEYS)}` : sql<boolean>`${key} >= ${firstKeyOfDay(date)}`);
    }
    return query;
  };
  const past = await matches().select(key.as('key')).orderBy(key, dir).limit(1).offset(page.limit).executeTakeFirst();
  let query = matches().select(['incidents.id', 'incidents.date_from']);
  if (past) {
    const day = Math.floor(past.key / DAY_KEYS) * DAY_KEYS;
    query = query.where(page.desc ? sql<boolean>`${key} >= ${day}` : sql<boolean>`${key} < ${day + DAY_KEYS}`);
  }
  return query.orderBy('incidents.date_from', dir).orderBy('incidents.id', dir).limit(page.limit + 1).execute();
}
