import type { Transaction } from 'kysely';
import type { z } from 'zod';
import { appendAudit } from '../audit/audit.js';
import { checkAgainstProfile } from '../exchange/check-codes.js';
import { type IncidentDoc, incidentCreateSchema, incidentSchema } from '../exchange/interchange.schema.js';
import type { AppContext } from '../platform/context.js';
import type { DB } from '../platform/db/schema.js';
import { AppError, errors } from '../platform/errors.js';
import { isStaff, type Reader } from '../platform/reader.js';
import type { Status } from '../reference/vocabulary.js';
import { type IncidentFilter, applyIncidentFilter } from './incident.filters.js';
import { presentIncident } from './incident.presenter.js';
import { mayEditIncident, visibleIncidents } from './incident.policy.js';
import { readIncidents, type StoredIncident } from './incident.reader.js';
import { type IncidentSummary, readSummaries } from './incident.summary.js';
import { writeIncidents } from './incident.writer.js';
import { canTransition, TRANSITIONS } from './workflow.js';
import { newId } from '../platform/util/ids.js';
import { contentHash } from '../platform/util/stable-json.js';
import { decodeCursor, encodeCursor } from '../platform/util/cursor.js';
import { sqliteSearchPage } from './search-page.js';

export interface IncidentView extends Omit<StoredIncident, 'person_owners'> {
  readonly url: string;
}

export interface Page<T> {
  readonly items: T[];
  readonly next_cursor: string | null;
}


export function incidentUrl(ctx: AppContext, id: string): string {
  return `${ctx.config.publicUrl}/api/v1/incidents/${encodeURIComponent(id)}`;
}

/**
 * Whole incidents as the reader may see them, in the order of `ids` (those not found are left
 * out). A merged record names the record that absorbed it only to a reader who may see that one:
 * an id is a fact too (that an incident exists).
 */
export async function readViews(ctx: AppContext, ids: readonly string[], reader: Reader): Promise<IncidentView[]> {
  const { db } = ctx.database;
  const stored = await readIncidents(db, ids);
  const targets = [...new Set([...stored.values()].flatMap((s) => (s.doc.merged_into ? [s.doc.merged_into] : [])))];
  const shown = new Set(
    targets.length === 0 || isStaff(reader)
      ? targets
      : (await db.selectFrom('incidents').select('id').where('id', 'in', targets).where((eb) => visibleIncidents(eb, reader)).execute()).map((r) => r.id),
  );
  return ids.flatMap((id) => {
    const s = stored.get(id);
    if (!s) return [];
    const { person_owners, ...rest } = s;
    const scope = { created_by: s.created_by, case_ids: s.doc.legal_cases.map((c) => c.id), person_owners, merged_into_shown: !s.doc.merged_into || shown.has(s.doc.merged_into) };
    return [{ ...rest, doc: presentIncident(s.doc, reader, scope), url: incidentUrl(ctx, id) }];
  });
}

/** Validates a document: its shape, then its codes against the country profile. */
export function validateIncident(ctx: AppContext, input: unknown, schema: z.ZodType<IncidentDoc> = incidentSchema): IncidentDoc {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw errors.fromZod(parsed.error.issues);
  }
  const issues = checkAgainstProfile(parsed.data, ctx.profile);
  if (issues.length) throw errors.validation(issues);
  return parsed.data;
}

export type ListView = 'summary' | 'full';

/**
 * A page of incidents, newest first by default. The summary view is what lists show; the full
 * view carries whole documents, for programs that page through everything.
 */
export async function listIncidents(
  ctx: AppContext,
  filter: IncidentFilter,
  page: { limit: number; cursor?: string; sort: 'date' | '-date'; view: ListView },
  reader: Reader,
): Promise<Page<(IncidentSummary | IncidentView) & { url: string }>> {
  const { db, dialect } = ctx.database;
  const desc = page.sort === '-date';
  const after = page.cursor ? decodeCursor(page.cursor) : undefined;
  const rows = filter.q && dialect === 'sqlite' ? await sqliteSearchPage(db, { ...filter, q: filter.q }, reader, { limit: page.limit, after, desc }) : await listPage(ctx, filter, reader, { limit: page.limit, after, desc });
  const pageRows = rows.slice(0, page.limit);
  const ids = pageRows.map((r) => r.id);
  const last = pageRows.at(-1);
  const next_cursor = rows.length > page.limit && last ? encodeCursor(last.date_from ?? '', last.id) : null;
  if (page.view === 'summary') {
    const summaries = await readSummaries(db, ids, reader);
    return { items: ids.flatMap((id) => { const s = summaries.get(id); return s ? [{ ...s, url: incidentUrl(ctx, id) }] : []; }), next_cursor };
  }
  return { items: await readViews(ctx, ids, reader), next_cursor };
}

