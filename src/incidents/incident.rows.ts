import type { Insertable } from 'kysely';
import type {
  ActTable,
  CaseChargeTable,
  CaseEventTable,
  CasePartyTable,
  IncidentTable,
  IncidentTagTable,
  IncidentTextTable,
  InvolvementTable,
  OrganisationTable,
  PersonTable,
  SourceTable,
} from '../platform/db/schema.js';
import { contentHash } from '../platform/util/stable-json.js';
import { defaultChildId, type IncidentDoc, type LegalCaseDoc, type OrganisationDoc, type PersonDoc } from '../exchange/interchange.schema.js';
import { incidentDateColumns, spanOf } from './dates.js';
import { foldForSearch } from './search-text.js';

/**
 * Turns an interchange document into table rows (pure: no database). The writer stores them; the
 * reader puts them back together into the same document, which is what makes export → import →
 * export give the same content.
 */

const flag = (b: boolean) => (b ? 1 : 0);
const list = (l: readonly string[]) => JSON.stringify(l);

export type IncidentCore = Omit<Insertable<IncidentTable>, 'version' | 'created_at' | 'updated_at'>;

export interface IncidentRows {
  readonly incident: IncidentCore;
  readonly texts: IncidentTextTable[];
  readonly tags: IncidentTagTable[];
  readonly acts: ActTable[];
  readonly involvements: InvolvementTable[];
  readonly sources: SourceTable[];
  readonly searchBody: string;
}

export function incidentRows(doc: IncidentDoc): IncidentRows {
  const id = doc.id;
  const acts = doc.acts.map(
    (a, i): ActTable => ({
      id: a.id ?? defaultChildId(id, 'a', i),
      incident_id: id,
      position: i,
      type: a.type,
      victim_group: a.victim_group,
      person_id: a.person?.id ?? null,
      organisation_id: a.organisation?.id ?? null,
      outcome: a.outcome ?? null,
      confidential_fields: list(a.confidential_fields),
    }),
  );
  return {
    incident: {
      id,
      status: doc.status,
      merged_into: doc.merged_into ?? null,
      ...incidentDateColumns(doc.date, doc.date_end),
      region: doc.region ?? null,
      settlement: doc.settlement ?? null,
      source_language: doc.source_language,
      confidential: flag(doc.confidential),
      confidential_fields: list(doc.confidential_fields),
      content_hash: contentHash(doc),
    },
    texts: Object.entries(doc.texts).map(([lang, t]) => ({
      incident_id: id,
      lang,
      title: t.title,
      description: t.description,
      translation: t.translation,
    })),
    tags: [...new Set(doc.context)].map((tag) => ({ incident_id: id, tag })),
    acts,
    involvements: doc.acts.flatMap((a, i) =>
      a.perpetrators.map((p, k) => ({
        id: `${acts[i]!.id}.p${k + 1}`,
        incident_id: id,
        act_id: acts[i]!.id,
        position: k,
        perpetrator_type: p.perpetrator_type,
        name: p.name ?? null,
        degree: p.degree,
      })),
    ),
    sources: doc.sources.map((s, i) => ({
      id: s.id ?? defaultChildId(id, 's', i),
      incident_id: id,
      position: i,
      kind: s.kind,
      citation: s.citation,
      url: s.url ?? null,
      published_on: s.published_on ?? null,
      reliability: s.reliability,
      public: flag(s.public),
      identity: s.identity ?? null,
      confidential_fields: list(s.confidential_fields),
    })),
    searchBody: searchBody(doc),
  };
}

/**
 * What free-text search may match: only what may be shown, so that a search can never reveal a
 * confidential field by matching it.
 */
