import { sql } from 'kysely';
import type { Database } from './connection.js';

/**
 * Refreshes the query planner's statistics. After a large import, PostgreSQL's planner otherwise
 * guesses from an empty table (lists measured 10 to 30 times slower); SQLite samples a bounded
 * number of rows per index, so this stays quick on large files.
 */
export async function refreshPlannerStatistics(database: Database): Promise<void> {
  if (database.dialect === 'postgres') {
    await sql`analyze`.execute(database.db);
    return;
  }
  await sql`pragma analysis_limit = 1000`.execute(database.db);
  await sql`analyze`.execute(database.db);
}
