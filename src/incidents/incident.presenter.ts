import type { IncidentDoc, LegalCaseDoc, PersonDoc } from '../exchange/interchange.schema.js';
import type { Reader } from '../platform/reader.js';
import { type RecordScope, seesConfidentialOf } from './incident.policy.js';

/**
 * The one place that decides what of an incident a reader may see. Readers without access to
 * confidential data get published records only, without the fields marked confidential, without
 * non-public sources, and never a source's identity or a person's contact details.
 */
export function presentIncident(doc: IncidentDoc, reader: Reader, scope: RecordScope): IncidentDoc {
  if (seesConfidentialOf(reader, scope)) return doc;
  const hidden = new Set<string>(doc.confidential_fields);
  return {
    ...doc,
    settlement: hidden.has('settlement') ? undefined : doc.settlement,
    texts: Object.fromEntries(
      Object.entries(doc.texts).map(([lang, t]) => [lang, { ...t, description: hidden.has('description') ? '' : t.description }]),
    ),
    acts: doc.acts.map((a) => {
      const victimHidden = a.confidential_fields.includes('victim');
      return {
        ...a,
        person: a.person && !victimHidden ? presentPerson(a.person) : undefined,
        organisation: victimHidden ? undefined : a.organisation,
        outcome: a.confidential_fields.includes('outcome') ? undefined : a.outcome,
      };
    }),
    sources: hidden.has('sources')
      ? []
      : doc.sources
          .filter((s) => s.public)
          .map((s) => ({
            ...s,
            identity: undefined,
            url: s.confidential_fields.includes('url') ? undefined : s.url,
            citation: s.confidential_fields.includes('citation') ? '' : s.citation,
          })),
    legal_cases: doc.legal_cases.map(presentCase),
  };
}

export function presentPerson(p: PersonDoc): PersonDoc {
  const hidden = new Set<string>(p.confidential_fields);
  return {
    ...p,
    name: hidden.has('name') ? undefined : p.name,
    birth_year: hidden.has('birth_year') ? undefined : p.birth_year,
    contact: undefined,
    notes: hidden.has('notes') ? undefined : p.notes,
  };
}

export function presentCase(c: LegalCaseDoc): LegalCaseDoc {
  const hidden = new Set<string>(c.confidential_fields);
  return {
    ...c,
    case_number: hidden.has('case_number') ? undefined : c.case_number,
    notes: hidden.has('notes') ? undefined : c.notes,
    parties: hidden.has('parties') ? [] : c.parties,
  };
}