function searchBody(doc: IncidentDoc): string {
  const hidden = new Set<string>(doc.confidential_fields);
  const parts: string[] = [doc.id];
  for (const t of Object.values(doc.texts)) {
    parts.push(t.title);
    if (!hidden.has('description')) parts.push(t.description);
  }
  if (doc.settlement && !hidden.has('settlement')) parts.push(doc.settlement);
  for (const a of doc.acts) {
    if (a.confidential_fields.includes('victim')) continue;
    if (a.person?.name && !a.person.confidential_fields.includes('name')) parts.push(a.person.name);
    if (a.person?.outlet?.name) parts.push(a.person.outlet.name);
    if (a.organisation?.name) parts.push(a.organisation.name);
    for (const p of a.perpetrators) if (p.name) parts.push(p.name);
  }
  return foldForSearch(parts.join(' \n'));
}

/** Full person and organisation records an incident carries (references by id alone are left out). */
export function peopleOf(doc: IncidentDoc): { persons: PersonDoc[]; organisations: OrganisationDoc[] } {
  const persons: PersonDoc[] = [];
  const organisations: OrganisationDoc[] = [];
  for (const a of doc.acts) {
    if (a.person?.name) persons.push(a.person);
    if (a.person?.outlet?.name) organisations.push(a.person.outlet);
    if (a.organisation?.name) organisations.push(a.organisation);
  }
  return { persons, organisations };
}

/** Every person and organisation id an incident points at, given in full or not. */
export function referencedIds(doc: IncidentDoc): { persons: string[]; organisations: string[] } {
  const persons = new Set<string>();
  const organisations = new Set<string>();
  for (const a of doc.acts) {
    if (a.person) persons.add(a.person.id);
    if (a.person?.outlet) organisations.add(a.person.outlet.id);
    if (a.organisation) organisations.add(a.organisation.id);
  }
  for (const c of doc.legal_cases) {
    for (const p of c.parties) {
      if (p.person) persons.add(p.person);
      if (p.organisation) organisations.add(p.organisation);
    }
    for (const ch of c.charges) if (ch.person) persons.add(ch.person);
  }
  return { persons: [...persons], organisations: [...organisations] };
}

export function personRow(p: PersonDoc): Omit<PersonTable, 'version' | 'created_at' | 'updated_at' | 'merged_into' | 'created_by'> {
  return {
    id: p.id,
    name: p.name ?? '',
    name_folded: foldForSearch(p.name ?? ''),
    gender: p.gender ?? null,
    birth_year: p.birth_year ?? null,
    employment: p.employment ?? null,
    outlet_id: p.outlet?.id ?? null,
    contact: p.contact ?? null,
    notes: p.notes ?? null,
    confidential_fields: list(p.confidential_fields),
  };
}

export function organisationRow(o: OrganisationDoc): Omit<OrganisationTable, 'version' | 'created_at' | 'updated_at' | 'merged_into' | 'created_by'> {
  return { id: o.id, name: o.name ?? '', name_folded: foldForSearch(o.name ?? ''), kind: o.kind ?? '', region: o.region ?? null };
}

export interface CaseRows {
  readonly parties: CasePartyTable[];
  readonly charges: CaseChargeTable[];
  readonly events: CaseEventTable[];
}

export function caseRows(c: LegalCaseDoc): CaseRows {
  return {
    parties: c.parties.map((p, i) => ({
      case_id: c.id,
      position: i,
      person_id: p.person ?? null,
      organisation_id: p.organisation ?? null,
      name: p.name ?? null,
      role: p.role,
    })),
    charges: c.charges.map((ch, i) => ({ case_id: c.id, position: i, article: ch.article, person_id: ch.person ?? null })),
    events: c.events.map((e, i) => ({
      case_id: c.id,
      position: i,
      date: e.date,
      date_from: spanOf(e.date).from,
      kind: e.kind,
      instance: e.instance ?? null,
      outcome: e.outcome ?? null,
      detail: e.detail ?? null,
      deadline: e.deadline ?? null,
    })),
  };
}

export function caseCore(c: LegalCaseDoc) {
  return {
    id: c.id,
    kind: c.kind,
    title: c.title,
    case_number: c.case_number ?? null,
    court: c.court ?? null,
    against_journalist: flag(c.against_journalist),
    investigation_status: c.investigation_status ?? null,
    notes: c.notes ?? null,
    confidential_fields: list(c.confidential_fields),
    content_hash: contentHash(c),
  };
}
