import { sql } from 'kysely';
import { type OrganisationDoc, organisationSchema, type PersonDoc, personSchema } from '../exchange/interchange.schema.js';
import { readOrganisations, readPersons } from '../incidents/incident.reader.js';
import type { AppContext } from '../platform/context.js';
import { errors } from '../platform/errors.js';
import type { Reader } from '../platform/reader.js';
import { newId } from '../platform/util/ids.js';
import { selectIn } from '../platform/db/bulk.js';
import { upsertPeople } from './people.writer.js';
import { appendAudit } from '../audit/audit.js';
import { presentPerson } from '../incidents/incident.presenter.js';
import { mayEditPeopleRecord, seesAllConfidential, seesConfidentialOf } from '../incidents/incident.policy.js';
import { actsAbout, type PeopleKind, PEOPLE_TABLE, peopleEditStates, peopleRecordVisible, visiblePeopleIds } from './people.access.js';
import { foldForSearch } from '../incidents/search-text.js';

export type { PeopleKind } from './people.access.js';

const now = () => new Date().toISOString();

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw errors.fromZod(parsed.error.issues);
  return parsed.data;
}

/**
 * A person's contact and confidential fields reach those who see the person's confidential data:
 * staff, analysts with the grant, who recorded the person, the lawyers of the incidents naming it.
 */
async function presentFor<T extends PersonDoc | OrganisationDoc>(db: AppContext['database']['db'], reader: Reader, docs: readonly T[], kind: PeopleKind): Promise<T[]> {
  if (docs.length === 0 || kind === 'organisation' || seesAllConfidential(reader)) return [...docs];
  const ids = docs.map((d) => d.id);
  const owners = new Map((await selectIn(ids, (s) => db.selectFrom('persons').select(['id', 'created_by']).where('id', 'in', s).execute())).map((r) => [r.id, r.created_by]));
  const cases = reader.assignedCases.size
    ? await selectIn(ids, (s) => db.selectFrom('acts').innerJoin('case_incidents', 'case_incidents.incident_id', 'acts.incident_id').select(['acts.person_id', 'case_incidents.case_id']).where('acts.person_id', 'in', s).execute())
    : [];
  return docs.map((doc) => {
    const scope = { created_by: owners.get(doc.id) ?? null, case_ids: cases.filter((c) => c.person_id === doc.id).map((c) => c.case_id) };
    return seesConfidentialOf(reader, scope) ? doc : (presentPerson(doc as PersonDoc) as T);
  });
}

/**
 * People and organisations whose name contains the text, for pickers and duplicate checks, among
 * those the reader may see (people.access.ts).
 */
export async function searchPeople(ctx: AppContext, kind: PeopleKind, q: string | undefined, limit: number, reader: Reader) {
  const db = ctx.database.db;
  let query = db.selectFrom(PEOPLE_TABLE[kind] as 'persons').select('id').where('merged_into', 'is', null).orderBy('name').limit(limit);
  if (q) query = query.where('name_folded', 'like', `%${foldForSearch(q).replace(/[%_\\]/g, '')}%`);
  query = query.where((eb) => peopleRecordVisible(db, eb, kind, reader));
  const ids = (await query.execute()).map((r) => r.id);
  const docs = kind === 'person' ? await readPersons(db, ids) : await readOrganisations(db, ids);
  return presentFor(db, reader, ids.flatMap((id) => docs.get(id) ?? []), kind);
}

/** A person or organisation with every incident about them that the reader may see: repeat victims show. */
export async function getPerson(ctx: AppContext, kind: PeopleKind, id: string, reader: Reader) {
  const db = ctx.database.db;
  const row = await db
    .selectFrom(PEOPLE_TABLE[kind] as 'persons')
    .select(['id', 'version', 'merged_into', 'created_at', 'updated_at'])
    .where('id', '=', id)
    .where((eb) => peopleRecordVisible(db, eb, kind, reader))
    .executeTakeFirst();
  if (!row) throw errors.notFound(kind, id);
  const incidents = (await actsAbout(db, kind, id, reader).distinct().orderBy('acts.incident_id').execute()).map((i) => i.incident_id);
  const doc = kind === 'person' ? (await readPersons(db, [id])).get(id) : (await readOrganisations(db, [id])).get(id);
  const [record] = doc ? await presentFor(db, reader, [doc], kind) : [];
  // The record that absorbed this one is named only to a reader who may see it.
  const mergedInto = row.merged_into && (await visiblePeopleIds(db, kind, [row.merged_into], reader)).has(row.merged_into) ? row.merged_into : null;
  return { record, version: row.version, merged_into: mergedInto, created_at: row.created_at, updated_at: row.updated_at, incidents };
}

