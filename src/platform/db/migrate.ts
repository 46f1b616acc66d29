import { type Migration, type MigrationResultSet, Migrator } from 'kysely';
import type { Database } from './connection.js';
import * as m0001 from './migrations/0001_register.js';
import * as m0002 from './migrations/0002_accounts_audit.js';
import * as m0003 from './migrations/0003_stats_periods.js';

/** Numbered, forward-only. Append new ones; never edit one that has shipped. */
const MIGRATIONS = { '0001_register': m0001, '0002_accounts_audit': m0002, '0003_stats_periods': m0003 } as const;

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
