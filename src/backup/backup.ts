import { spawn } from 'node:child_process';
import { accessSync, constants, createReadStream } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { type AuditHead, auditHead } from '../audit/audit.js';
import type { Database } from '../platform/db/connection.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import type { DB } from '../platform/db/schema.js';
import { type BackupHeader, BackupError, checkPassphrase, decryptToFile, encryptToFile, readHeader } from './crypto.js';

export { BackupError } from './crypto.js';

export interface BackupOptions {
  /** The PostgreSQL connection URL (the CLI passes DATABASE_URL); unused for SQLite. */
  readonly url?: string;
  /** SQLite: called between the steps of the page copy (for a progress display). */
  readonly onProgress?: (copy: { totalPages: number; remainingPages: number }) => void;
}

const NAMES = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const;

/**
 * Writes an encrypted, consistent backup of the database to `outPath` while others keep writing:
 * SQLite through its online backup API, PostgreSQL through pg_dump (one snapshot transaction).
 * The file appears under its name only once it is complete. Its header records the audit log's
 * head as the backup holds it (SQLite: read from the copy; PostgreSQL: read just before pg_dump
 * starts, so the dump holds that entry and perhaps a few appended while it began), which makes
 * every backup an anchor of the chain.
 */
export async function createBackup(database: Database, outPath: string, passphrase: string, options: BackupOptions = {}): Promise<BackupHeader> {
  checkPassphrase(passphrase);
  const partial = `${outPath}.partial`;
  try {
    const header = await withTempDir(async (dir) => {
      if (database.dialect === 'sqlite') {
        const copy = join(dir, 'snapshot.db');
        await sqliteCopy(sqliteOf(database), copy, 'online', options.onProgress);
        const audit = await sqliteAuditHead(copy);
        return encryptToFile(createReadStream(copy), partial, passphrase, { dialect: 'sqlite', audit });
      }
      const schema = await schemaOf(database);
      const audit = await auditHead(database.db);
      const { url, env } = pgConnection(options.url);
      const dump = tool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', '--strict-names', `--schema="${schema}"`, `--dbname=${url}`], env);
      const encrypted = encryptToFile(dump.stdout, partial, passphrase, { dialect: 'postgres', schema, audit });
      encrypted.catch(() => dump.kill()); // nobody reads its output any more: it would wait forever
      const [header, exit] = await Promise.allSettled([encrypted, dump.done]);
      throwFirstCause([exit, header]); // pg_dump's message explains a short stream
      return (header as PromiseFulfilledResult<BackupHeader>).value;
    });
    await rename(partial, outPath);
    return header;
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/**
 * Replaces the database's content with the backup's. The file is decrypted whole and its tag
 * checked before the database is touched, so a wrong passphrase or a damaged file changes nothing;
 * the replacement itself is one transaction on either database. Older backups are then migrated.
 */
export async function restoreBackup(database: Database, inPath: string, passphrase: string, options: BackupOptions = {}): Promise<BackupHeader> {
  const claimed = (await readHeader(inPath)).header;
  if (claimed.dialect !== database.dialect) {
    throw new BackupError(`this is a ${NAMES[claimed.dialect]} backup; it cannot be restored into ${NAMES[database.dialect]}`);
  }
  const header = await withTempDir(async (dir) => {
    const plain = join(dir, 'restore.bin');
    const header = await decryptToFile(inPath, plain, passphrase);
    if (database.dialect === 'sqlite') {
      const target = sqliteOf(database).name;
      const source = new SQLite(plain, { fileMustExist: true });
      try {
        const found = source.prepare(`select count(*) as n from sqlite_master where name = 'incidents'`).get() as { n: number };
        if (found.n !== 1) throw new BackupError('the backup does not hold a JSI Monitor database');
        await sqliteCopy(source, target, 'whole');
      } finally {
        source.close();
      }
    } else {
      const target = await schemaOf(database);
      const { url, env } = pgConnection(options.url);
      const restore = tool('pg_restore', ['--no-owner', '--no-privileges', '--file=-', plain], env);
      const psql = tool('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--file=-', `--dbname=${url}`], env, true);
      psql.stdout.resume(); // its query output (setval) is of no use, but must not fill the pipe
      const piped = pipeline(restore.stdout, restoreSql(header.schema ?? target, target, restore.done), psql.stdin);
      piped.catch(() => (restore.kill(), psql.kill()));
      // psql's own error says more than the broken pipe it causes, so wait for the tools first.
      throwFirstCause(await Promise.allSettled([psql.done, restore.done, piped]));
    }
    return header;
  });
  await migrateToLatest(database);
  return header;
}

async function sqliteAuditHead(file: string): Promise<AuditHead> {
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: new SQLite(file, { readonly: true, fileMustExist: true }) }) });
  try {
    return await auditHead(db);
  } finally {
    await db.destroy();
  }
}

function sqliteOf(database: Database): SQLite.Database {
  if (!database.sqlite || database.sqlite.memory) throw new BackupError('an in-memory SQLite database cannot be backed up or restored');
  return database.sqlite;
}

/**
 * Copies a SQLite database page by page with the backup API. 'online': small steps, so writers on
 * this connection go on (SQLite updates the copy as they commit); if another connection writes, the
 * copy restarts, so after one restart the rest goes in a single step (in WAL mode a reader does not
 * block writers), which always finishes. 'whole': one step, for the restore's write lock.
 */
