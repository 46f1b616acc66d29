import type { ActDoc, IncidentDoc, LegalCaseDoc, PersonDoc } from '../exchange/interchange.schema.js';
import type { Reader } from '../platform/reader.js';
import { type RecordScope, seesAllConfidential, seesConfidentialOf } from './incident.policy.js';

/** What the presenter needs to know about an incident: its own scope, and who recorded each person it names. */
export interface IncidentScope extends RecordScope {
  readonly person_owners: ReadonlyMap<string, string | null>;
  /** Whether the reader may see the record a merged incident was merged into. */
  readonly merged_into_shown: boolean;
}

/**
 * The one place that decides what of an incident a reader may see. Each part answers to its own
 * record's rule: the incident's confidential fields, hidden victims and sources to the incident's
 * (its author, the lawyers of its cases); a person's contact and confidential fields to the
 * person's (who recorded the person, the lawyers of this incident's cases); a legal case's to the
 * case's (its lawyers). Staff and analysts with the `confidential` grant see everything.
 *
 * A person the reader may not know (a hidden victim, a confidential name) appears under a name-less
 * alias that holds only within this document, never the stored id that would lead to the person.
 */
export function presentIncident(stored: IncidentDoc, reader: Reader, scope: IncidentScope): IncidentDoc {
  const doc = scope.merged_into_shown ? stored : { ...stored, merged_into: undefined };
  if (seesAllConfidential(reader)) return doc;
  const open = seesConfidentialOf(reader, scope);
  const hidden = new Set<string>(doc.confidential_fields);
  const aliases = new Aliases();
  const acts = doc.acts.map((a): ActDoc => {
    const victimHidden = !open && a.confidential_fields.includes('victim');
    if (victimHidden) {
      if (a.person) aliases.hide(a.person.id);
      if (a.organisation) aliases.hide(a.organisation.id);
    }
    const person = a.person && !victimHidden ? presentPersonIn(a.person, reader, scope, aliases) : undefined;
    const act = { ...a, person, organisation: victimHidden ? undefined : a.organisation };
    return open ? act : { ...act, outcome: a.confidential_fields.includes('outcome') ? undefined : a.outcome };
  });
  const legal_cases = doc.legal_cases.map((c) => aliases.inCase(presentCaseFor(reader, c)));
  if (open) return { ...doc, acts, legal_cases };
  return {
    ...doc,
    settlement: hidden.has('settlement') ? undefined : doc.settlement,
    texts: Object.fromEntries(Object.entries(doc.texts).map(([lang, t]) => [lang, { ...t, description: hidden.has('description') ? '' : t.description }])),
    acts,
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
    legal_cases,
  };
}

function presentPersonIn(p: PersonDoc, reader: Reader, scope: IncidentScope, aliases: Aliases): PersonDoc {
  if (seesConfidentialOf(reader, { created_by: scope.person_owners.get(p.id) ?? null, case_ids: scope.case_ids })) return p;
  const shown = presentPerson(p);
  return shown.name === undefined ? { ...shown, id: aliases.hide(p.id) } : shown;
}

/** A person without the parts only those who see the person's confidential data may read. */
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

/** A legal case as the reader may see it: its confidential fields reach staff and its lawyers. */
export function presentCaseFor(reader: Reader, c: LegalCaseDoc): LegalCaseDoc {
  return seesConfidentialOf(reader, { created_by: null, case_ids: [c.id] }) ? c : presentCase(c);
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

/** Stand-in ids for the people a reader may not know, valid within one document. */
class Aliases {
  private readonly byId = new Map<string, string>();
  hide(id: string): string {
    let alias = this.byId.get(id);
    if (!alias) {
      alias = `hidden-${this.byId.size + 1}`;
      this.byId.set(id, alias);
    }
    return alias;
  }
  /** The case's parties and charges name hidden people by their aliases too. */
  inCase(c: LegalCaseDoc): LegalCaseDoc {
    if (this.byId.size === 0) return c;
    const swap = (id: string | null | undefined) => (id ? (this.byId.get(id) ?? id) : id);
    return {
      ...c,
      parties: c.parties.map((p) => ({ ...p, person: swap(p.person), organisation: swap(p.organisation) })),
      charges: c.charges.map((ch) => ({ ...ch, person: swap(ch.person) })),
    };
  }
}
