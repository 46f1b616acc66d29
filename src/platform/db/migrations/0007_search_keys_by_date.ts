import { type Kysely, sql } from 'kysely';
import type { MigrationDialect } from '../migration-helpers.js';

/**
 * On SQLite the search index is built again, for searches that stop after a page:
 *
 * - its row keys follow the incidents' start dates (src/incidents/search-index.ts, whose key this
 *   repeats in SQL, frozen as of this migration), so FTS5 hands matches back newest first;
 * - it keeps prefix indexes for words of two to six letters. Without them FTS5 gathers every
 *   posting of every word that starts with a searched prefix before it can return one row (about
 *   40 ms for a common word at 1,000,000 incidents); with them a prefix of up to six letters is
 *   read like a word, lazily, and a page costs well under a millisecond. Longer prefixes take the
 *   slow path, which stays cheap for the rarer words they usually are. The prefix indexes make
 *   indexing about twice as costly.
 *
 * PostgreSQL's index is keyed by incident id and stays.
 */
export async function up(db: Kysely<unknown>, dialect: MigrationDialect): Promise<void> {
  if (dialect !== 'sqlite') return;
  await sql`create virtual table incident_search_by_date using fts5(incident_id unindexed, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5 6')`.execute(db);
  await sql`
    insert into incident_search_by_date (rowid, incident_id, body)
    select coalesce(cast(julianday(i.date_from) - 2378496.5 as integer), 0) * 2147483648 + i.rowid, s.incident_id, s.body
    from incident_search s join incidents i on i.id = s.incident_id
  `.execute(db);
  await sql`drop table incident_search`.execute(db);
  await sql`alter table incident_search_by_date rename to incident_search`.execute(db);
}
