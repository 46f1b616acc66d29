import { createHash } from 'node:crypto';
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { insertMany } from '../platform/db/bulk.js';
import type { DB } from '../platform/db/schema.js';

/**
 * The audit log: every change to a record (who, when, which record, before and after) and every
 * security event (failed logins, refused permissions), append-only and hash-chained. Each entry's
 * hash covers its content and the previous entry's hash, so changing or deleting any entry breaks
 * the chain from there on, and `jsi audit verify` finds the first broken link.
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

const GENESIS = '0'.repeat(64);

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

export interface AuditVerification {
  readonly entries: number;
  /** The first entry whose link does not hold, and why; absent when the chain is whole. */
  readonly broken?: { readonly id: number; readonly reason: string };
}

/** Walks the whole chain in order, a page at a time. */
export async function verifyAudit(db: Kysely<DB>): Promise<AuditVerification> {
  let prev = GENESIS;
  let after = 0;
  let entries = 0;
  for (;;) {
    const page = await db.selectFrom('history').selectAll().where('id', '>', after).orderBy('id').limit(5000).execute();
    if (page.length === 0) return { entries };
    for (const row of page) {
      entries++;
      if (row.prev_hash !== prev) return { entries, broken: { id: row.id, reason: 'it does not follow the entry before it (an entry was removed or inserted)' } };
      const expected = entryHash(prev, row);
      if (row.hash !== expected) return { entries, broken: { id: row.id, reason: 'its content does not match its hash (the entry was changed)' } };
      prev = row.hash;
      after = row.id;
    }
  }
}