async function listPage(ctx: AppContext, filter: IncidentFilter, reader: Reader, page: { limit: number; after?: readonly [string, string]; desc: boolean }) {
  const { db, dialect } = ctx.database;
  const dir = page.desc ? 'desc' : 'asc';
  let query = applyIncidentFilter(db.selectFrom('incidents').select(['incidents.id', 'incidents.date_from']), filter, reader, dialect);
  if (page.after) {
    const [date, id] = page.after;
    query = query.where((eb) => eb(eb.refTuple('incidents.date_from', 'incidents.id'), page.desc ? '<' : '>', eb.tuple(date, id)));
  }
  return query.orderBy('incidents.date_from', dir).orderBy('incidents.id', dir).limit(page.limit + 1).execute();
}

export async function getIncident(ctx: AppContext, id: string, reader: Reader): Promise<IncidentView> {
  const visible = await applyIncidentFilter(ctx.database.db.selectFrom('incidents').select('incidents.id'), {}, reader, ctx.database.dialect)
    .where('incidents.id', '=', id)
    .executeTakeFirst();
  const [found] = visible ? await readViews(ctx, [id], reader) : [];
  if (!found) throw errors.notFound('incident', id);
  return found;
}

const now = () => new Date().toISOString();

/**
 * Records a new incident. `claim` runs first inside the same transaction (the Idempotency-Key of
 * incidents/idempotency.ts): if it throws, nothing is written.
 */
export async function createIncident(
  ctx: AppContext,
  input: unknown,
  reader: Reader,
  options: { claim?: (trx: Transaction<DB>, id: string) => Promise<void> } = {},
): Promise<IncidentView> {
  const doc = validateIncident(ctx, input, incidentCreateSchema as z.ZodType<IncidentDoc>);
  if (doc.status !== 'received') {
    throw errors.validation([{ path: 'status', message: 'a new incident starts as received; move it on with a transition' }]);
  }
  const id = doc.id ?? newId('inc');
  const refusal = mayEditIncident(reader, { region: doc.region, created_by: reader.userId, status: 'received' });
  if (refusal) throw errors.forbiddenBecause(refusal);
  await ctx.database.db.transaction().execute(async (trx) => {
    await options.claim?.(trx, id);
    if (await trx.selectFrom('incidents').select('id').where('id', '=', id).executeTakeFirst()) {
      throw errors.conflict(`incident "${id}" already exists`);
    }
    const result = await writeIncidents(trx, [{ ...doc, id }], { actor: reader.actor, action: 'create', now: now(), fullHistory: true, createdBy: reader.userId, reader });
    const issues = result.issues.get(0);
    if (issues) throw errors.validation(issues);
  });
  return getIncident(ctx, id, reader);
}

/**
 * Replaces an incident's content. The caller sends the version it read; if someone saved in
 * between, nothing is written and the answer is a conflict. Status moves only by transitions.
 */
export async function updateIncident(ctx: AppContext, id: string, input: unknown, version: number, reader: Reader): Promise<IncidentView> {
  const doc = validateIncident(ctx, { ...(input as object), id });
  await ctx.database.db.transaction().execute(async (trx) => {
    const current = (await readIncidents(trx, [id])).get(id);
    if (!current) throw errors.notFound('incident', id);
    const refusal =
      mayEditIncident(reader, { region: current.doc.region, created_by: current.created_by, status: current.doc.status }) ??
      mayEditIncident(reader, { region: doc.region, created_by: current.created_by, status: current.doc.status });
    if (refusal) throw errors.forbiddenBecause(refusal);
    if (current.version !== version) {
      throw errors.conflict(`incident "${id}" was changed by someone else (version ${current.version}, yours ${version}); reload it`);
    }
    if (doc.status !== current.doc.status || (doc.merged_into ?? null) !== (current.doc.merged_into ?? null)) {
      throw errors.validation([{ path: 'status', message: 'the status changes only through a transition or a merge' }]);
    }
    const before = new Map([[id, current.doc]]);
    const result = await writeIncidents(trx, [doc], { actor: reader.actor, action: 'update', now: now(), before, fullHistory: true, reader });
    const issues = result.issues.get(0);
    if (issues) throw errors.validation(issues);
  });
  return getIncident(ctx, id, reader);
}

