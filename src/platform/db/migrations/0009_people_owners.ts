import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration-helpers.js';

/**
 * People and organisations get an owner: the account that recorded them (null for imports, the
 * command line and records older than this column). Who may see and change a person is decided
 * per record (incidents/incident.policy.ts), no longer through whichever incident names them:
 * the owner sees the person's confidential data and may correct it while only the owner's own
 * drafts name it.
 */
export async function up(db: Kysely<unknown>, _dialect: MigrationDialect): Promise<void> {
  const s = db.schema;
  await s.alterTable('persons').addColumn('created_by', 'text').execute();
  await s.alterTable('organisations').addColumn('created_by', 'text').execute();
  await s.createIndex('persons_created_by').on('persons').column('created_by').where('created_by', 'is not', null).execute();
  await s.createIndex('organisations_created_by').on('organisations').column('created_by').where('created_by', 'is not', null).execute();
  // A monitor's own records are found by author (the confidential parts its author may read).
  await s.createIndex('incidents_created_by').on('incidents').column('created_by').where('created_by', 'is not', null).execute();
}
