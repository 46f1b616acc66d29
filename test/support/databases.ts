import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openContext } from '../../src/app.js';
import { loadConfig } from '../../src/platform/config.js';
import type { AppContext } from '../../src/platform/context.js';

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

// Decided once per test file, before the suites are collected.
const postgresUp = await postgresReachable();
if (!postgresUp && process.env.CI) {
  throw new Error(`PostgreSQL is required in CI and is not reachable at ${POSTGRES_URL}`);
}

export interface TestDatabase {
  readonly ctx: () => AppContext;
}

/**
 * Runs a suite once on SQLite and once on PostgreSQL, each on a database of its own (a fresh file;
 * a fresh schema). Outside CI the PostgreSQL leg is skipped, and says so, when no server answers.
 */
export function onEachDatabase(name: string, suite: (db: TestDatabase) => void): void {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    const skip = dialect === 'postgres' && !postgresUp;
    const title = skip ? `${name} [postgres: SKIPPED, no server at ${POSTGRES_URL}; required in CI]` : `${name} [${dialect}]`;
    (skip ? describe.skip : describe)(title, () => {
      let ctx: AppContext | undefined;
      let cleanup: () => Promise<void> = async () => undefined;
      beforeAll(async () => {
        if (dialect === 'sqlite') {
          const dir = mkdtempSync(join(tmpdir(), 'jsi-test-'));
          ctx = await openContext({ ...loadConfig({}), databaseUrl: join(dir, 'test.db'), publicUrl: 'http://jsi.test' });
          cleanup = async () => rmSync(dir, { recursive: true, force: true });
        } else {
          const schema = `t_${randomBytes(6).toString('hex')}`;
          const admin = new pg.Client({ connectionString: POSTGRES_URL });
          await admin.connect();
          await admin.query(`create schema ${schema}`);
          await admin.end();
          ctx = await openContext({ ...loadConfig({}), databaseUrl: POSTGRES_URL, publicUrl: 'http://jsi.test' }, { searchPath: schema });
          cleanup = async () => {
            const c = new pg.Client({ connectionString: POSTGRES_URL });
            await c.connect();
            await c.query(`drop schema ${schema} cascade`);
            await c.end();
          };
        }
      });
      afterAll(async () => {
        await ctx?.database.close();
        await cleanup();
      });
      suite({
        ctx: () => {
          if (!ctx) throw new Error('the database is not open yet');
          return ctx;
        },
      });
    });
  }
}
