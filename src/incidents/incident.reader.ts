import type { Kysely, Selectable } from 'kysely';
import { defaultChildId, type IncidentDoc, type LegalCaseDoc, type OrganisationDoc, type PersonDoc } from '../exchange/interchange.schema.js';
import { selectIn } from '../platform/db/bulk.js';
import type { DB, OrganisationTable, PersonTable } from '../platform/db/schema.js';
import { type Language, LANGUAGES } from '../reference/vocabulary.js';

/** An incident as stored: the interchange document plus what only the database knows. */
export interface StoredIncident {
  readonly doc: IncidentDoc;
  readonly version: number;
  readonly created_at: string;
  readonly updated_at: string;
  readonly created_by: string | null;
  /** Who recorded each person the incident names (their confidential data follows the person). */
  readonly person_owners: ReadonlyMap<string, string | null>;
}

/** Drops empty fields so a document read back equals the one that was written. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;
}
const parseList = <T>(text: string) => JSON.parse(text) as T[];

function groupBy<T, K>(rows: readonly T[], key: (r: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return map;
}

/**
 * Reads whole incidents, with their people and legal cases, in a fixed number of queries whatever
 * the number of incidents (the list, the export and the API all read through here).
 */
export async function readIncidents(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, StoredIncident>> {
  const result = new Map<string, StoredIncident>();
  if (ids.length === 0) return result;
  const inIds = <R>(q: (slice: string[]) => Promise<R[]>) => selectIn(ids as string[], q);
  const [incidents, texts, tags, acts, involvements, sources, caseLinks] = await Promise.all([
    inIds((s) =>
      db
        .selectFrom('incidents')
        // Named, not `*`: on PostgreSQL the row also holds its search vector, which nobody reads back.
        .select(['id', 'status', 'merged_into', 'date', 'date_end', 'region', 'settlement', 'source_language', 'confidential', 'confidential_fields', 'version', 'created_at', 'updated_at', 'created_by'])
        .where('id', 'in', s)
        .execute(),
    ),
    inIds((s) => db.selectFrom('incident_texts').selectAll().where('incident_id', 'in', s).execute()),
    inIds((s) => db.selectFrom('incident_tags').selectAll().where('incident_id', 'in', s).orderBy('tag').execute()),
    inIds((s) => db.selectFrom('acts').selectAll().where('incident_id', 'in', s).orderBy('position').execute()),
    inIds((s) => db.selectFrom('involvements').selectAll().where('incident_id', 'in', s).orderBy('position').execute()),
    inIds((s) => db.selectFrom('sources').selectAll().where('incident_id', 'in', s).orderBy('position').execute()),
    inIds((s) => db.selectFrom('case_incidents').selectAll().where('incident_id', 'in', s).orderBy('case_id').execute()),
  ]);
  const personIds = [...new Set(acts.flatMap((a) => (a.person_id ? [a.person_id] : [])))];
  const { docs: persons, owners } = await readPersonsWithOwners(db, personIds);
  const orgIds = [...new Set(acts.flatMap((a) => (a.organisation_id ? [a.organisation_id] : [])))];
  const organisations = await readOrganisations(db, orgIds);
  const cases = await readCases(db, [...new Set(caseLinks.map((l) => l.case_id))]);

  const textsBy = groupBy(texts, (t) => t.incident_id);
  const tagsBy = groupBy(tags, (t) => t.incident_id);
  const actsBy = groupBy(acts, (a) => a.incident_id);
  const involvementsBy = groupBy(involvements, (i) => i.act_id);
  const sourcesBy = groupBy(sources, (s) => s.incident_id);
  const casesBy = groupBy(caseLinks, (l) => l.incident_id);

  for (const i of incidents) {
    const doc: IncidentDoc = compact({
      id: i.id,
      status: i.status as IncidentDoc['status'],
      merged_into: i.merged_into,
      date: i.date ?? '',
      date_end: i.date_end,
      region: i.region,
      settlement: i.settlement,
      source_language: i.source_language as IncidentDoc['source_language'],
      texts: Object.fromEntries(
        (textsBy.get(i.id) ?? [])
          .sort((a, b) => LANGUAGES.indexOf(a.lang as Language) - LANGUAGES.indexOf(b.lang as Language))
          .map((t) => [t.lang, { title: t.title, description: t.description, translation: t.translation }]),
      ) as IncidentDoc['texts'],
      context: (tagsBy.get(i.id) ?? []).map((t) => t.tag),
      confidential: i.confidential === 1,
      confidential_fields: parseList(i.confidential_fields),
      acts: (actsBy.get(i.id) ?? []).map((a, n) =>
        compact({
          id: a.id === defaultChildId(i.id, 'a', n) ? undefined : a.id,
          type: a.type,
          victim_group: a.victim_group,
          person: a.person_id ? persons.get(a.person_id) : undefined,
          organisation: a.organisation_id ? organisations.get(a.organisation_id) : undefined,
          outcome: a.outcome,
          perpetrators: (involvementsBy.get(a.id) ?? []).map((p) =>
            compact({ perpetrator_type: p.perpetrator_type, name: p.name, degree: p.degree as 'perpetrator' }),
          ),
          confidential_fields: parseList(a.confidential_fields),
        }),
      ),
      sources: (sourcesBy.get(i.id) ?? []).map((s, n) =>
        compact({
          id: s.id === defaultChildId(i.id, 's', n) ? undefined : s.id,
          kind: s.kind as 'other',
          citation: s.citation,
          url: s.url,
          published_on: s.published_on,
          reliability: s.reliability as 'reliable',
          public: s.public === 1,
          identity: s.identity,
          confidential_fields: parseList(s.confidential_fields),
        }),
      ),
      legal_cases: (casesBy.get(i.id) ?? []).flatMap((l) => cases.get(l.case_id) ?? []),
    });
    result.set(i.id, { doc, version: i.version, created_at: i.created_at, updated_at: i.updated_at, created_by: i.created_by, person_owners: owners });
  }
  return result;
}

export function organisationDoc(o: Selectable<OrganisationTable>): OrganisationDoc {
  return compact({ id: o.id, name: o.name, kind: o.kind, region: o.region });
}

export function personDoc(p: Selectable<PersonTable>, outlet: OrganisationDoc | undefined): PersonDoc {
  return compact({
    id: p.id,
    name: p.name,
    gender: p.gender as PersonDoc['gender'],
    birth_year: p.birth_year,
    employment: p.employment as PersonDoc['employment'],
    outlet,
    contact: p.contact,
    notes: p.notes,
    confidential_fields: parseList(p.confidential_fields),
  });
}

export async function readOrganisations(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, OrganisationDoc>> {
  const rows = await selectIn(ids as string[], (s) => db.selectFrom('organisations').selectAll().where('id', 'in', s).execute());
  return new Map(rows.map((o) => [o.id, organisationDoc(o)]));
}

export async function readPersons(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, PersonDoc>> {
  return (await readPersonsWithOwners(db, ids)).docs;
}

/** Persons, and the account that recorded each (null: an import or the command line). */
export async function readPersonsWithOwners(db: Kysely<DB>, ids: readonly string[]): Promise<{ docs: Map<string, PersonDoc>; owners: Map<string, string | null> }> {
  const rows = await selectIn(ids as string[], (s) => db.selectFrom('persons').selectAll().where('id', 'in', s).execute());
  const outlets = await readOrganisations(db, [...new Set(rows.flatMap((p) => (p.outlet_id ? [p.outlet_id] : [])))]);
  return {
    docs: new Map(rows.map((p) => [p.id, personDoc(p, p.outlet_id ? outlets.get(p.outlet_id) : undefined)])),
    owners: new Map(rows.map((p) => [p.id, p.created_by])),
  };
}

export async function readCases(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, LegalCaseDoc>> {
  const inIds = <R>(q: (slice: string[]) => Promise<R[]>) => selectIn(ids as string[], q);
  const [cases, parties, charges, events] = await Promise.all([
    inIds((s) => db.selectFrom('legal_cases').selectAll().where('id', 'in', s).execute()),
    inIds((s) => db.selectFrom('case_parties').selectAll().where('case_id', 'in', s).orderBy('position').execute()),
    inIds((s) => db.selectFrom('case_charges').selectAll().where('case_id', 'in', s).orderBy('position').execute()),
    inIds((s) => db.selectFrom('case_events').selectAll().where('case_id', 'in', s).orderBy('position').execute()),
  ]);
  const partiesBy = groupBy(parties, (p) => p.case_id);
  const chargesBy = groupBy(charges, (c) => c.case_id);
  const eventsBy = groupBy(events, (e) => e.case_id);
  return new Map(
    cases.map((c) => [
      c.id,
      compact({
        id: c.id,
        kind: c.kind as LegalCaseDoc['kind'],
        title: c.title,
        case_number: c.case_number,
        court: c.court,
        against_journalist: c.against_journalist === 1,
        investigation_status: c.investigation_status as LegalCaseDoc['investigation_status'],
        parties: (partiesBy.get(c.id) ?? []).map((p) =>
          compact({ person: p.person_id, organisation: p.organisation_id, name: p.name, role: p.role as 'defendant' }),
        ),
        charges: (chargesBy.get(c.id) ?? []).map((ch) => compact({ article: ch.article, person: ch.person_id })),
        events: (eventsBy.get(c.id) ?? []).map((e) =>
          compact({
            date: e.date,
            kind: e.kind as 'other',
            instance: e.instance as 'first' | null,
            outcome: e.outcome as 'pending' | null,
            detail: e.detail,
            deadline: e.deadline,
          }),
        ),
        notes: c.notes,
        confidential_fields: parseList(c.confidential_fields),
      }),
    ]),
  );
}
