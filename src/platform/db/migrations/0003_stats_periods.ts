import { type Kysely, sql } from 'kysely';
import type { MigrationDialect } from '../migration-helpers.js';

/**
 * What the statistics group and filter on, stored so that no date function and no join runs in a
 * GROUP BY (STACK.md, pitfall 2):
 *
 * - the month (`2020-04`) and the quarter (`2020-Q2`) an incident began in, null when its date is
 *   known only to the year (written by incidentDateColumns, filled here for older rows);
 * - `stats_acts`: one row per act with its incident's columns beside it, the join of `incidents`
 *   and `acts` that every statistic counts over. On SQLite it is a table: a table for a year then
 *   reads one covering index instead of looking up tens of thousands of acts one incident at a
 *   time (SQLite joins only by nested loops), and triggers keep it in step with every write to
 *   either table (imports, edits, status transitions, merges of people), so no writer needs to know
 *   it exists. On PostgreSQL, whose planner joins large sets well, it is a view of the same
 *   columns over covering indexes: nothing to keep in step, and a dump restores it as it is.
 */
export async function up(db: Kysely<unknown>, dialect: MigrationDialect): Promise<void> {
  const s = db.schema;
  await s.alterTable('incidents').addColumn('month', 'text').execute();
  await s.alterTable('incidents').addColumn('quarter', 'text').execute();
  await backfillPeriods(db);

  if (dialect === 'sqlite') await storedJoinForSqlite(db);
  else await storedJoinForPostgres(db);

  // The legal-case joins of the charges table and the article dimension.
  await s.createIndex('case_charges_by_case').on('case_charges').columns(['case_id', 'person_id', 'article']).execute();
  await s.createIndex('case_incidents_stats').on('case_incidents').columns(['incident_id', 'case_id']).execute();
}

async function storedJoinForSqlite(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('stats_acts')
    .addColumn('act_id', 'text', (c) => c.primaryKey())
    // The incident's columns under the incidents table's own names: the incident filters apply as they are.
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('confidential', 'integer', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('created_by', 'text')
    .addColumn('date_from', 'text')
    .addColumn('date_to', 'text')
    .addColumn('year', 'integer')
    .addColumn('month', 'text')
    .addColumn('quarter', 'text')
    .addColumn('act_type', 'text', (c) => c.notNull())
    .addColumn('act_victim_group', 'text', (c) => c.notNull())
    .addColumn('act_person_id', 'text')
    .addColumn('act_organisation_id', 'text')
    .addColumn('act_confidential_fields', 'text', (c) => c.notNull())
    .execute();
  // A year, the visibility columns, then what tables group by most: reads no table row.
  await s
    .createIndex('stats_acts_by_year')
    .on('stats_acts')
    .columns(['year', 'status', 'confidential', 'region', 'act_victim_group', 'act_type', 'month', 'act_person_id', 'id'])
    .execute();
  await s.createIndex('stats_acts_by_date').on('stats_acts').columns(['date_from', 'act_type', 'status']).execute();
  await s.createIndex('stats_acts_by_incident').on('stats_acts').columns(['id']).execute();
  await sql`insert into stats_acts (${COLUMNS}) ${sql.raw(JOINED)}`.execute(db);
  for (const statement of SQLITE_TRIGGERS) await sql.raw(statement).execute(db);
}

async function storedJoinForPostgres(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await sql`create view stats_acts (${COLUMNS}) as ${sql.raw(JOINED)}`.execute(db);
  // The same reads through the view: a year's incidents from one index, their acts from another.
  await s.createIndex('incidents_stats').on('incidents').columns(['year', 'status', 'confidential', 'region', 'month', 'quarter', 'id']).execute();
  await s.createIndex('acts_stats').on('acts').columns(['incident_id', 'victim_group', 'type', 'person_id', 'id']).execute();
}

const JOINED = `select a.id, i.id, i.status, i.confidential, i.region, i.created_by, i.date_from, i.date_to, i.year, i.month, i.quarter,
  a.type, a.victim_group, a.person_id, a.organisation_id, a.confidential_fields from acts a join incidents i on i.id = a.incident_id`;

const COLUMN_LIST =
  'act_id, id, status, confidential, region, created_by, date_from, date_to, year, month, quarter, act_type, act_victim_group, act_person_id, act_organisation_id, act_confidential_fields';
const COLUMNS = sql.raw(COLUMN_LIST);
const FROM_NEW_ACT = `select new.id, i.id, i.status, i.confidential, i.region, i.created_by, i.date_from, i.date_to, i.year, i.month, i.quarter,
  new.type, new.victim_group, new.person_id, new.organisation_id, new.confidential_fields from incidents i where i.id = new.incident_id`;
const SET_FROM_NEW_INCIDENT = `status = new.status, confidential = new.confidential, region = new.region, created_by = new.created_by,
  date_from = new.date_from, date_to = new.date_to, year = new.year, month = new.month, quarter = new.quarter`;

const SQLITE_TRIGGERS = [
  `create trigger stats_acts_act_inserted after insert on acts begin insert into stats_acts (${COLUMN_LIST}) ${FROM_NEW_ACT}; end`,
  `create trigger stats_acts_act_updated after update on acts begin
     delete from stats_acts where act_id = old.id;
     insert into stats_acts (${COLUMN_LIST}) ${FROM_NEW_ACT};
   end`,
  'create trigger stats_acts_act_deleted after delete on acts begin delete from stats_acts where act_id = old.id; end',
  `create trigger stats_acts_incident_updated after update on incidents begin update stats_acts set ${SET_FROM_NEW_INCIDENT} where id = new.id; end`,
  'create trigger stats_acts_incident_deleted after delete on incidents begin delete from stats_acts where id = old.id; end',
];

/** The same rule as incidentDateColumns (src/incidents/dates.ts), in SQL both databases speak. */
export async function backfillPeriods(db: Kysely<any>): Promise<void> {
  await sql`
    update incidents set
      month = case when length(date) >= 7 then substr(date, 1, 7) end,
      quarter = case
        when length(date) < 7 then null
        when substr(date, 6, 2) <= '03' then substr(date, 1, 4) || '-Q1'
        when substr(date, 6, 2) <= '06' then substr(date, 1, 4) || '-Q2'
        when substr(date, 6, 2) <= '09' then substr(date, 1, 4) || '-Q3'
        else substr(date, 1, 4) || '-Q4'
      end
    where date is not null
  `.execute(db);
}
