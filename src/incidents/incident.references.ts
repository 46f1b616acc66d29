import type { Kysely } from 'kysely';
import type { FieldIssue } from '../exchange/check-codes.js';
import type { IncidentDoc, OrganisationDoc, PersonDoc } from '../exchange/interchange.schema.js';
import { type PeopleKind, peopleEditStates, visiblePeopleIds } from '../people/people.access.js';
import { selectIn } from '../platform/db/bulk.js';
import type { DB } from '../platform/db/schema.js';
import type { Reader } from '../platform/reader.js';
import { stableStringify } from '../platform/util/stable-json.js';
import { mayEditPeopleRecord, seesConfidentialOf } from './incident.policy.js';
import { presentCase, presentPerson } from './incident.presenter.js';
import { readCases, readOrganisations, readPersonsWithOwners } from './incident.reader.js';
import { organisationRow, personRow } from './incident.rows.js';

/**
 * Every record an incident write names is also read: a writer who is not staff may name only the
 * people and organisations it may see (any other id is answered as missing), may change a stored
 * one only where it may edit that record (otherwise a person given in full must equal what the
 * writer sees of it, and is then a reference), and cannot record or change legal cases through an
 * incident (links to cases stay as they are; cases have their own routes and rules).
 *
 * Returns the documents to store, with the people the writer may not change turned into references,
 * or the issues per document.
 */
export async function checkNamedRecords(
  db: Kysely<DB>,
  docs: readonly IncidentDoc[],
  reader: Reader,
): Promise<{ docs: IncidentDoc[]; issues: Map<number, FieldIssue[]> }> {
  const given = { person: new Set<string>(), organisation: new Set<string>() };
  for (const d of docs) {
    for (const a of d.acts) {
      if (a.person) given.person.add(a.person.id);
      if (a.person?.outlet) given.organisation.add(a.person.outlet.id);
      if (a.organisation) given.organisation.add(a.organisation.id);
    }
  }
  const stored = { person: await storedIds(db, 'person', [...given.person]), organisation: await storedIds(db, 'organisation', [...given.organisation]) };
  const visible = {
    person: await visiblePeopleIds(db, 'person', [...stored.person], reader),
    organisation: await visiblePeopleIds(db, 'organisation', [...stored.organisation], reader),
  };
  const editable = { person: await editableIds(db, 'person', visible.person, reader), organisation: await editableIds(db, 'organisation', visible.organisation, reader) };
  const persons = await readPersonsWithOwners(db, [...visible.person]);
  const shown = { person: persons.docs, organisation: await readOrganisations(db, [...visible.organisation]), owners: persons.owners };
  const currentCases = await linkedCases(db, docs.map((d) => d.id));

  const issues = new Map<number, FieldIssue[]>();
  const out = docs.map((doc, index) => {
    const list: FieldIssue[] = [];
    /** A stored record given in the document: its id must be visible; given in full, it must be editable or unchanged. */
    const stays = (kind: PeopleKind, id: string, path: string, full: boolean, sameAsShown: () => boolean): boolean => {
      if (!stored[kind].has(id)) return false;
      if (!visible[kind].has(id)) {
        // By id alone it is answered as missing (writer.ts); given in full, its id is taken.
        if (full) list.push({ path, message: `the id "${id}" cannot be used for a new ${kind}; leave it to the server or choose another` });
        return true;
      }
      if (full && !editable[kind].has(id) && !sameAsShown()) {
        list.push({ path, message: `${kind} "${id}" is not yours to change: name it by its id alone, or ask an editor to correct it` });
      }
      return !editable[kind].has(id);
    };
    const organisationRef = (o: OrganisationDoc, path: string): OrganisationDoc => {
      const keep = stays('organisation', o.id, path, Boolean(o.name), () => sameOrganisation(o, shown.organisation.get(o.id)));
      return keep ? { id: o.id } : o;
    };
    const acts = doc.acts.map((a, i) => {
      const path = `acts.${i}`;
      let person = a.person;
      if (person) {
        const outlet = person.outlet ? organisationRef(person.outlet, `${path}.person.outlet`) : person.outlet;
        const p: PersonDoc = { ...person, outlet };
        const keep = stays('person', p.id, `${path}.person`, Boolean(p.name), () => samePerson(p, shownPerson(reader, shown.person.get(p.id), shown.owners.get(p.id) ?? null)));
        person = keep ? { id: p.id, confidential_fields: [] } : p;
      }
      const organisation = a.organisation ? organisationRef(a.organisation, `${path}.organisation`) : a.organisation;
      return { ...a, person, organisation };
    });
    const cases = currentCases.get(doc.id) ?? new Map();
    doc.legal_cases.forEach((c, i) => {
      const current = cases.get(c.id);
      const seen = current && (seesConfidentialOf(reader, { created_by: null, case_ids: [c.id] }) ? current : presentCase(current));
      if (!seen || stableStringify(seen) !== stableStringify(c)) {
        list.push({ path: `legal_cases.${i}`, message: 'legal cases are recorded and changed on their own (an editor or the assigned lawyer), not through an incident' });
      }
    });
    if (doc.legal_cases.length !== cases.size) list.push({ path: 'legal_cases', message: 'send the incident\'s legal cases as you read them; cases are linked by an editor or the assigned lawyer' });
    if (list.length) issues.set(index, list);
    return { ...doc, acts };
  });
  return { docs: out, issues };
}

