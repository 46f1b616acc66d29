import type { Kysely } from 'kysely';
import type { DB } from './schema.js';

// SQLite allows 32,766 bound values in one statement and PostgreSQL 65,535; stay under both.
const MAX_VALUES = 30_000;

/** Inserts many rows with as few statements as the databases' limits allow. */
export async function insertMany<T extends keyof DB & string>(db: Kysely<DB>, table: T, rows: readonly object[]): Promise<void> {
  if (rows.length === 0) return;
  const perRow = Object.keys(rows[0]!).length;
  const size = Math.max(1, Math.floor(MAX_VALUES / perRow));
  for (let i = 0; i < rows.length; i += size) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size) as never)
      .execute();
  }
}

/** `where column in (…)` for long lists, in slices the databases accept. */
export async function selectIn<R>(ids: readonly string[], query: (slice: string[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < ids.length; i += MAX_VALUES) out.push(...(await query(ids.slice(i, i + MAX_VALUES))));
  return out;
}
