import type { ColumnDataType } from 'kysely';

export type MigrationDialect = 'sqlite' | 'postgres';

/** An auto-numbered integer key: `integer primary key` is SQLite's rowid alias, `serial` PostgreSQL's. */
export function serialId(dialect: MigrationDialect): ColumnDataType {
  return dialect === 'postgres' ? 'serial' : 'integer';
}