async function storedIds(db: Kysely<DB>, kind: PeopleKind, ids: string[]): Promise<Set<string>> {
  const table = kind === 'person' ? 'persons' : 'organisations';
  return new Set((await selectIn(ids, (slice) => db.selectFrom(table as 'persons').select('id').where('id', 'in', slice).execute())).map((r) => r.id));
}

async function editableIds(db: Kysely<DB>, kind: PeopleKind, ids: Set<string>, reader: Reader): Promise<Set<string>> {
  const states = await peopleEditStates(db, kind, [...ids]);
  return new Set([...states].filter(([, state]) => !mayEditPeopleRecord(reader, state)).map(([id]) => id));
}

/** The legal cases linked to each incident now, whole. */
async function linkedCases(db: Kysely<DB>, incidentIds: string[]) {
  const links = await selectIn(incidentIds, (slice) => db.selectFrom('case_incidents').select(['incident_id', 'case_id']).where('incident_id', 'in', slice).execute());
  const cases = await readCases(db, [...new Set(links.map((l) => l.case_id))]);
  const byIncident = new Map<string, Map<string, ReturnType<typeof cases.get> & object>>();
  for (const l of links) {
    const c = cases.get(l.case_id);
    if (!c) continue;
    const m = byIncident.get(l.incident_id) ?? new Map();
    m.set(l.case_id, c);
    byIncident.set(l.incident_id, m);
  }
  return byIncident;
}

function shownPerson(reader: Reader, person: PersonDoc | undefined, owner: string | null): PersonDoc | undefined {
  if (!person) return undefined;
  return seesConfidentialOf(reader, { created_by: owner, case_ids: [] }) ? person : presentPerson(person);
}

/** The fields a writer sends for a person it may not change equal what it was shown (the id aside). */
function samePerson(given: PersonDoc, seen: PersonDoc | undefined): boolean {
  if (!seen) return false;
  const { id: _a, name_folded: _b, ...a } = personRow(given);
  const { id: _c, name_folded: _d, ...b } = personRow(seen);
  return stableStringify(a) === stableStringify(b);
}

function sameOrganisation(given: OrganisationDoc, seen: OrganisationDoc | undefined): boolean {
  if (!seen) return false;
  const { name_folded: _a, ...a } = organisationRow(given);
  const { name_folded: _b, ...b } = organisationRow(seen);
  return stableStringify(a) === stableStringify(b);
}
