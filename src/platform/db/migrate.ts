import { type Migration, type MigrationResultSet, Migrator } from 'kysely';
import type { Database } from './connection.js';
import * as m0001 from './migrations/0001_register.js';
import * as m0002 from './migrations/0002_accounts_audit.js';
import * as m0003 from './migrations/0003_stats_periods.js';
import * as m0004 from './migrations/0004_assessments.js';
import * as m0005 from './migrations/0005_saved_filters.js';
import * as m0006 from './migrations/0006_idempotency_keys.js';
import * as m0007 from './migrations/0007_search_keys_by_date.js';
import * as m0008 from './migrations/0008_dashboard_counts.js';
import * as m0009 from './migrations/0009_people_owners.js';

/** Numbered, forward-only. Append new ones; never edit one that has shipped. */
const MIGRATIONS = { '0001_register': m0001, '0002_accounts_audit': m0002, '0003_stats_periods': m0003, '0004_assessments': m0004, '0005_saved_filters': m0005, '0006_idempotency_keys': m0006, '0007_search_keys_by_date': m0007, '0008_dashboard_counts': m0008, '0009_people_owners': m0009 } as const;

export async function migrateToLatest(database: Database): Promise<MigrationResultSet> {
  const migrations: Record<string, Migration> = {};
  for (const [name, module] of Object.entries(MIGRATIONS)) {
    migrations[name] = { up: (db) => module.up(db, database.dialect) };
  }
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}