/**
 * Creates a person or an organisation (recorded as the writer's), or replaces one the writer may
 * change (incidents/incident.policy.ts, mayEditPeopleRecord). A person's outlet must be an
 * organisation the writer may see; given in full, the writer must also be allowed to change it.
 */
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
    const current = await trx.selectFrom(PEOPLE_TABLE[kind] as 'persons').select(['version']).where('id', '=', id).executeTakeFirst();
    if (expected) {
      if (!current || !(await visiblePeopleIds(trx, kind, [id], reader)).has(id)) throw errors.notFound(kind, id);
      const refusal = mayEditPeopleRecord(reader, (await peopleEditStates(trx, kind, [id])).get(id)!);
      if (refusal) throw errors.forbiddenBecause(refusal);
      if (current.version !== expected.version) {
        throw errors.conflict(`${kind} "${id}" was changed by someone else (version ${current.version}, yours ${expected.version}); reload it`);
      }
    } else if (current) throw errors.conflict(`${kind} "${id}" already exists`);
    const outlet = kind === 'person' ? (doc as PersonDoc).outlet : undefined;
    if (outlet) await checkOutlet(trx, outlet, reader);
    const ctxW = { actor: reader.actor, now: now(), createdBy: reader.userId };
    if (kind === 'person') await upsertPeople(trx, [doc as PersonDoc], outlet?.name ? [outlet] : [], ctxW);
    else await upsertPeople(trx, [], [doc as OrganisationDoc], ctxW);
  });
  return getPerson(ctx, kind, id, reader);
}

/** A person's outlet: an organisation the writer may see, and may change if it is given in full. */
async function checkOutlet(db: AppContext['database']['db'], outlet: OrganisationDoc, reader: Reader): Promise<void> {
  const stored = await db.selectFrom('organisations').select('id').where('id', '=', outlet.id).executeTakeFirst();
  if (!stored) {
    if (!outlet.name) throw errors.validation([{ path: 'outlet', message: `organisation "${outlet.id}" does not exist; give its name and kind to record it` }]);
    return;
  }
  if (!(await visiblePeopleIds(db, 'organisation', [outlet.id], reader)).has(outlet.id)) {
    throw errors.validation([{ path: 'outlet', message: `organisation "${outlet.id}" does not exist; give its name and kind to record it` }]);
  }
  const refusal = outlet.name ? mayEditPeopleRecord(reader, (await peopleEditStates(db, 'organisation', [outlet.id])).get(outlet.id)!) : undefined;
  if (refusal) throw errors.validation([{ path: 'outlet', message: `organisation "${outlet.id}" is not yours to change: name it by its id alone` }]);
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
      [id, into].map((x) => trx.selectFrom(PEOPLE_TABLE[kind] as 'persons').select(['id', 'merged_into', 'version']).where('id', '=', x).executeTakeFirst()),
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
    await trx.updateTable(PEOPLE_TABLE[kind] as 'persons').set({ merged_into: into, version: dup.version + 1, updated_at: at }).where('id', '=', id).execute();
    await appendAudit(trx, [
        { record_kind: kind, record_id: id, action: 'merge', actor: reader.actor, at, before: JSON.stringify({ merged_into: null }), after: JSON.stringify({ merged_into: into, reason, moved }) },
      { record_kind: kind, record_id: into, action: 'absorb', actor: reader.actor, at, before: null, after: JSON.stringify({ merged_from: id, reason, moved }) },
    ]);
  });
  return getPerson(ctx, kind, into, reader);
}

