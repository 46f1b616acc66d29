import { sql } from 'kysely';
import { type OrganisationDoc, organisationSchema, type PersonDoc, personSchema } from '../exchange/interchange.schema.js';
import { readOrganisations, readPersons } from '../incidents/incident.reader.js';
import type { AppContext } from '../platform/context.js';
import { errors } from '../platform/errors.js';
import { isStaff, type Reader } from '../platform/reader.js';
import { newId } from '../platform/util/ids.js';
import { upsertPeople } from './people.writer.js';
import { appendAudit } from '../audit/audit.js';
import { presentPerson } from '../incidents/incident.presenter.js';
import { seesConfidentialOf, victimShown, visibleIncidentIds } from '../incidents/incident.policy.js';
import { foldForSearch } from '../incidents/search-text.js';

export type PeopleKind = 'person' | 'organisation';
const TABLE = { person: 'persons', organisation: 'organisations' } as const;

const now = () => new Date().toISOString();

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw errors.fromZod(parsed.error.issues);
  return parsed.data;
}

/** People's contacts and confidential fields reach only readers allowed to see them. */
function presentFor(reader: Reader, doc: PersonDoc | OrganisationDoc | undefined, kind: PeopleKind) {
  if (!doc || kind === 'organisation' || seesConfidentialOf(reader, { created_by: null, case_ids: [] })) return doc;
  return presentPerson(doc as PersonDoc);
}

/**
 * The acts that name a person or an organisation (as the victim, or as the victim's outlet) and
 * that the reader may know of: in an incident the reader sees, with the victim not hidden.
 */
function actsAbout(db: AppContext['database']['db'], kind: PeopleKind, id: string | undefined, reader: Reader) {
  return db
    .selectFrom('acts')
    .leftJoin('persons as victim', 'victim.id', 'acts.person_id')
    .select('acts.incident_id')
    .where((eb) => {
      const about = (ref: string) =>
        kind === 'person' ? eb('acts.person_id', '=', ref as never) : eb.or([eb('acts.organisation_id', '=', ref as never), eb('victim.outlet_id', '=', ref as never)]);
      return eb.and([about(id ?? (kind === 'person' ? sql.ref('persons.id') : sql.ref('organisations.id')) as never), victimShown(eb as never, reader), eb('acts.incident_id', 'in', visibleIncidentIds(eb, reader))]);
    });
}

/**
 * People and organisations whose name contains the text, for pickers and duplicate checks. Staff
 * see everyone; other readers only those named in incidents they may see, and never by a name
 * that is itself confidential.
 */
export async function searchPeople(ctx: AppContext, kind: PeopleKind, q: string | undefined, limit: number, reader: Reader) {
  const db = ctx.database.db;
  let query = db.selectFrom(TABLE[kind]).select('id').where('merged_into', 'is', null).orderBy('name').limit(limit);
  if (q) query = query.where('name_folded', 'like', `%${foldForSearch(q).replace(/[%_\\]/g, '')}%`);
  if (!isStaff(reader)) {
    query = query.where((eb) => eb.exists(actsAbout(db, kind, undefined, reader)));
    if (kind === 'person' && q) query = query.where(sql<boolean>`${sql.ref('confidential_fields')} not like ${'%"name"%'}`);
  }
  const ids = (await query.execute()).map((r) => r.id);
  const docs = kind === 'person' ? await readPersons(db, ids) : await readOrganisations(db, ids);
  return ids.flatMap((id) => presentFor(reader, docs.get(id), kind) ?? []);
}

/** A person or organisation with every incident about them that the reader may see: repeat victims show. */
export async function getPerson(ctx: AppContext, kind: PeopleKind, id: string, reader: Reader) {
  const db = ctx.database.db;
  const row = await db.selectFrom(TABLE[kind]).select(['id', 'version', 'merged_into', 'created_at', 'updated_at']).where('id', '=', id).executeTakeFirst();
  if (!row) throw errors.notFound(kind, id);
  const incidents = (await actsAbout(db, kind, id, reader).distinct().orderBy('acts.incident_id').execute()).map((i) => i.incident_id);
  if (!isStaff(reader) && incidents.length === 0) throw errors.notFound(kind, id);
  const doc = kind === 'person' ? (await readPersons(db, [id])).get(id) : (await readOrganisations(db, [id])).get(id);
  return { record: presentFor(reader, doc, kind), version: row.version, merged_into: row.merged_into, created_at: row.created_at, updated_at: row.updated_at, incidents };
}

