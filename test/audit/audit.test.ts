import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnchorSource, readAnchor, takeAnchor, writeAnchor } from '../../src/audit/anchor.js';
import { type AuditEntry, entryHash, GENESIS, verifyAudit } from '../../src/audit/audit.js';
import { buildApp } from '../../src/app.js';
import { createBackup } from '../../src/backup/backup.js';
import { importFile } from '../../src/exchange/import.js';
import type { AppContext } from '../../src/platform/context.js';
import type { DB } from '../../src/platform/db/schema.js';
import { tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';
import { incidentDoc } from '../support/fixtures.js';

const PASS = 'correct horse battery staple';
const dir = mkdtempSync(join(tmpdir(), 'jsi-audit-'));
let files = 0;

async function importIncidents(ctx: AppContext, ids: string[]): Promise<void> {
  const file = join(dir, `import-${files++}.jsonl`);
  writeFileSync(file, ids.map((id) => JSON.stringify(incidentDoc({ id }))).join('\n'));
  const report = await importFile(ctx, file, { actor: 'test' });
  if (!report.written) throw new Error(`import failed: ${JSON.stringify(report.errors.slice(0, 3))}`);
}

/**
 * What someone with write access to the table can do that the chain alone does not show: change
 * the entry at `position` (0-based) and recompute the hash of every entry from there on.
 */
async function rewriteAndRechain(d: Kysely<DB>, position: number, change: { actor: string }): Promise<void> {
  const rows = await d.selectFrom('history').selectAll().orderBy('id').execute();
  let prev = position === 0 ? GENESIS : rows[position - 1]!.hash;
  for (const [i, row] of rows.entries()) {
    if (i < position) continue;
    const content = i === position ? { ...row, ...change } : row;
    const hash = entryHash(prev, content);
    await d.updateTable('history').set(i === position ? { ...change, prev_hash: prev, hash } : { prev_hash: prev, hash }).where('id', '=', row.id).execute();
    prev = hash;
  }
}

/** Runs an attack, then puts the log back exactly as it was, so the next test starts whole. */
async function underAttack(d: Kysely<DB>, attack: () => Promise<void>, check: () => Promise<void>): Promise<void> {
  const saved = await d.selectFrom('history').selectAll().orderBy('id').execute();
  try {
    await attack();
    await check();
  } finally {
    await d.deleteFrom('history').execute();
    await d.insertInto('history').values(saved).execute();
  }
  expect((await verifyAudit(d)).broken).toBeUndefined();
}

onEachDatabase('the hash-chained audit log', (db) => {
  it('is whole after ordinary work, and names the first entry changed or removed by hand', async () => {
    await importIncidents(db.ctx(), ['AUD-1', 'AUD-2', 'AUD-3', 'AUD-4']);
    const d = db.ctx().database.db;
    const whole = await verifyAudit(d);
    expect(whole.broken).toBeUndefined();
    expect(whole.entries).toBeGreaterThanOrEqual(8);

    const rows = await d.selectFrom('history').select(['id', 'actor']).orderBy('id').execute();
    const victim = rows[3]!;
    await d.updateTable('history').set({ actor: 'someone else' }).where('id', '=', victim.id).execute();
    expect((await verifyAudit(d)).broken).toEqual({ id: victim.id, reason: expect.stringContaining('was changed') });
    await d.updateTable('history').set({ actor: victim.actor }).where('id', '=', victim.id).execute();
    expect((await verifyAudit(d)).broken).toBeUndefined();

    const removed = rows[5]!;
    const saved = await d.selectFrom('history').selectAll().where('id', '=', removed.id).executeTakeFirstOrThrow();
    await d.deleteFrom('history').where('id', '=', removed.id).execute();
    expect((await verifyAudit(d)).broken).toEqual({ id: rows[6]!.id, reason: expect.stringContaining('removed') });
    await d.insertInto('history').values(saved).execute();
  });

  describe('checked against an anchor', () => {
    const anchors: Record<'an anchor file' | "a backup's header", AnchorSource | undefined> = { 'an anchor file': undefined, "a backup's header": undefined };
    let anchoredEntries = 0;
    beforeAll(async () => {
      const ctx = db.ctx();
      await importIncidents(ctx, ['ANC-1', 'ANC-2', 'ANC-3']);
      const file = join(dir, `anchor-${ctx.database.dialect}.json`);
      await writeAnchor(file, await takeAnchor(ctx.database, ctx.config.databaseUrl));
      anchors['an anchor file'] = await readAnchor(file);
      const backup = join(dir, `anchor-${ctx.database.dialect}.jsibak`);
      await createBackup(ctx.database, backup, PASS, { url: ctx.config.databaseUrl });
      anchors["a backup's header"] = await readAnchor(backup);
      anchoredEntries = (await verifyAudit(ctx.database.db)).entries;
      // Work goes on after the anchor was taken.
      await importIncidents(ctx, ['ANC-4', 'ANC-5']);
    }, 120_000);

    it('a backup records the same head as an anchor taken at the same moment', () => {
      expect(anchors["a backup's header"]!.head).toEqual(anchors['an anchor file']!.head);
      expect(anchors['an anchor file']!.head.entries).toBe(anchoredEntries);
    });

    for (const source of ['an anchor file', "a backup's header"] as const) {
      describe(`from ${source}`, () => {
        const head = () => anchors[source]!.head;

        it('passes a healthy log, and counts the entries added after the anchor', async () => {
          const d = db.ctx().database.db;
          const result = await verifyAudit(d, head());
          expect(result.broken).toBeUndefined();
          expect(result.anchored).toBe(anchoredEntries);
          expect(result.entries).toBeGreaterThan(anchoredEntries);
        });

        it('detects the newest entries deleted, which the chain alone does not', async () => {
          const d = db.ctx().database.db;
          const rows = await d.selectFrom('history').select('id').orderBy('id').execute();
          const keep = rows[anchoredEntries - 3]!.id; // two anchored entries go, and all after them
          await underAttack(
            d,
            () => d.deleteFrom('history').where('id', '>', keep).execute().then(() => undefined),
            async () => {
              expect((await verifyAudit(d)).broken).toBeUndefined();
              const result = await verifyAudit(d, head());
              expect(result.broken?.reason).toContain(`the log holds ${anchoredEntries - 2} entries but the anchor recorded ${anchoredEntries}`);
            },
          );
        });

        it('detects every entry deleted, which the chain alone does not', async () => {
          const d = db.ctx().database.db;
          await underAttack(
            d,
            () => d.deleteFrom('history').execute().then(() => undefined),
            async () => {
              expect(await verifyAudit(d)).toEqual({ entries: 0 });
              expect((await verifyAudit(d, head())).broken?.reason).toContain('every entry was deleted');
            },
          );
        });

        it('detects an anchored entry rewritten and the hashes after it recomputed, which the chain alone does not', async () => {
          const d = db.ctx().database.db;
          const rows = await d.selectFrom('history').select('id').orderBy('id').execute();
          await underAttack(
            d,
            () => rewriteAndRechain(d, 2, { actor: 'nobody at all' }),
            async () => {
              expect((await verifyAudit(d)).broken).toBeUndefined();
              const result = await verifyAudit(d, head());
              expect(result.broken).toEqual({ id: rows[anchoredEntries - 1]!.id, reason: expect.stringContaining('hashes after them recomputed') });
            },
          );
        });

        it('still names an entry changed without recomputing the hashes', async () => {
          const d = db.ctx().database.db;
          const rows = await d.selectFrom('history').select('id').orderBy('id').execute();
          const changed = rows[anchoredEntries + 1]!.id; // after the anchor: the chain itself shows it
          await underAttack(
            d,
            () => d.updateTable('history').set({ actor: 'someone else' }).where('id', '=', changed).execute().then(() => undefined),
            async () => expect((await verifyAudit(d, head())).broken).toEqual({ id: changed, reason: expect.stringContaining('was changed') }),
          );
        });
      });
    }

    it('an anchor may be checked over the API, which refuses half of one', async () => {
      const ctx = db.ctx();
      const app: FastifyInstance = await buildApp(ctx);
      try {
        const admin = (await tokenFor(ctx, ['administrator'])).headers;
        const { entries, hash } = anchors['an anchor file']!.head;
        const verify = (query: string) => app.inject({ method: 'GET', url: `/api/v1/audit/verify${query}`, headers: admin });
        const good = await verify(`?entries=${entries}&hash=${hash}`);
        expect(good.statusCode, good.body).toBe(200);
        expect(good.json()).toEqual({ entries: expect.any(Number), anchored: entries });
        const other = await verify(`?entries=${entries}&hash=${'a'.repeat(64)}`);
        expect(other.json().broken.reason).toContain('hashes after them recomputed');
        const tooMany = await verify(`?entries=${entries + 1000}&hash=${hash}`);
        expect(tooMany.json().broken.reason).toContain(`but the anchor recorded ${entries + 1000}`);
        const half = await verify(`?entries=${entries}`);
        expect(half.statusCode).toBe(400);
        expect(half.body).toContain('an anchor needs both entries and hash');
      } finally {
        await app.close();
      }
    });
  });
});

describe('jsi audit', () => {
  const cliDir = mkdtempSync(join(tmpdir(), 'jsi-audit-cli-'));
  const dbFile = join(cliDir, 'a.db');
  const env = { ...process.env, DATABASE_URL: dbFile, JSI_BACKUP_PASSPHRASE: PASS };
  const jsi = (...args: string[]) => spawnSync(process.execPath, ['bin/jsi.js', ...args], { env, encoding: 'utf8', timeout: 60_000 });
  /** Changes the database as another program with write access would. */
  const tamper = (statement: string) => {
    const raw = new SQLite(dbFile);
    try {
      raw.prepare(statement).run();
    } finally {
      raw.close();
    }
  };
  let restore: Buffer;
  beforeAll(() => {
    expect(jsi('seed', 'demo').status).toBe(0);
    restore = readFileSync(dbFile);
  }, 120_000);
  afterAll(() => writeFileSync(dbFile, restore));

  it('verify passes on a fresh database, says what it cannot see, and fails naming the entry after one row is altered', () => {
    const ok = jsi('audit', 'verify');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/audit log intact: \d+ entries/);
    expect(ok.stdout).toContain('without an anchor (--anchor FILE) this cannot detect entries deleted from the end of the log, or a log rewritten with its hashes recomputed');
    tamper(`update history set after = '{}' where id = 10`);
    const broken = jsi('audit', 'verify');
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('audit log BROKEN at entry 10');
    writeFileSync(dbFile, restore);
  }, 180_000);

  it('anchors the chain in a file and in a backup, and exits non-zero when the anchored part is gone', () => {
    const anchor = join(cliDir, 'head.json');
    const made = jsi('audit', 'anchor', '--out', anchor);
    expect(made.stderr).toBe('');
    const written = JSON.parse(readFileSync(anchor, 'utf8'));
    expect(written).toMatchObject({ format: 'jsi-audit-anchor', version: 1, entries: expect.any(Number), lastId: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(written.database).toContain(dbFile);
    expect(made.stdout).toContain(`anchored ${written.entries} entries (the last is entry ${written.lastId}) in ${anchor}`);
    const backup = join(cliDir, 'b.jsibak');
    expect(jsi('backup', '--out', backup).status).toBe(0);

    // Later work: a user added by the command line writes to the log.
    expect(jsi('user', 'add', 'late@example.test', '--name', 'Late Comer', '--roles', 'monitor', '--regions', 'KZ-ALA').status).toBe(0);
    for (const file of [anchor, backup]) {
      const good = jsi('audit', 'verify', '--anchor', file);
      expect(good.stderr).toBe('');
      expect(good.status).toBe(0);
      expect(good.stdout).toMatch(new RegExp(`audit log intact up to the anchor \\(${written.entries} entries\\), and [1-9]\\d* entries after it chain correctly`));
    }

    tamper(`delete from history where id >= ${written.lastId - 1}`);
    const cut = jsi('audit', 'verify', '--anchor', backup);
    expect(cut.status).toBe(1);
    expect(cut.stderr).toContain(`audit log BROKEN: the log holds ${written.entries - 2} entries but the anchor recorded ${written.entries}`);
    // Rewritten, with the hashes after it recomputed: the chain alone still looks whole.
    writeFileSync(dbFile, restore);
    const raw = new SQLite(dbFile);
    try {
      const rows = raw.prepare('select * from history order by id').all() as (AuditEntry & { id: number; hash: string })[];
      let prev = rows[4]!.hash;
      for (const row of rows.slice(5)) {
        const hash = entryHash(prev, row.id === rows[5]!.id ? { ...row, actor: 'nobody at all' } : row);
        raw.prepare(`update history set actor = case when id = ? then 'nobody at all' else actor end, prev_hash = ?, hash = ? where id = ?`).run(rows[5]!.id, prev, hash, row.id);
        prev = hash;
      }
    } finally {
      raw.close();
    }
    const rebuilt = jsi('audit', 'verify', '--anchor', anchor);
    expect(rebuilt.status).toBe(1);
    expect(rebuilt.stderr).toContain(`audit log BROKEN at entry ${written.lastId}: entry ${written.lastId}, number ${written.entries} in the chain, is not the entry anchored there`);

    tamper('delete from history');
    const none = jsi('audit', 'verify', '--anchor', anchor);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('every entry was deleted');
    writeFileSync(dbFile, restore);
  }, 300_000);

  it('refuses a file that is no anchor, naming it', () => {
    const bad = join(cliDir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'jsi-audit-anchor', version: 1, entries: -1 }));
    const refused = jsi('audit', 'verify', '--anchor', bad);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`${bad}: entries:`);
    writeFileSync(bad, 'not json');
    expect(jsi('audit', 'verify', '--anchor', bad).stderr).toContain('is neither an audit anchor');
  }, 180_000);
});
