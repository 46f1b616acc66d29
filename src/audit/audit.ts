import { createHash } from 'node:crypto';
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { z } from 'zod';
import { insertMany } from '../platform/db/bulk.js';
import type { DB } from '../platform/db/schema.js';

/**
 * The audit log: every change to a record (who, when, which record, before and after) and every
 * security event (failed logins, refused permissions), append-only and hash-chained. Each entry's
 * hash covers its content and the previous entry's hash, so changing or deleting any entry breaks
 * the chain from there on, and `jsi audit verify` finds the first broken link.
 *
 * The chain alone cannot show entries deleted from its end, nor a log rewritten with every hash
 * after the change recomputed: whoever can write the table can do both. An anchor (the head of the
 * chain kept outside the database, see anchor.ts, and in every backup's header) closes that gap
 * for everything up to it.
 */
export interface AuditEntry {
  readonly record_kind: string;
  readonly record_id: string;
  readonly action: string;
  readonly actor: string;
  readonly at: string;
  readonly before: string | null;
  readonly after: string | null;
}

/** The `prev_hash` of the first entry, and the hash of an empty log. */
export const GENESIS = '0'.repeat(64);

export function entryHash(prev: string, e: AuditEntry): string {
  const h = createHash('sha256');
  for (const part of [prev, e.record_kind, e.record_id, e.action, e.actor, e.at, e.before ?? '\u0000', e.after ?? '\u0000']) {
    h.update(part);
    h.update('\u001f');
  }
  return h.digest('hex');
}

/**
 * Appends entries to the chain. Call it inside the transaction that makes the change, so the entry
 * and the change land together; on PostgreSQL an advisory lock keeps concurrent writers in line
 * (SQLite has one writer at a time anyway).
 */
export async function appendAudit(db: Kysely<DB>, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`select pg_advisory_xact_lock(hashtext('jsi_audit_chain'))`.execute(db);
  }
  const last = await db.selectFrom('history').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  let prev = last?.hash ?? GENESIS;
  const rows = entries.map((e) => {
    const hash = entryHash(prev, e);
    const row = { ...e, prev_hash: prev, hash };
    prev = hash;
    return row;
  });
  await insertMany(db, 'history', rows);
}

/** Appends one security event in a transaction of its own (nothing else changes with it). */
export async function auditSecurityEvent(db: Kysely<DB>, event: Omit<AuditEntry, 'record_kind' | 'at' | 'before'>): Promise<void> {
  await db.transaction().execute((trx) =>
    appendAudit(trx, [{ ...event, record_kind: 'security', at: new Date().toISOString(), before: null }]),
  );
}

/** The head of the chain at one moment: how many entries it held, the last one's id and hash. */
export interface AuditHead {
  readonly entries: number;
  /** null when the log was empty (its hash is then GENESIS). */
  readonly lastId: number | null;
  readonly hash: string;
}

export const auditHeadSchema = z
  .object({
    entries: z.number().int().min(0),
    lastId: z.number().int().min(1).nullable(),
    // Not checked for its form: a backup of a log whose newest row was written by hand records
    // whatever that row holds, and must stay restorable; the comparison shows it is no anchor.
    hash: z.string().max(128),
  })
  .refine((h) => (h.entries === 0) === (h.lastId === null), { message: 'lastId is null exactly when there are no entries', path: ['lastId'] })
  .refine((h) => h.entries > 0 || h.hash === GENESIS, { message: 'an empty log has the hash of zeros', path: ['hash'] });

/**
 * The current head. The count is of the entries up to the last one, not a second look at the whole
 * table, so an entry appended between the two queries cannot make them disagree.
 */
export async function auditHead(db: Kysely<DB>): Promise<AuditHead> {
  const last = await db.selectFrom('history').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!last) return { entries: 0, lastId: null, hash: GENESIS };
  const { n } = await db
    .selectFrom('history')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('id', '<=', last.id)
    .executeTakeFirstOrThrow();
  return { entries: Number(n), lastId: last.id, hash: last.hash };
}

export interface AuditVerification {
  readonly entries: number;
  /** With an anchor: how many entries it vouches for (the rest came after it). */
  readonly anchored?: number;
  /** What does not hold, and at which entry when there is one; absent when all is well. */
  readonly broken?: { readonly id?: number; readonly reason: string };
}

/** What a check against an anchor needs; the last entry's id only makes the messages clearer. */
export type AnchoredHead = Pick<AuditHead, 'entries' | 'hash'> & { readonly lastId?: number | null };

/**
 * Walks the whole chain in order, a page at a time. With an anchor it also checks that the log
 * still reaches the anchored position and that the entry there still has the anchored hash; as each
 * hash covers all before it, that one comparison vouches for every entry up to the anchor.
 */
export async function verifyAudit(db: Kysely<DB>, anchor?: AnchoredHead): Promise<AuditVerification> {
  const anchored = anchor ? { anchored: anchor.entries } : {};
  let prev = GENESIS;
  let after = 0;
  let entries = 0;
  for (;;) {
    const page = await db.selectFrom('history').selectAll().where('id', '>', after).orderBy('id').limit(5000).execute();
    if (page.length === 0) break;
    for (const row of page) {
      entries++;
      if (row.prev_hash !== prev) return { entries, ...anchored, broken: { id: row.id, reason: 'it does not follow the entry before it (an entry was removed or inserted)' } };
      const expected = entryHash(prev, row);
      if (row.hash !== expected) return { entries, ...anchored, broken: { id: row.id, reason: 'its content does not match its hash (the entry was changed)' } };
      if (anchor && entries === anchor.entries && row.hash !== anchor.hash) {
        return { entries, ...anchored, broken: { id: row.id, reason: rebuilt(anchor, row.id) } };
      }
      prev = row.hash;
      after = row.id;
    }
  }
  if (anchor && entries < anchor.entries) return { entries, ...anchored, broken: { reason: truncated(anchor, entries) } };
  return { entries, ...anchored };
}

function truncated(anchor: AnchoredHead, entries: number): string {
  const gone = entries === 0 ? 'every entry was deleted' : `the last ${anchor.entries - entries} were deleted`;
  const last = anchor.lastId ? ` (the last of them entry ${anchor.lastId})` : '';
  return `the log holds ${entries} entries but the anchor recorded ${anchor.entries}${last}: ${gone}`;
}

function rebuilt(anchor: AnchoredHead, id: number): string {
  const anchored = `${anchor.lastId ? `entry ${anchor.lastId}, ` : ''}hash ${anchor.hash.slice(0, 12)}…`;
  return (
    `entry ${id}, number ${anchor.entries} in the chain, is not the entry anchored there (${anchored}): ` +
    'entries up to the anchor were changed, removed or inserted and the hashes after them recomputed'
  );
}
