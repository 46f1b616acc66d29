import { sql } from 'kysely';
import { appendAudit } from '../audit/audit.js';
import type { AppContext } from '../platform/context.js';
import { errors } from '../platform/errors.js';
import type { Reader } from '../platform/reader.js';
import { applyIncidentFilter } from './incident.filters.js';
import { incidentUrl } from './incident.service.js';
import { type IncidentSummary, readSummaries } from './incident.summary.js';
import { decodeCursor, encodeCursor } from '../platform/util/cursor.js';

/** The statuses of reports that wait for someone on the desk: checked, verified, published. */
export const WAITING = ['received', 'under_verification', 'verified'] as const;
export type WaitingStatus = (typeof WAITING)[number];

export interface Holder {
  readonly id: string;
  readonly name: string;
  readonly email: string;
}

export interface QueueItem extends IncidentSummary {
  readonly url: string;
  readonly created_at: string;
  readonly assigned_to: Holder | null;
  /** The last status change: who made it and when (the import or creation counts as one). */
  readonly last_move: { readonly actor: string; readonly at: string; readonly to: string } | null;
}


/**
 * The review queue: reports in the waiting statuses, the longest-waiting (first recorded) first,
 * paged by a keyset over (created_at, id) that the index of migration 0005 serves, with the
 * number waiting in each status.
 */
export async function reviewQueue(
  ctx: AppContext,
  statuses: readonly WaitingStatus[],
  page: { limit: number; cursor?: string },
  reader: Reader,
): Promise<{ items: QueueItem[]; next_cursor: string | null; counts: Record<WaitingStatus, number> }> {
  const { db, dialect } = ctx.database;
  const after = page.cursor ? decodeCursor(page.cursor) : undefined;
  // One ordered index range per status, merged by the database: reading the waiting statuses
  // together in one range would sort every waiting report to serve the first page.
  const part = (status: WaitingStatus) => {
    let q = applyIncidentFilter(db.selectFrom('incidents').select(['incidents.id', 'incidents.created_at', 'incidents.assigned_to']), { status: [status] }, reader, dialect);
    if (after) q = q.where((eb) => eb(eb.refTuple('incidents.created_at', 'incidents.id'), '>', eb.tuple(after[0], after[1])));
    return db.selectFrom(q.orderBy('incidents.created_at').orderBy('incidents.id').limit(page.limit + 1).as('part')).selectAll();
  };
  const [first, ...others] = statuses.map(part);
  const merged = others.reduce((union, q) => union.unionAll(q), first!);
  const [rows, countRows] = await Promise.all([
    db.selectFrom(merged.as('waiting')).selectAll().orderBy('created_at').orderBy('id').limit(page.limit + 1).execute(),
    applyIncidentFilter(
      db.selectFrom('incidents').select(['incidents.status', sql<number>`cast(count(*) as integer)`.as('n')]),
      { status: [...WAITING] },
      reader,
      dialect,
    )
      .groupBy('incidents.status')
      .execute(),
  ]);
  const pageRows = rows.slice(0, page.limit);
  const last = pageRows.at(-1);
  const ids = pageRows.map((r) => r.id);
  const holderIds = [...new Set(pageRows.flatMap((r) => (r.assigned_to ? [r.assigned_to] : [])))];
  const [summaries, holders, moves] = await Promise.all([
    readSummaries(db, ids, reader),
    holderIds.length ? db.selectFrom('users').select(['id', 'name', 'email']).where('id', 'in', holderIds).execute() : [],
    ids.length
      ? db.selectFrom('status_transitions').select(['incident_id', 'to_status', 'actor', 'at']).where('incident_id', 'in', ids).orderBy('id', 'desc').execute()
      : [],
  ]);
  const items = pageRows.flatMap((r): QueueItem[] => {
    const summary = summaries.get(r.id);
    if (!summary) return [];
    const move = moves.find((m) => m.incident_id === r.id);
    return [
      {
        ...summary,
        url: incidentUrl(ctx, r.id),
        created_at: r.created_at,
        assigned_to: holders.find((h) => h.id === r.assigned_to) ?? null,
        last_move: move ? { actor: move.actor, at: move.at, to: move.to_status } : null,
      },
    ];
  });
  const counts = Object.fromEntries(WAITING.map((s) => [s, Number(countRows.find((c) => c.status === s)?.n ?? 0)])) as Record<WaitingStatus, number>;
  return { items, next_cursor: rows.length > page.limit && last ? encodeCursor(last.created_at, last.id) : null, counts };
}

/**
 * Takes a report: the reader becomes the one who has it, in place of whoever had it before. Not a
 * change of content (the version stays, so nobody's open edit conflicts), but a change all the
 * same: it goes into the incident's history with who had it before and after.
 */
export async function claimIncident(ctx: AppContext, id: string, reader: Reader): Promise<{ assigned_to: Holder }> {
  if (!reader.userId) throw errors.forbiddenBecause('a report is taken by a signed-in user');
  const userId = reader.userId;
  return ctx.database.db.transaction().execute(async (trx) => {
    const visible = await applyIncidentFilter(trx.selectFrom('incidents').select(['incidents.id', 'incidents.assigned_to']), {}, reader, ctx.database.dialect)
      .where('incidents.id', '=', id)
      .executeTakeFirst();
    if (!visible) throw errors.notFound('incident', id);
    const people = await trx
      .selectFrom('users')
      .select(['id', 'name', 'email'])
      .where('id', 'in', [userId, ...(visible.assigned_to ? [visible.assigned_to] : [])])
      .execute();
    const me = people.find((p) => p.id === userId)!;
    if (visible.assigned_to === userId) return { assigned_to: me };
    const previous = people.find((p) => p.id === visible.assigned_to);
    await trx.updateTable('incidents').set({ assigned_to: userId }).where('id', '=', id).execute();
    await appendAudit(trx, [
      {
        record_kind: 'incident',
        record_id: id,
        action: 'claim',
        actor: reader.actor,
        at: new Date().toISOString(),
        before: JSON.stringify({ assigned_to: previous ? previous.email : null }),
        after: JSON.stringify({ assigned_to: me.email }),
      },
    ]);
    return { assigned_to: me };
  });
}
