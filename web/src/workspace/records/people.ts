import type { IncidentSummary } from '../../api';

/** The shapes of /api/v1/persons and /api/v1/organisations that these pages read. */
export type PeopleKind = 'person' | 'organisation';

export interface PersonRecord {
  id: string;
  name?: string;
  gender?: string | null;
  birth_year?: number | null;
  employment?: string | null;
  outlet?: { id: string; name?: string } | null;
  contact?: string | null;
  notes?: string | null;
  kind?: string;
  region?: string | null;
  confidential_fields?: string[];
}

export interface PersonView {
  record: PersonRecord;
  version: number;
  merged_into: string | null;
  created_at: string;
  updated_at: string;
  incidents: string[];
}

export interface MergePreview {
  duplicate: PersonView;
  survivor: PersonView;
  result: PersonView;
  incidents_moved: string[];
  moved: Record<string, string[]>;
  links_moved: number;
  not_kept: { field: string; value: unknown }[];
}

export type IncidentRow = IncidentSummary & { status: string };

/** The API's collection and the workspace's page for each kind. */
export const PATHS = {
  person: { api: '/api/v1/persons', page: '/staff/persons' },
  organisation: { api: '/api/v1/organisations', page: '/staff/organisations' },
} as const;

export const pageOf = (kind: PeopleKind, id: string) => `${PATHS[kind].page}/${encodeURIComponent(id)}`;
export const apiOf = (kind: PeopleKind, id: string) => `${PATHS[kind].api}/${encodeURIComponent(id)}`;
