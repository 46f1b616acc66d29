/** The shapes of the assessment API this workspace reads (see src/assessments/*.service.ts). */
import { getJson } from '../../api';

export type Labels = Record<string, string>;
export const LANGS = ['ru', 'kk', 'en'] as const;
export const TRANSLATION_STATUSES = ['original', 'machine', 'draft', 'reviewed'] as const;
export const ITEM_STATUSES = ['draft', 'in_review', 'reviewed', 'approved'] as const;

export interface Element {
  id: string;
  parent: string | null;
  level: 'category' | 'indicator' | 'sub_indicator';
  depth: number;
  label: Labels;
  seed_lines: number[];
  inferred: boolean;
  wording_verified: boolean;
}

export interface ItemSummary {
  id: string;
  element_id: string;
  status: string;
  judgement: string | null;
  original_language: string | null;
  languages: string[];
  version: number;
}

export interface AssessmentSummary {
  id: string;
  country: string;
  year: number;
  framework_version_id: string;
  title: Labels;
}

export interface Assessment extends AssessmentSummary {
  team: { name: string; role: string }[];
  elements: Element[];
  items: ItemSummary[];
}

export interface Evidence {
  id: string;
  kind: 'incident' | 'stats_table' | 'document' | 'dataset';
  ref: string | null;
  snapshot_id: string | null;
  data: { titles?: Labels; hidden?: boolean; title?: Labels; filename?: string; columns?: string[]; rows?: (string | number | null)[][] };
}

export interface Item extends ItemSummary {
  element: Element;
  findings: { lang: string; text: string; translation: string }[];
  evidence: Evidence[];
  comments: { id: number; author: string; text: string; at: string }[];
  transitions: { from_status: string; to_status: string; actor: string; reason: string; at: string }[];
}

export interface Overview {
  elements: number;
  assessed: number;
  assessed_percent: number;
  by_judgement: { code: string; count: number }[];
  by_status: { status: string; count: number }[];
  awaiting_review: string[];
}

export interface Scale {
  id: string;
  values: { code: string; label: Labels; assessed: boolean }[];
}

export interface SnapshotSummary {
  id: string;
  year: number;
  taken_at: string;
  record_count: number;
  tables: { id: string; version: string; title: Labels }[];
}

/** Which steps the workflow allows from a status, and the role a step needs (the server checks again). */
export const NEXT_STEPS: Record<string, { to: string; roles: string[]; reason: boolean }[]> = {
  draft: [{ to: 'in_review', roles: ['administrator', 'editor', 'analyst'], reason: false }],
  in_review: [
    { to: 'reviewed', roles: ['administrator', 'editor'], reason: false },
    { to: 'draft', roles: ['administrator', 'editor'], reason: true },
  ],
  reviewed: [
    { to: 'approved', roles: ['administrator'], reason: false },
    { to: 'draft', roles: ['administrator', 'editor'], reason: true },
  ],
  approved: [{ to: 'draft', roles: ['administrator'], reason: true }],
};

let scale: Promise<Scale> | undefined;
/** The judgement scale is data on the server: fetched once per page load. */
export function loadScale(): Promise<Scale> {
  scale ??= getJson<{ judgement_scale: Scale }>('/api/v1/frameworks').then((r) => r.judgement_scale);
  return scale;
}

export const base = (id: string) => `/api/v1/assessments/${encodeURIComponent(id)}`;
