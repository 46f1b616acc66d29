import type { ExpressionBuilder } from 'kysely';
import { type LegalCaseDoc, legalCaseSchema } from '../exchange/interchange.schema.js';
import type { DB } from '../platform/db/schema.js';
import { appendAudit } from '../audit/audit.js';
import { presentCase } from '../incidents/incident.presenter.js';
import { seesConfidentialOf, visibleIncidentIds } from '../incidents/incident.policy.js';
import { readCases } from '../incidents/incident.reader.js';
import type { AppContext } from '../platform/context.js';
import { errors } from '../platform/errors.js';
import { isStaff, type Reader } from '../platform/reader.js';
import { upsertCases } from './case.writer.js';

const now = () => new Date().toISOString();

/** The links of the current case to incidents the reader may see. */
function linkedVisible(eb: ExpressionBuilder<DB, 'legal_cases'>, reader: Reader) {
  return eb
    .selectFrom('case_incidents')
    .select('case_incidents.incident_id')
    .whereRef('case_incidents.case_id', '=', 'legal_cases.id')
    .where((c) => c('case_incidents.incident_id', 'in', visibleIncidentIds(c, reader)));
}

/** A case's confidential fields reach staff and the lawyers it is assigned to. */
function presentFor(reader: Reader, c: LegalCaseDoc): LegalCaseDoc {
  return seesConfidentialOf(reader, { created_by: null, case_ids: [c.id] }) ? c : presentCase(c);
}

export async function listCases(ctx: AppContext, filter: { kind?: string; article?: string; incident?: string; limit: number }, reader: Reader) {
  const db = ctx.database.db;
  let q = db.selectFrom('legal_cases').select('legal_cases.id').orderBy('legal_cases.id').limit(filter.limit);
  if (!isStaff(reader)) q = q.where((eb) => eb.exists(linkedVisible(eb, reader)));
  if (filter.kind) q = q.where('legal_cases.kind', '=', filter.kind);
  if (filter.incident) {
    const incident = filter.incident;
    q = q.where((eb) => eb.exists(eb.selectFrom('case_incidents').select('case_id').whereRef('case_incidents.case_id', '=', 'legal_cases.id').where('case_incidents.incident_id', '=', incident)));
  }
  if (filter.article) {
    const article = filter.article;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('case_charges')
          .select('case_id')
          .whereRef('case_charges.case_id', '=', 'legal_cases.id')
          .where((c) => c.or([c('case_charges.article', '=', article), c('case_charges.article', 'like', `${article}.%`)])),
      ),
    );
  }
  const ids = (await q.execute()).map((r) => r.id);
  const docs = await readCases(db, ids);
  return ids.flatMap((id) => {
    const c = docs.get(id);
    return c ? [presentFor(reader, c)] : [];
  });
}

export async function getCase(ctx: AppContext, id: string, reader: Reader) {
  const db = ctx.database.db;
  const row = await db.selectFrom('legal_cases').select(['version', 'created_at', 'updated_at']).where('id', '=', id).executeTakeFirst();
  if (!row) throw errors.notFound('legal case', id);
  const incidents = await db
    .selectFrom('case_incidents')
    .select('incident_id')
    .where('case_id', '=', id)
    .where((eb) => eb('incident_id', 'in', visibleIncidentIds(eb, reader)))
    .orderBy('incident_id')
    .execute();
  // A case is known to a reader through the incidents it concerns; staff know every case.
  if (!isStaff(reader) && incidents.length === 0) throw errors.notFound('legal case', id);
  const assignees = await db.selectFrom('case_assignments').select('user_id').where('case_id', '=', id).execute();
  return { record: presentFor(reader, (await readCases(db, [id])).get(id)!), incidents: incidents.map((i) => i.incident_id), assignees: assignees.map((a) => a.user_id), ...row };
}

/** Creates or replaces a legal case and the incidents it is linked to. */
export async function saveCase(
  ctx: AppContext,
  input: { case: unknown; incidents: string[] },
  reader: Reader,
  expected?: { id: string; version: number },
) {
  const parsed = legalCaseSchema.safeParse({ ...(input.case as object), ...(expected ? { id: expected.id } : {}) });
  if (!parsed.success) throw errors.fromZod(parsed.error.issues, 'case');
  const doc: LegalCaseDoc = parsed.data;
  const unknown = doc.charges.filter((c) => !ctx.profile.codes.articles.has(c.article));
  if (unknown.length) throw errors.validation(unknown.map((c) => ({ path: 'case.charges', message: `unknown legal article "${c.article}"` })));
  if (input.incidents.length === 0) throw errors.validation([{ path: 'incidents', message: 'a legal case is linked to at least one incident' }]);
  await ctx.database.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('legal_cases').select('version').where('id', '=', doc.id).executeTakeFirst();
    if (!expected && current) throw errors.conflict(`legal case "${doc.id}" already exists`);
    if (expected && !current) throw errors.notFound('legal case', doc.id);
    if (expected && !isStaff(reader) && !reader.assignedCases.has(doc.id)) throw errors.forbiddenBecause('you may change only the legal cases assigned to you');
    if (expected && current && current.version !== expected.version) {
      throw errors.conflict(`legal case "${doc.id}" was changed by someone else (version ${current.version}, yours ${expected.version}); reload it`);
    }
    const found = await trx.selectFrom('incidents').select('id').where('id', 'in', input.incidents).execute();
    const missing = input.incidents.filter((i) => !found.some((f) => f.id === i));
    if (missing.length) throw errors.validation(missing.map((m) => ({ path: 'incidents', message: `incident "${m}" does not exist` })));
    await upsertCases(trx, [doc], { actor: reader.actor, now: now() });
    await trx.deleteFrom('case_incidents').where('case_id', '=', doc.id).execute();
    await trx.insertInto('case_incidents').values(input.incidents.map((incident_id) => ({ case_id: doc.id, incident_id }))).execute();
    // A lawyer who opens a case follows it.
    if (!expected && reader.userId && reader.roles.includes('lawyer')) {
      await trx.insertInto('case_assignments').values({ case_id: doc.id, user_id: reader.userId }).execute();
    }
  });
  return getCase(ctx, doc.id, reader);
}

/** Assigns a legal case to a lawyer, who then sees its confidential parts and may change it. */
export async function assignCase(ctx: AppContext, id: string, userId: string, reader: Reader) {
  const db = ctx.database.db;
  if (!(await db.selectFrom('legal_cases').select('id').where('id', '=', id).executeTakeFirst())) throw errors.notFound('legal case', id);
  const user = await db.selectFrom('users').select(['id', 'roles']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw errors.notFound('user', userId);
  if (!(JSON.parse(user.roles) as string[]).includes('lawyer')) throw errors.validation([{ path: 'user', message: 'cases are assigned to lawyers' }]);
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('case_assignments').values({ case_id: id, user_id: userId }).onConflict((oc) => oc.doNothing()).execute();
    await appendAudit(trx, [{ record_kind: 'legal_case', record_id: id, action: 'assign', actor: reader.actor, at: now(), before: null, after: JSON.stringify({ user: userId }) }]);
  });
  return getCase(ctx, id, reader);
}
