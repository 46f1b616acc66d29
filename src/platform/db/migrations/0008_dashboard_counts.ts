import { type Kysely, sql } from 'kysely';
import type { MigrationDialect } from '../migration-helpers.js';

/**
 * What lets the dashboard answer in well under half a second at a million incidents:
 *
 * - `stats_incident_counts`: the number of incidents per year, month, quarter, region, status,
 *   confidentiality and author. Charts of incidents along those columns (by year across all years,
 *   by month, the map) add up a few thousand of these rows instead of reading every incident. On
 *   SQLite a table kept by triggers on `incidents` (rows whose count falls to zero stay, and sums
 *   ignore them); on PostgreSQL a view that groups the incidents when read.
 * - the victim's gender and whether the victim is confidential, stored with each act in
 *   `stats_acts` (on SQLite; computed in the PostgreSQL view), so that counting violations by gender
 *   reads one index instead of looking up a person per act.
 * - partial indexes on the rare rows the impunity funnel starts from: cases about a crime against
 *   the victim, and instigators.
 */
export async function up(db: Kysely<unknown>, dialect: MigrationDialect): Promise<void> {
  const s = db.schema;
  await s.createIndex('legal_cases_crimes_against_victims').on('legal_cases').column('id').where(sql.ref('against_journalist'), '=', 0).execute();
  await s.createIndex('involvements_instigators').on('involvements').column('incident_id').where(sql.ref('degree'), '=', 'instigator').execute();
  if (dialect === 'sqlite') await forSqlite(db);
  else await forPostgres(db);
}

const KEY = ['year', 'month', 'quarter', 'region', 'status', 'confidential', 'created_by'] as const;
const KEY_LIST = KEY.join(', ');
const sameKey = (side: 'new' | 'old') => KEY.map((k) => `${k} is ${side}.${k}`).join(' and ');
const addOne = (side: 'new' | 'old', delta: '+ 1' | '- 1') =>
  (delta === '+ 1'
    ? `insert into stats_incident_counts (${KEY_LIST}, n) select ${KEY.map((k) => `${side}.${k}`).join(', ')}, 0
       where not exists (select 1 from stats_incident_counts where ${sameKey(side)});`
    : '') + ` update stats_incident_counts set n = n ${delta} where ${sameKey(side)};`;

async function forSqlite(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('stats_incident_counts')
    .addColumn('year', 'integer')
    .addColumn('month', 'text')
    .addColumn('quarter', 'text')
    .addColumn('region', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('confidential', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('n', 'integer', (c) => c.notNull())
    .execute();
  await s.createIndex('stats_incident_counts_key').on('stats_incident_counts').columns([...KEY, 'n']).execute();
  await sql.raw(`insert into stats_incident_counts (${KEY_LIST}, n) select ${KEY_LIST}, count(*) from incidents group by ${KEY_LIST}`).execute(db);
  await sql.raw(`create trigger stats_incident_counts_inserted after insert on incidents begin ${addOne('new', '+ 1')} end`).execute(db);
  await sql.raw(`create trigger stats_incident_counts_deleted after delete on incidents begin ${addOne('old', '- 1')} end`).execute(db);
  await sql.raw(`create trigger stats_incident_counts_updated after update of ${KEY_LIST} on incidents begin ${addOne('old', '- 1')} ${addOne('new', '+ 1')} end`).execute(db);

  await s.alterTable('stats_acts').addColumn('act_gender', 'text').execute();
  await s.alterTable('stats_acts').addColumn('act_victim_hidden', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await sql`update stats_acts set act_gender = (select gender from persons where persons.id = stats_acts.act_person_id),
    act_victim_hidden = (act_confidential_fields like '%"victim"%')`.execute(db);
  await sql`drop trigger stats_acts_act_inserted`.execute(db);
  await sql`drop trigger stats_acts_act_updated`.execute(db);
  await sql.raw(`create trigger stats_acts_act_inserted after insert on acts begin insert into stats_acts (${COLUMN_LIST}) ${FROM_NEW_ACT}; end`).execute(db);
  await sql.raw(`create trigger stats_acts_act_updated after update on acts begin
     delete from stats_acts where act_id = old.id;
     insert into stats_acts (${COLUMN_LIST}) ${FROM_NEW_ACT};
   end`).execute(db);
  await s.createIndex('stats_acts_by_person').on('stats_acts').column('act_person_id').execute();
  await sql`create trigger stats_acts_person_gender after update of gender on persons begin
     update stats_acts set act_gender = new.gender where act_person_id = new.id;
   end`.execute(db);
  // The year's covering index now holds the gender and the victim's confidentiality too.
  await s.dropIndex('stats_acts_by_year').execute();
  await s
    .createIndex('stats_acts_by_year')
    .on('stats_acts')
    .columns(['year', 'status', 'confidential', 'region', 'act_victim_group', 'act_type', 'month', 'act_gender', 'act_victim_hidden', 'act_person_id', 'id'])
    .execute();
}

const COLUMN_LIST =
  'act_id, id, status, confidential, region, created_by, date_from, date_to, year, month, quarter, act_type, act_victim_group, act_person_id, act_organisation_id, act_confidential_fields, act_gender, act_victim_hidden';
const FROM_NEW_ACT = `select new.id, i.id, i.status, i.confidential, i.region, i.created_by, i.date_from, i.date_to, i.year, i.month, i.quarter,
  new.type, new.victim_group, new.person_id, new.organisation_id, new.confidential_fields,
  (select p.gender from persons p where p.id = new.person_id), new.confidential_fields like '%"victim"%'
  from incidents i where i.id = new.incident_id`;

async function forPostgres(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`create view stats_incident_counts (${KEY_LIST}, n) as select ${KEY_LIST}, count(*) from incidents group by ${KEY_LIST}`).execute(db);
  // New columns go at the end of the view, as CREATE OR REPLACE VIEW requires; the incident's
  // search vector (migration 0007) too, so that a count filtered by a search applies as on the list.
  await sql`create or replace view stats_acts (${sql.raw(COLUMN_LIST)}, search_tsv) as
    select a.id, i.id, i.status, i.confidential, i.region, i.created_by, i.date_from, i.date_to, i.year, i.month, i.quarter,
      a.type, a.victim_group, a.person_id, a.organisation_id, a.confidential_fields,
      p.gender, case when a.confidential_fields like '%"victim"%' then 1 else 0 end, i.search_tsv
    from acts a join incidents i on i.id = a.incident_id left join persons p on p.id = a.person_id`.execute(db);
}
