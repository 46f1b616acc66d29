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
 *   indexing about three times as costly (imports of 1,000,000 incidents went from
 *   1,476 to 1,043 a second with these and the kept counts of migration 0008 together).
 *
 * On PostgreSQL the search vector moves onto the incident's own row, with its GIN index: a search
 * then reads the incidents it finds and nothing else, where the separate table cost a lookup per
 * match (a common word at 100,000 incidents: 53 ms before, 18 ms after).
 */
export async function up(db: Kysely<unknown>, dialect: MigrationDialect): Promise<void> {
  if (dialect !== 'sqlite') return searchVectorOnIncidents(db);
  await sql`create virtual table incident_search_by_date using fts5(incident_id unindexed, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5 6')`.execute(db);
  await sql`
    insert into incident_search_by_date (rowid, incident_id, body)
    select coalesce(cast(julianday(i.date_from) - 2378496.5 as integer), 0) * 2147483648 + i.rowid, s.incident_id, s.body
    from incident_search s join incidents i on i.id = s.incident_id
  `.execute(db);
  await sql`drop table incident_search`.execute(db);
  await sql`alter table incident_search_by_date rename to incident_search`.execute(db);
}

async function searchVectorOnIncidents(db: Kysely<unknown>): Promise<void> {
  await sql`alter table incidents add column search_tsv tsvector`.execute(db);
  await sql`update incidents set search_tsv = s.tsv from incident_search s where s.incident_id = incidents.id`.execute(db);
  await sql`create index incidents_search on incidents using gin (search_tsv)`.execute(db);
  await sql`drop table incident_search`.execute(db);
}
