import { open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { z } from 'zod';
import { authenticateBackup, MAGIC, readHeader } from '../backup/crypto.js';
import type { Database } from '../platform/db/connection.js';
import { errors } from '../platform/errors.js';
import { type AuditHead, auditHead, auditHeadSchema, verifyAudit } from './audit.js';

/**
 * An anchor: the audit log's head written down outside the database. Whoever can write the
 * database can rewrite the chain after its newest anchor, but not the anchored part without the
 * anchor showing it, as long as the anchor is kept where the database's writers cannot change it.
 * Every backup's header holds one as well.
 */
export const ANCHOR_FORMAT = 'jsi-audit-anchor';

const anchorSchema = z.intersection(
  z.object({
    format: z.literal(ANCHOR_FORMAT),
    version: z.literal(1),
    at: z.iso.datetime(),
    database: z.string(),
  }),
  auditHeadSchema,
);

export type AuditAnchor = z.infer<typeof anchorSchema>;

/** An anchor as read from a file: the head, when it was taken, and where it came from. */
export interface AnchorSource {
  readonly head: AuditHead;
  readonly at: string;
  readonly origin: string;
}

/** Which database this is, for a person reading the anchor (a PostgreSQL URL without its password). */
export async function describeDatabase(database: Database, url: string): Promise<string> {
  if (database.dialect === 'sqlite') return `SQLite ${resolve(database.sqlite?.name ?? url)}`;
  const where = new URL(url);
  where.password = '';
  const schema = database.schema ?? (await sql<{ s: string }>`select current_schema() as s`.execute(database.db)).rows[0]?.s;
  return `PostgreSQL ${where.toString()} schema ${schema}`;
}

/**
 * The anchor of the log as it is now. A broken chain is refused: an anchor would vouch for it.
 */
export async function takeAnchor(database: Database, url: string): Promise<AuditAnchor> {
  const head = await auditHead(database.db);
  const check = await verifyAudit(database.db);
  if (check.broken) {
    throw errors.conflict(`the audit log is broken${check.broken.id ? ` at entry ${check.broken.id}` : ''} (${check.broken.reason}); an anchor would vouch for it`);
  }
  return { format: ANCHOR_FORMAT, version: 1, ...head, at: new Date().toISOString(), database: await describeDatabase(database, url) };
}

/** Writes the anchor whole or not at all: a cut-off anchor would fail a later verify for no reason. */
export async function writeAnchor(path: string, anchor: AuditAnchor): Promise<void> {
  const partial = `${path}.partial`;
  try {
    await writeFile(partial, `${JSON.stringify(anchor, null, 2)}\n`);
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/**
 * Reads an anchor file or a backup's header. The header is readable without the passphrase; given
 * it, the backup's tag is checked first, so a header changed outside `jsi backup` is refused.
 */
export async function readAnchor(path: string, options: { passphrase?: string } = {}): Promise<AnchorSource> {
  if (await startsWithMagic(path)) {
    const { header } = options.passphrase ? { header: await authenticateBackup(path, options.passphrase) } : await readHeader(path);
    if (!header.audit) {
      throw errors.validation([{ path, message: `this backup (${header.createdAt}) was made before backups recorded the audit log's head; use a newer backup or an anchor file` }]);
    }
    const checked = options.passphrase ? 'authenticated with the passphrase' : 'its header not authenticated: no passphrase';
    return { head: header.audit, at: header.createdAt, origin: `the backup of ${header.createdAt}, ${checked}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    throw errors.validation([{ path, message: 'is neither an audit anchor (JSON, from "jsi audit anchor") nor a backup (from "jsi backup")' }]);
  }
  const parsed = anchorSchema.safeParse(json);
  if (!parsed.success) {
    throw errors.validation(parsed.error.issues.map((i) => ({ path: `${path}: ${i.path.join('.') || '(anchor)'}`, message: i.message })));
  }
  const { format: _format, version: _version, at, database, ...head } = parsed.data;
  return { head, at, origin: `the anchor file of ${at} (${database})` };
}

async function startsWithMagic(path: string): Promise<boolean> {
  const file = await open(path, 'r').catch(() => {
    throw errors.validation([{ path, message: 'cannot be read' }]);
  });
  try {
    const start = Buffer.alloc(MAGIC.length);
    const { bytesRead } = await file.read(start, 0, start.length, 0);
    return bytesRead === MAGIC.length && start.equals(MAGIC);
  } finally {
    await file.close();
  }
}
