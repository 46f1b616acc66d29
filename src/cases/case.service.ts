import type { ExpressionBuilder, Kysely } from 'kysely';
import { type LegalCaseDoc, legalCaseSchema } from '../exchange/interchange.schema.js';
import type { DB } from '../platform/db/schema.js';
import { appendAudit } from '../audit/audit.js';
import { presentCaseFor } from '../incidents/incident.presenter.js';
import { mayEditCase, visibleIncidentIds, visibleIncidents } from '../incidents/incident.policy.js';
import { visiblePeopleIds } from '../people/people.access.js';
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
    return c ? [presentCaseFor(reader, c)] : [];
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
  return { record: presentCaseFor(reader, (await readCases(db, [id])).get(id)!), incidents: incidents.map((i) => i.incident_id), assignees: assignees.map((a) => a.user_id), ...row };
}

/**
 * Creates or replaces a legal case and the incidents it is linked to. Every incident, person and
 * organisation it names must be one the writer may see (any other is answered as missing); links
 * to incidents the writer cannot see stay as they are. Creating a case gives its writer nothing:
 * a lawyer follows a case once an editor assigns it (`assignCase`).
 */
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
    if (expected) {
      if (!current || !(await caseVisible(trx, doc.id, reader))) throw errors.notFound('legal case', doc.id);
      const refusal = mayEditCase(reader, doc.id);
      if (refusal) throw errors.forbiddenBecause(refusal);
      if (current.version !== expected.version) {
        throw errors.conflict(`legal case "${doc.id}" was changed by someone else (version ${current.version}, yours ${expected.version}); reload it`);
      }
    } else if (current) throw errors.conflict(`legal case "${doc.id}" already exists`);
    const wanted = [...new Set(input.incidents)];
    const seen = new Set((await trx.selectFrom('incidents').select('id').where('id', 'in', wanted).where((eb) => visibleIncidents(eb, reader)).execute()).map((r) => r.id));
    const missing = wanted.filter((i) => !seen.has(i));
    if (missing.length) throw errors.validation(missing.map((m) => ({ path: 'incidents', message: `incident "${m}" does not exist` })));
    await checkCaseParties(trx, doc, reader);
    const kept = await trx
      .selectFrom('case_incidents')
      .select('incident_id')
      .where('case_id', '=', doc.id)
      .where((eb) => eb.not(eb('incident_id', 'in', visibleIncidentIds(eb, reader))))
      .execute();
    await upsertCases(trx, [doc], { actor: reader.actor, now: now() });
    await trx.deleteFrom('case_incidents').where('case_id', '=', doc.id).execute();
    const links = [...new Set([...wanted, ...kept.map((k) => k.incident_id)])];
    await trx.insertInto('case_incidents').values(links.map((incident_id) => ({ case_id: doc.id, incident_id }))).execute();
  });
  return getCase(ctx, doc.id, reader);
}

async function caseVisible(db: Kysely<DB>, id: string, reader: Reader): Promise<boolean> {
  if (isStaff(reader)) return true;
  const link = await db.selectFrom('case_incidents').select('incident_id').where('case_id', '=', id).where((eb) => eb('incident_id', 'in', visibleIncidentIds(eb, reader))).executeTakeFirst();
  return Boolean(link);
}

/** The people a case newly names as parties or charged must be people the writer may see. */
async function checkCaseParties(db: Kysely<DB>, doc: LegalCaseDoc, reader: Reader): Promise<void> {
  const before = (await readCases(db, [doc.id])).get(doc.id);
  const named = (c: LegalCaseDoc | undefined) => ({
    persons: new Set([...(c?.parties ?? []).flatMap((p) => (p.person ? [p.person] : [])), ...(c?.charges ?? []).flatMap((ch) => (ch.person ? [ch.person] : []))]),
    organisations: new Set((c?.parties ?? []).flatMap((p) => (p.organisation ? [p.organisation] : []))),
  });
  const now = named(doc);
  const already = named(before);
  const persons = [...now.persons].filter((p) => !already.persons.has(p));
  const organisations = [...now.organisations].filter((o) => !already.organisations.has(o));
  const shownPersons = await visiblePeopleIds(db, 'person', persons, reader);
  const shownOrganisations = await visiblePeopleIds(db, 'organisation', organisations, reader);
  const issues = [
    ...persons.filter((p) => !shownPersons.has(p)).map((p) => ({ path: 'case.parties', message: `person "${p}" does not exist` })),
    ...organisations.filter((o) => !shownOrganisations.has(o)).map((o) => ({ path: 'case.parties', message: `organisation "${o}" does not exist` })),
  ];
  if (issues.length) throw errors.validation(issues);
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
