import { type Kysely, sql } from 'kysely';
import { type MigrationDialect, serialId } from '../migration-helpers.js';

/** The incident register: incidents and what hangs from them, people, legal cases, history. */
export async function up(db: Kysely<unknown>, dialect: MigrationDialect): Promise<void> {
  const s = db.schema;
  const json = (c: any) => c.notNull().defaultTo('[]');

  await s
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('merged_into', 'text')
    .addColumn('date', 'text')
    .addColumn('date_end', 'text')
    .addColumn('date_from', 'text')
    .addColumn('date_to', 'text')
    .addColumn('year', 'integer')
    .addColumn('region', 'text')
    .addColumn('settlement', 'text')
    .addColumn('source_language', 'text', (c) => c.notNull())
    .addColumn('confidential', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('confidential_fields', 'text', json)
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The list is sorted by date then id; each filter that narrows it most often leads an index.
  await s.createIndex('incidents_by_date').on('incidents').columns(['date_from', 'id']).execute();
  await s.createIndex('incidents_by_year').on('incidents').columns(['year', 'date_from', 'id']).execute();
  await s.createIndex('incidents_by_region').on('incidents').columns(['region', 'date_from', 'id']).execute();
  await s.createIndex('incidents_by_status').on('incidents').columns(['status', 'date_from', 'id']).execute();

  await s
    .createTable('incident_texts')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('translation', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_texts_pk', ['incident_id', 'lang'])
    .execute();

  await s
    .createTable('incident_tags')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_tags_pk', ['incident_id', 'tag'])
    .execute();
  await s.createIndex('incident_tags_by_tag').on('incident_tags').columns(['tag', 'incident_id']).execute();

  await s
    .createTable('organisations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_folded', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('merged_into', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('persons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_folded', 'text', (c) => c.notNull())
    .addColumn('gender', 'text')
    .addColumn('birth_year', 'integer')
    .addColumn('employment', 'text')
    .addColumn('outlet_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('contact', 'text')
    .addColumn('notes', 'text')
    .addColumn('confidential_fields', 'text', json)
    .addColumn('merged_into', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('persons_by_gender').on('persons').columns(['gender', 'id']).execute();

  await s
    .createTable('acts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('victim_group', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.references('persons.id'))
    .addColumn('organisation_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('outcome', 'text')
    .addColumn('confidential_fields', 'text', json)
    .execute();
  await s.createIndex('acts_by_incident').on('acts').columns(['incident_id']).execute();
  await s.createIndex('acts_by_type').on('acts').columns(['type', 'incident_id']).execute();
  await s.createIndex('acts_by_group').on('acts').columns(['victim_group', 'incident_id']).execute();
  await s.createIndex('acts_by_person').on('acts').columns(['person_id']).execute();
  await s.createIndex('acts_by_organisation').on('acts').columns(['organisation_id']).execute();

  await s
    .createTable('involvements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('act_id', 'text', (c) => c.notNull().references('acts.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('perpetrator_type', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('degree', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('involvements_by_act').on('involvements').columns(['act_id']).execute();
  await s.createIndex('involvements_by_type').on('involvements').columns(['perpetrator_type', 'incident_id']).execute();
  await s.createIndex('involvements_by_incident').on('involvements').columns(['incident_id']).execute();

  await s
    .createTable('sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('citation', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('published_on', 'text')
    .addColumn('reliability', 'text', (c) => c.notNull())
    .addColumn('public', 'integer', (c) => c.notNull())
    .addColumn('identity', 'text')
    .addColumn('confidential_fields', 'text', json)
    .execute();
  await s.createIndex('sources_by_incident').on('sources').columns(['incident_id']).execute();

  await s
    .createTable('legal_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('case_number', 'text')
    .addColumn('court', 'text')
    .addColumn('against_journalist', 'integer', (c) => c.notNull())
    .addColumn('investigation_status', 'text')
    .addColumn('notes', 'text')
    .addColumn('confidential_fields', 'text', json)
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('case_incidents')
    .addColumn('case_id', 'text', (c) => c.notNull().references('legal_cases.id').onDelete('cascade'))
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('case_incidents_pk', ['case_id', 'incident_id'])
    .execute();
  await s.createIndex('case_incidents_by_incident').on('case_incidents').columns(['incident_id']).execute();

  const caseChild = (name: string) =>
    s
      .createTable(name)
      .addColumn('case_id', 'text', (c) => c.notNull().references('legal_cases.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${name}_pk`, ['case_id', 'position']);
  await caseChild('case_parties')
    .addColumn('person_id', 'text', (c) => c.references('persons.id'))
    .addColumn('organisation_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('name', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('case_parties_by_person').on('case_parties').columns(['person_id']).execute();
  await caseChild('case_charges')
    .addColumn('article', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.references('persons.id'))
    .execute();
  await s.createIndex('case_charges_by_article').on('case_charges').columns(['article', 'case_id']).execute();
  await caseChild('case_events')
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('date_from', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('instance', 'text')
    .addColumn('outcome', 'text')
    .addColumn('detail', 'text')
    .addColumn('deadline', 'text')
    .execute();
  await s.createIndex('case_events_by_deadline').on('case_events').columns(['deadline']).execute();

  await s
    .createTable('status_transitions')
    .addColumn('id', serialId(dialect), (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('status_transitions_by_incident').on('status_transitions').columns(['incident_id', 'id']).execute();

  // History outlives the records it describes (a merged or replaced record keeps its past): no FK.
  await s
    .createTable('history')
    .addColumn('id', serialId(dialect), (c) => c.primaryKey())
    .addColumn('record_kind', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .execute();
  await s.createIndex('history_by_record').on('history').columns(['record_kind', 'record_id', 'id']).execute();

  if (dialect === 'sqlite') {
    // unicode61 folds case for Cyrillic; ё/е and Kazakh letters are folded by us before indexing.
    await sql`create virtual table incident_search using fts5(incident_id unindexed, body, tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
  } else {
    // The 'simple' configuration: no stemming, which suits mixed Kazakh and Russian text.
    await sql`create table incident_search (
      incident_id text primary key references incidents(id) on delete cascade,
      body text not null,
      tsv tsvector generated always as (to_tsvector('simple', body)) stored
    )`.execute(db);
    await sql`create index incident_search_tsv on incident_search using gin (tsv)`.execute(db);
  }
}
