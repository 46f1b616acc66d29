import type { Incident, IncidentSummary } from '../../api';

/** The shapes of the staff API the desk reads (the API itself is described by its OpenAPI document). */

/** A list summary as staff get it: the public one with the status, version and record links. */
export interface StaffSummary extends IncidentSummary {
  status: string;
  date_end?: string | null;
  victims: { group: string; person?: string; organisation?: string; name?: string }[];
  version: number;
  updated_at: string;
}

export type FacetCounts = Record<string, { value: string; count: number }[]>;

export interface SavedFilter {
  id: string;
  name: string;
  query: string;
  created_at: string;
}

export interface StaffPerson {
  id: string;
  name?: string;
  gender?: string | null;
  birth_year?: number | null;
  contact?: string | null;
  notes?: string | null;
  confidential_fields: string[];
}

/** A whole incident as staff get it: the public shape with status, confidentiality and links. */
export interface StaffIncident extends Omit<Incident, 'acts' | 'sources' | 'legal_cases'> {
  status: string;
  context: string[];
  confidential: boolean;
  confidential_fields: string[];
  acts: {
    id?: string;
    type: string;
    victim_group: string;
    person?: StaffPerson | null;
    organisation?: { id: string; name?: string } | null;
    outcome?: string | null;
    perpetrators: { perpetrator_type: string; name?: string | null; degree: string }[];
    confidential_fields: string[];
  }[];
  sources: {
    id?: string;
    kind: string;
    citation: string;
    url?: string | null;
    published_on?: string | null;
    reliability: string;
    public: boolean;
    identity?: string | null;
    confidential_fields: string[];
  }[];
  legal_cases: { id: string; kind: string; title: string; charges: { article: string }[] }[];
}

export interface IncidentView {
  doc: StaffIncident;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface HistoryEntry {
  id: number;
  action: string;
  actor: string;
  at: string;
  before: unknown;
  after: unknown;
}

export interface TransitionEntry {
  from_status: string | null;
  to_status: string;
  actor: string;
  reason: string;
  at: string;
}

export interface QueueItem extends StaffSummary {
  created_at: string;
  assigned_to: { id: string; name: string; email: string } | null;
  last_move: { actor: string; at: string; to: string } | null;
}
