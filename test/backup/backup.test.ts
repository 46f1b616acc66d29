import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openContext } from '../../src/app.js';
import { readAnchor } from '../../src/audit/anchor.js';
import { auditHead, verifyAudit } from '../../src/audit/audit.js';
import { createBackup, restoreBackup } from '../../src/backup/backup.js';
import { decryptToFile, encryptToFile, readHeader } from '../../src/backup/crypto.js';
import { importFile } from '../../src/exchange/import.js';
import { loadConfig } from '../../src/platform/config.js';
import type { AppContext } from '../../src/platform/context.js';
import type { Database } from '../../src/platform/db/connection.js';
import { onEachDatabase, POSTGRES_URL } from '../support/databases.js';
import { incidentDoc } from '../support/fixtures.js';

const PASS = 'correct horse battery staple';
const dir = mkdtempSync(join(tmpdir(), 'jsi-backup-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every application table (not the migration bookkeeping, not FTS5's shadow tables), in a fixed order. */
async function tables(database: Database): Promise<string[]> {
  if (database.dialect === 'sqlite') {
    const rows = (await sql<{ name: string; sql: string | null }>`select name, sql from sqlite_master where type = 'table'`.execute(database.db)).rows;
    const virtual = rows.filter((r) => /^create virtual table/i.test(r.sql ?? '')).map((r) => r.name);
    const internal = (n: string) => n.startsWith('sqlite_') || n.startsWith('kysely_migration') || virtual.some((v) => n.startsWith(`${v}_`));
    return rows.map((r) => r.name).filter((n) => !internal(n)).sort();
  }
  const rows = await sql<{ n: string }>`select table_name as n from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_migration%'`.execute(database.db);
  return rows.rows.map((r) => r.n).sort();
}

/** The whole content of the database, every row of every table ordered by all its columns, as one string. */
async function snapshot(database: Database): Promise<string> {
  const content: Record<string, unknown[]> = {};
  for (const table of await tables(database)) {
    const columns =
      database.dialect === 'sqlite'
        ? (await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(database.db)).rows
        : (await sql<{ name: string }>`select column_name as name from information_schema.columns
            where table_schema = current_schema() and table_name = ${table}`.execute(database.db)).rows;
    const order = columns.map((_, i) => i + 1).join(', ');
    content[table] = (await sql.raw(`select * from "${table}" order by ${order}`).execute(database.db)).rows;
  }
  return JSON.stringify(content);
}

async function importDocs(ctx: AppContext, docs: object[], name: string): Promise<void> {
  const file = join(dir, `${name}-${randomBytes(4).toString('hex')}.jsonl`);
  writeFileSync(file, docs.map((d) => JSON.stringify(d)).join('\n'));
  const report = await importFile(ctx, file, { actor: 'test:backup' });
  if (!report.written) throw new Error(`import failed: ${JSON.stringify(report.errors.slice(0, 3))}`);
}

/** A database of the same dialect, empty but for one incident that a restore must remove. */
async function freshTarget(source: AppContext): Promise<{ ctx: AppContext; drop: () => Promise<void> }> {
  let ctx: AppContext;
  let cleanup: () => Promise<void>;
  if (source.database.dialect === 'sqlite') {
    const own = mkdtempSync(join(dir, 'target-'));
    ctx = await openContext({ ...source.config, databaseUrl: join(own, 'target.db') });
    cleanup = async () => rmSync(own, { recursive: true, force: true });
  } else {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = async (statement: string) => {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(statement).finally(() => c.end());
    };
    await admin(`create schema ${schema}`);
    ctx = await openContext(source.config, { searchPath: schema });
    cleanup = () => admin(`drop schema ${schema} cascade`);
  }
  await importDocs(ctx, [incidentDoc({ id: 'STRAY-1' })], 'stray');
  return { ctx, drop: async () => (await ctx.database.close(), await cleanup()) };
}

onEachDatabase('encrypted backups', (t) => {
  const filled = Array.from({ length: 150 }, (_, i) => incidentDoc({ id: `F-${i}`, date: `2020-${String((i % 12) + 1).padStart(2, '0')}-10` }));
  beforeAll(() => importDocs(t.ctx(), filled, 'fill'), 120_000);

  for (const writerOn of ['another connection', 'the same connection'] as const) {
    it(`restores exactly the database as it was at one moment during the backup, while ${writerOn} writes`, async () => {
      const ctx = t.ctx();
      const writerCtx = writerOn === 'the same connection' ? ctx : await openContext(ctx.config, { searchPath: ctx.database.schema });
      // Every state the source passes through: the writer is the only one writing, and it records
      // the whole database after each of its transactions, before it starts the next.
      const states = [await snapshot(ctx.database)];
      let stop = false;
      let n = 0;
      const writer = (async () => {
        while (!stop) {
          const update = n % 2 === 1;
          const doc = update ? { ...filled[n]!, texts: { ru: { title: `Правка ${n}`, description: 'Изменено во время копии.' } } } : incidentDoc({ id: `W-${writerOn.length}-${n}` });
          await importDocs(writerCtx, [doc], 'writer');
          n++;
          states.push(await snapshot(ctx.database));
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const out = join(dir, `during-${writerOn.length}-${ctx.database.dialect}.jsibak`);
      const first = states.length - 1;
      const writesBefore = n;
      const { audit } = await createBackup(ctx.database, out, PASS, { url: ctx.config.databaseUrl });
      const last = states.length; // a write in flight as the backup ended may be in it too
      const writesDuring = n - writesBefore;
      stop = true;
      await writer;
      if (writerCtx !== ctx) await writerCtx.database.close();
      expect(writesDuring).toBeGreaterThan(0);
      expect(readFileSync(out).subarray(0, 7).toString()).toBe('JSIBAK1');
      expect(readFileSync(out).includes('Aigerim')).toBe(false);

      const target = await freshTarget(ctx);
      try {
        await restoreBackup(target.ctx.database, out, PASS, { url: ctx.config.databaseUrl });
        const restored = await snapshot(target.ctx.database);
        const at = states.indexOf(restored);
        if (at < 0) expect(JSON.parse(restored)).toEqual(JSON.parse(states[first]!)); // shows the difference
        expect(at).toBeGreaterThanOrEqual(first);
        expect(at).toBeLessThanOrEqual(last);
        // The header's head of the audit log is in the restored log, as the anchor it claims to be.
        expect(audit?.entries).toBeGreaterThan(0);
        expect(await verifyAudit(target.ctx.database.db, audit)).toEqual({ entries: expect.any(Number), anchored: audit!.entries });
        // The search index comes back too: SQLite's own table, PostgreSQL's vector on each incident.
        expect(Object.keys(JSON.parse(restored))).toEqual(expect.arrayContaining(['incidents', 'acts', 'history', ...(ctx.database.dialect === 'sqlite' ? ['incident_search'] : [])]));
        // The restored database takes new writes (PostgreSQL's sequences came back too).
        await importDocs(target.ctx, [incidentDoc({ id: 'AFTER-1' }), { ...filled[0]!, status: 'received' }], 'after');
      } finally {
        await target.drop();
      }
    }, 180_000);
  }

  it('a wrong passphrase or a changed byte changes nothing and says why', async () => {
    const ctx = t.ctx();
    const good = join(dir, `good-${ctx.database.dialect}.jsibak`);
    await createBackup(ctx.database, good, PASS, { url: ctx.config.databaseUrl });
    const source = await snapshot(ctx.database);
    const bytes = readFileSync(good);
    const variant = (name: string, change: (b: Buffer) => Buffer) => {
      const path = join(dir, `${name}-${ctx.database.dialect}.jsibak`);
      writeFileSync(path, change(Buffer.from(bytes)));
      return path;
    };
    const flip = (at: number) => (b: Buffer) => ((b[at] = b[at]! ^ 0x01), b);
    const createdAt = bytes.indexOf('"createdAt":"') + 14;
    const target = await freshTarget(ctx);
    try {
      const before = await snapshot(target.ctx.database);
      const restore = (path: string, pass = PASS) => restoreBackup(target.ctx.database, path, pass, { url: ctx.config.databaseUrl });
      await expect(restore(good, 'not the passphrase at all')).rejects.toThrow('wrong passphrase or damaged backup');
      await expect(restore(variant('body', flip(Math.floor(bytes.length / 2))))).rejects.toThrow('wrong passphrase or damaged backup');
      await expect(restore(variant('header', flip(createdAt)))).rejects.toThrow('wrong passphrase or damaged backup');
      await expect(restore(variant('tag', flip(bytes.length - 1)))).rejects.toThrow('wrong passphrase or damaged backup');
      await expect(restore(variant('short', (b) => b.subarray(0, b.length - 100)))).rejects.toThrow('wrong passphrase or damaged backup');
      await expect(restore(variant('magic', flip(0)))).rejects.toThrow('not a JSI Monitor backup');
      expect(await snapshot(target.ctx.database)).toBe(before);
      await expect(createBackup(ctx.database, join(dir, 'weak.jsibak'), 'too short')).rejects.toThrow('at least 12 characters');
      // Back into the very database (and PostgreSQL schema) it came from.
      await restoreBackup(ctx.database, good, PASS, { url: ctx.config.databaseUrl });
      expect(await snapshot(ctx.database)).toBe(source);
    } finally {
      await target.drop();
    }
  }, 120_000);

  it('restores a backup whose header does not record the audit log (as older backups), which cannot serve as an anchor', async () => {
    const ctx = t.ctx();
    const current = join(dir, `current-${ctx.database.dialect}.jsibak`);
    await createBackup(ctx.database, current, PASS, { url: ctx.config.databaseUrl });
    const source = await snapshot(ctx.database);
    const plain = join(dir, `plain-${ctx.database.dialect}`);
    const header = await decryptToFile(current, plain, PASS);
    const old = join(dir, `old-${ctx.database.dialect}.jsibak`);
    await encryptToFile(createReadStream(plain), old, PASS, { dialect: header.dialect, schema: header.schema });
    expect((await readHeader(current)).header.audit).toEqual(await auditHead(ctx.database.db));
    expect((await readHeader(old)).header).not.toHaveProperty('audit');
    await expect(readAnchor(old)).rejects.toThrow("was made before backups recorded the audit log's head");
    const target = await freshTarget(ctx);
    try {
      await restoreBackup(target.ctx.database, old, PASS, { url: ctx.config.databaseUrl });
      expect(await snapshot(target.ctx.database)).toBe(source);
    } finally {
      await target.drop();
    }
  }, 120_000);

  it("refuses another database's backup", async () => {
    const ctx = t.ctx();
    const other = ctx.database.dialect === 'sqlite' ? 'postgres' : 'sqlite';
    const path = join(dir, `other-${ctx.database.dialect}.jsibak`);
    await encryptToFile(Readable.from([Buffer.from('not a database')]), path, PASS, { dialect: other });
    const [from, into] = other === 'sqlite' ? ['SQLite', 'PostgreSQL'] : ['PostgreSQL', 'SQLite'];
    await expect(restoreBackup(ctx.database, path, PASS, { url: ctx.config.databaseUrl })).rejects.toThrow(
      `this is a ${from} backup; it cannot be restored into ${into}`,
    );
  });
});

describe("a backup's header as an anchor of the audit log", () => {
  it('is readable without the passphrase, and with it a header changed after the backup is refused', async () => {
    const head = { entries: 12, lastId: 40, hash: 'a'.repeat(64) };
    const path = join(dir, 'anchored.jsibak');
    await encryptToFile(Readable.from([Buffer.from('the database')]), path, PASS, { dialect: 'sqlite', audit: head });
    expect((await readAnchor(path)).head).toEqual(head);
    expect(await readAnchor(path, { passphrase: PASS })).toMatchObject({ head, origin: expect.stringContaining('authenticated with the passphrase') });
    const bytes = readFileSync(path);
    bytes[bytes.indexOf('"hash":"') + 8] = 'b'.charCodeAt(0);
    const forged = join(dir, 'forged.jsibak');
    writeFileSync(forged, bytes);
    expect(await readAnchor(forged)).toMatchObject({ head: { hash: `b${'a'.repeat(63)}` }, origin: expect.stringContaining('not authenticated') });
    await expect(readAnchor(forged, { passphrase: PASS })).rejects.toThrow('wrong passphrase or damaged backup');
  });
});

describe('a SQLite copy that another connection keeps restarting', () => {
  it('still finishes, and holds every write made before it ended', async () => {
    const own = mkdtempSync(join(dir, 'restart-'));
    const ctx = await openContext({ ...loadConfig({}), databaseUrl: join(own, 'source.db') });
    const other = new SQLite(join(own, 'source.db')); // as the server would be, in its own process
    try {
      await importDocs(ctx, Array.from({ length: 150 }, () => incidentDoc()), 'restart');
      const insert = other.prepare(`insert into history (record_kind, record_id, action, actor, at) values ('test', ?, 'test', 'test', '2020-01-01')`);
      let writes = 0;
      // A commit by another connection between every step makes SQLite start the copy over each time.
      const out = join(own, 'restarted.jsibak');
      await createBackup(ctx.database, out, PASS, { onProgress: () => void insert.run(String(writes++)) });
      expect(writes).toBeGreaterThanOrEqual(3);
      const final = await snapshot(ctx.database);
      const target = await freshTarget(ctx);
      try {
        await restoreBackup(target.ctx.database, out, PASS);
        expect(await snapshot(target.ctx.database)).toBe(final);
      } finally {
        await target.drop();
      }
    } finally {
      other.close();
      await ctx.database.close();
    }
  }, 60_000);
});

describe('jsi backup and jsi restore', () => {
  const run = (db: string, env: Record<string, string>, ...args: string[]) => {
    const r = spawnSync(process.execPath, ['bin/jsi.js', ...args], {
      env: { ...process.env, JSI_BACKUP_PASSPHRASE: '', ...env, DATABASE_URL: join(dir, db) },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it('backs up a SQLite database and restores it elsewhere, refusing weak passphrases and careless overwrites', () => {
    const docs = join(dir, 'cli.jsonl');
    writeFileSync(docs, [incidentDoc({ id: 'CLI-B1' }), incidentDoc({ id: 'CLI-B2' })].map((d) => JSON.stringify(d)).join('\n'));
    const env = { JSI_BACKUP_PASSPHRASE: PASS };
    expect(run('cli-a.db', {}, 'import', docs).code).toBe(0);
    const file = join(dir, 'cli.jsibak');

    const none = run('cli-a.db', {}, 'backup', '--out', file);
    expect(none.code).toBe(1);
    expect(none.err).toContain('JSI_BACKUP_PASSPHRASE');
    const weak = run('cli-a.db', { JSI_BACKUP_PASSPHRASE: 'short' }, 'backup', '--out', file);
    expect(weak.code).toBe(1);
    expect(weak.err).toContain('at least 12 characters');

    const made = run('cli-a.db', env, 'backup', '--out', file);
    expect(made.err).toBe('');
    expect(made.out).toContain(`backup written to ${file} (sqlite`);

    const wrong = run('cli-b.db', { JSI_BACKUP_PASSPHRASE: 'a different passphrase' }, 'restore', file);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('wrong passphrase or damaged backup');
    const restored = run('cli-b.db', env, 'restore', file);
    expect(restored.err).toBe('');
    expect(restored.out).toContain('2 incident(s)');

    const refused = run('cli-b.db', env, 'restore', file);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('already holds 2 incident(s)');
    expect(refused.err).toContain('--yes');
    const passFile = join(dir, 'passphrase.txt');
    writeFileSync(passFile, `${PASS}\n`);
    expect(run('cli-b.db', {}, 'restore', file, '--yes', '--passphrase-file', passFile).code).toBe(0);

    const out = join(dir, 'cli-b.jsonl');
    expect(run('cli-b.db', {}, 'export', '--out', out).code).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l).id).sort()).toEqual(['CLI-B1', 'CLI-B2']);
  }, 240_000);
});