export async function savePerson(ctx: AppContext, kind: PeopleKind, input: unknown, reader: Reader, expected?: { id: string; version: number }) {
  const given = (input as { id?: unknown }).id;
  const id = expected?.id ?? (typeof given === 'string' ? given : newId(kind === 'person' ? 'p' : 'o'));
  const withId = { ...(input as object), id };
  const doc = kind === 'person' ? parse<PersonDoc>(personSchema, withId) : parse<OrganisationDoc>(organisationSchema, withId);
  if (!doc.name) throw errors.validation([{ path: 'name', message: 'a name is required' }]);
  if (kind === 'organisation' && ctx.profile.codes.victimGroups.get((doc as OrganisationDoc).kind ?? '') !== 'organisation') {
    throw errors.validation([{ path: 'kind', message: `"${(doc as OrganisationDoc).kind}" is not an organisation kind` }]);
  }
  await ctx.database.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom(TABLE[kind]).select(['version']).where('id', '=', id).executeTakeFirst();
    if (expected && !current) throw errors.notFound(kind, id);
    if (!expected && current) throw errors.conflict(`${kind} "${id}" already exists`);
    if (expected && current && current.version !== expected.version) {
      throw errors.conflict(`${kind} "${id}" was changed by someone else (version ${current.version}, yours ${expected.version}); reload it`);
    }
    const full = { ...doc, id };
    const ctxW = { actor: reader.actor, now: now() };
    if (kind === 'person') await upsertPeople(trx, [full as PersonDoc], (full as PersonDoc).outlet?.name ? [(full as PersonDoc).outlet!] : [], ctxW);
    else await upsertPeople(trx, [], [full as OrganisationDoc], ctxW);
  });
  return getPerson(ctx, kind, id, reader);
}

/**
 * Merges a duplicate person or organisation into the one that stays: every act, party and charge
 * that pointed at the duplicate points at the survivor; the duplicate stays, marked, with its
 * history, so the merge can be read back.
 */
export async function mergePeople(ctx: AppContext, kind: PeopleKind, id: string, into: string, reason: string, reader: Reader) {
  if (id === into) throw errors.validation([{ path: 'into', message: 'a record cannot be merged into itself' }]);
  await ctx.database.db.transaction().execute(async (trx) => {
    const [dup, survivor] = await Promise.all(
      [id, into].map((x) => trx.selectFrom(TABLE[kind]).select(['id', 'merged_into', 'version']).where('id', '=', x).executeTakeFirst()),
    );
    if (!dup) throw errors.notFound(kind, id);
    if (!survivor) throw errors.notFound(kind, into);
    if (dup.merged_into) throw errors.invalidTransition(`${kind} "${id}" is already merged into "${dup.merged_into}"`);
    if (survivor.merged_into) throw errors.invalidTransition(`${kind} "${into}" was itself merged; merge into "${survivor.merged_into}"`);
    const at = now();
    const moved: Record<string, string[]> = {};
    const repoint = async (table: 'acts' | 'case_parties' | 'case_charges' | 'persons', column: 'person_id' | 'organisation_id' | 'outlet_id') => {
      const rows = await trx.selectFrom(table as 'acts').select(sql<string>`${sql.ref(table === 'acts' || table === 'persons' ? 'id' : 'case_id')}`.as('ref')).where(column as 'person_id', '=', id).execute();
      moved[`${table}.${column}`] = rows.map((r) => r.ref);
      await trx.updateTable(table as 'acts').set({ [column]: into } as never).where(column as 'person_id', '=', id).execute();
    };
    if (kind === 'person') {
      await repoint('acts', 'person_id');
      await repoint('case_parties', 'person_id');
      await repoint('case_charges', 'person_id');
    } else {
      await repoint('acts', 'organisation_id');
      await repoint('case_parties', 'organisation_id');
      await repoint('persons', 'outlet_id');
    }
    await trx.updateTable(TABLE[kind]).set({ merged_into: into, version: dup.version + 1, updated_at: at }).where('id', '=', id).execute();
    await appendAudit(trx, [
        { record_kind: kind, record_id: id, action: 'merge', actor: reader.actor, at, before: JSON.stringify({ merged_into: null }), after: JSON.stringify({ merged_into: into, reason, moved }) },
      { record_kind: kind, record_id: into, action: 'absorb', actor: reader.actor, at, before: null, after: JSON.stringify({ merged_from: id, reason, moved }) },
    ]);
  });
  return getPerson(ctx, kind, into, reader);
}