async function setStatus(
  ctx: AppContext,
  id: string,
  change: { to: Status; reason: string; mergedInto?: string },
  reader: Reader,
  check: (from: Status) => AppError | undefined,
): Promise<void> {
  await ctx.database.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('incidents').select(['status', 'version']).where('id', '=', id).executeTakeFirst();
    if (!current) throw errors.notFound('incident', id);
    const from = current.status as Status;
    const problem = check(from);
    if (problem) throw problem;
    const at = now();
    const doc = (await readIncidents(trx, [id])).get(id)!.doc;
    const after: IncidentDoc = { ...doc, status: change.to, merged_into: change.mergedInto ?? doc.merged_into };
    // The content hash covers the status, so a later import of the old file is seen as a change.
    await trx
      .updateTable('incidents')
      .set({ status: change.to, merged_into: change.mergedInto ?? null, content_hash: contentHash(after), version: current.version + 1, updated_at: at })
      .where('id', '=', id)
      .execute();
    await trx.insertInto('status_transitions').values({ incident_id: id, from_status: from, to_status: change.to, actor: reader.actor, reason: change.reason, at }).execute();
    await appendAudit(trx, [
      { record_kind: 'incident', record_id: id, action: change.mergedInto ? 'merge' : 'transition', actor: reader.actor, at, before: JSON.stringify(doc), after: JSON.stringify(after) },
      ...(change.mergedInto
        ? [{ record_kind: 'incident', record_id: change.mergedInto, action: 'absorb', actor: reader.actor, at, before: null, after: JSON.stringify({ merged_from: id, reason: change.reason }) }]
        : []),
    ]);
    if (change.mergedInto) {
      const links = await trx.selectFrom('case_incidents').select('case_id').where('incident_id', '=', id).execute();
      for (const { case_id } of links) {
        await trx.insertInto('case_incidents').values({ case_id, incident_id: change.mergedInto }).onConflict((oc) => oc.doNothing()).execute();
      }
    }
  });
}

export async function transitionIncident(ctx: AppContext, id: string, to: Status, reason: string, reader: Reader): Promise<IncidentView> {
  await setStatus(ctx, id, { to, reason }, reader, (from) =>
    to === 'merged'
      ? errors.invalidTransition('use the merge operation to merge incidents')
      : canTransition(from, to)
        ? undefined
        : errors.invalidTransition(`an incident that is ${from} cannot become ${to}; allowed: ${TRANSITIONS[from].join(', ') || 'none'}`),
  );
  return getIncident(ctx, id, reader);
}

/**
 * Merges a duplicate into the record that stays. The duplicate keeps its own history and is
 * marked merged; its legal cases are linked to the survivor, so no link is lost.
 */
export async function mergeIncident(ctx: AppContext, id: string, into: string, reason: string, reader: Reader): Promise<IncidentView> {
  if (id === into) throw errors.validation([{ path: 'into', message: 'an incident cannot be merged into itself' }]);
  const target = await ctx.database.db.selectFrom('incidents').select('status').where('id', '=', into).executeTakeFirst();
  if (!target) throw errors.notFound('incident', into);
  if (target.status === 'merged') throw errors.invalidTransition(`incident "${into}" was itself merged; merge into the record that absorbed it`);
  await setStatus(ctx, id, { to: 'merged', reason, mergedInto: into }, reader, (from) =>
    from === 'merged' ? errors.invalidTransition(`incident "${id}" is already merged`) : undefined,
  );
  return getIncident(ctx, into, reader);
}

export interface HistoryEntry {
  readonly id: number;
  readonly action: string;
  readonly actor: string;
  readonly at: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** Every change to a record, oldest first; the same for incidents, people and legal cases. */
export async function recordHistory(ctx: AppContext, kind: string, id: string): Promise<HistoryEntry[]> {
  const rows = await ctx.database.db
    .selectFrom('history')
    .selectAll()
    .where('record_kind', '=', kind)
    .where('record_id', '=', id)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    actor: r.actor,
    at: r.at,
    before: r.before === null ? null : JSON.parse(r.before),
    after: r.after === null ? null : JSON.parse(r.after),
  }));
}

export async function incidentTransitions(ctx: AppContext, id: string) {
  return ctx.database.db
    .selectFrom('status_transitions')
    .select(['from_status', 'to_status', 'actor', 'reason', 'at'])
    .where('incident_id', '=', id)
    .orderBy('id')
    .execute();
}