async function sqliteCopy(source: SQLite.Database, destination: string, mode: 'online' | 'whole', onProgress?: BackupOptions['onProgress']): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    let last = Infinity;
    let all = mode === 'whole';
    const result = await source.backup(destination, {
      progress: (copy) => {
        if (copy.remainingPages >= last) all = true;
        last = copy.remainingPages;
        onProgress?.(copy);
        return all ? 0x7fffffff : 100;
      },
    });
    // better-sqlite3 reports a first step that met a lock (SQLITE_BUSY) as finished with 0 pages.
    if (result.totalPages > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new BackupError('the SQLite database stayed locked; try again when it is less busy');
}

/**
 * pg_restore's SQL turned into a replacement of schema `to`: first drop every table, view and
 * sequence in it (the schema itself stays, with its owner and grants), then the dump with the
 * dumped schema's name `from` changed to `to` wherever it qualifies a name. COPY data passes
 * untouched, so row values that happen to contain the name are safe. Latin-1 keeps bytes as they are.
 * COMMIT is sent only once pg_restore has succeeded: if it fails, psql's input ends without one and
 * PostgreSQL rolls everything back (psql --single-transaction would commit a truncated script).
 */
function restoreSql(from: string, to: string, restored: Promise<void>) {
  const q = `"${to}"`;
  const qualified = new RegExp(`(?<![\\w$"])(?:"${from}"|${from})(?=\\.)`, 'g');
  const schemaWord = new RegExp(`\\bSCHEMA (?:"${from}"|${from})(?![\\w$])`, 'g');
  const prelude = `BEGIN;
SET client_min_messages = warning;
DO $jsi$ DECLARE r record; BEGIN
  FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = '${to}' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') LOOP
    EXECUTE format('DROP %s IF EXISTS %I.%I CASCADE', CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
      WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, '${to}', r.relname);
  END LOOP;
END $jsi$;
`;
  let inData = false;
  const rewrite = (line: string): string => {
    if (inData) {
      if (line === '\\.') inData = false;
      return line;
    }
    if (/^COPY .* FROM stdin;$/.test(line)) inData = true;
    return line.replace(qualified, q).replace(schemaWord, `SCHEMA ${q}`).replace(/^CREATE SCHEMA /, 'CREATE SCHEMA IF NOT EXISTS ');
  };
  return async function* (dump: AsyncIterable<Buffer>) {
    yield Buffer.from(prelude, 'latin1');
    let rest = '';
    for await (const chunk of dump) {
      const lines = (rest + chunk.toString('latin1')).split('\n');
      rest = lines.pop()!;
      if (lines.length) yield Buffer.from(lines.map(rewrite).join('\n') + '\n', 'latin1');
    }
    if (rest) yield Buffer.from(rewrite(rest), 'latin1');
    await restored;
    yield Buffer.from('\nCOMMIT;\n', 'latin1');
  };
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The schema the application's tables live in: the configured one, or the session's default. */
async function schemaOf(database: Database): Promise<string> {
  const schema = database.schema ?? (await sql<{ s: string }>`select current_schema() as s`.execute(database.db)).rows[0]?.s;
  if (!schema || !SCHEMA_NAME.test(schema)) throw new BackupError(`cannot back up the PostgreSQL schema "${schema}": use a lower-case name`);
  return schema;
}

/** The URL without its password, which goes in PGPASSWORD so that it never shows in `ps`. */
function pgConnection(databaseUrl: string | undefined): { url: string; env: NodeJS.ProcessEnv } {
  if (!databaseUrl) throw new BackupError('a PostgreSQL backup needs the database URL');
  const url = new URL(databaseUrl);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (url.password) {
    env.PGPASSWORD = decodeURIComponent(url.password);
    url.password = '';
  }
  return { url: url.toString(), env };
}

const STOPPED = 'was stopped';

/** Of several failures, the one that caused the others: not a tool we stopped because of it. */
function throwFirstCause(results: PromiseSettledResult<unknown>[]): void {
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  if (failures.length) throw failures.find((e) => !e.message?.includes(STOPPED)) ?? failures[0];
}

interface Tool {
  readonly stdout: Readable;
  readonly stdin: Writable;
  readonly done: Promise<void>;
  kill(): void;
}

/** Runs a PostgreSQL client tool found on PATH; `done` rejects with its stderr if it fails. */
function tool(name: string, args: string[], env: NodeJS.ProcessEnv, stdin = false): Tool {
  const path = (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, name));
  const found = path.find((p) => isExecutable(p));
  if (!found) throw new BackupError(`${name} was not found on PATH; install the PostgreSQL client tools of the server's version (e.g. postgresql-client)`);
  const child = spawn(found, args, { env });
  if (!stdin) child.stdin.end();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text.slice(0, 10_000)));
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) =>
      code === 0 ? resolve() : reject(new BackupError(code === null ? `${name} ${STOPPED} (${signal})` : `${name} failed (exit ${code}): ${stderr.trim()}`)),
    );
  });
  // Node discards a child's unread output when it exits, and pg_dump can finish before the key is
  // derived: attach a reader now (pipe keeps the backpressure, so nothing piles up in memory).
  return { stdout: child.stdout.pipe(new PassThrough()), stdin: child.stdin, done, kill: () => void child.kill() };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function withTempDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  // mkdtemp creates the folder with mode 700: the plaintext copy is readable by us alone.
  const dir = await mkdtemp(join(tmpdir(), 'jsi-backup-'));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
