import type { Generated } from 'kysely';

/**
 * The stored shape of the JSI assessment's tables (migration 0004), as Kysely sees them; the same
 * conventions as ./schema.ts (ISO text dates, 0/1 flags, JSON text lists).
 */

/** One loaded framework file (migration 0004); never changed once stored. */
export interface FrameworkVersionTable {
  /** `<framework id>@<version>`, e.g. `jsi-national-2015@1`. */
  id: string;
  framework_id: string;
  version: string;
  /** JSON: { en, ru, kk }. */
  title: string;
  /** JSON: the whole validated file. */
  document: string;
  content_hash: string;
  element_count: number;
  loaded_at: string;
  loaded_by: string;
}

export interface AssessmentTable {
  id: string;
  country: string;
  year: number;
  framework_version_id: string;
  /** JSON: { en, ru, kk? }. */
  title: string;
  /** JSON: the report's texts per section and language, its bibliography and abbreviations. */
  texts: string;
  bibliography: string;
  abbreviations: string;
  version: number;
  created_at: string;
  created_by: string;
  updated_at: string;
}

export interface AssessmentTeamTable {
  assessment_id: string;
  position: number;
  name: string;
  role: string;
  user_id: string | null;
}

export interface AssessmentItemTable {
  id: string;
  assessment_id: string;
  element_id: string;
  position: number;
  status: string;
  judgement: string | null;
  original_language: string | null;
  /** JSON list of seed line numbers. */
  seed_lines: string;
  version: number;
  updated_at: string;
  updated_by: string;
}

export interface AssessmentFindingTable {
  item_id: string;
  lang: string;
  /** Markdown, raw HTML refused. */
  text: string;
  translation: string;
}

export interface AssessmentDocumentTable {
  id: string;
  assessment_id: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  bytes: Buffer;
  uploaded_at: string;
  uploaded_by: string;
}

export interface AssessmentSnapshotTable {
  id: string;
  assessment_id: string;
  year: number;
  taken_at: string;
  taken_by: string;
  record_count: number;
  tables: string;
  content: string;
  content_hash: string;
}

export interface AssessmentEvidenceTable {
  id: string;
  item_id: string;
  position: number;
  kind: string;
  ref: string | null;
  snapshot_id: string | null;
  data: string;
  created_at: string;
  created_by: string;
}

export interface AssessmentCommentTable {
  id: Generated<number>;
  item_id: string;
  author: string;
  text: string;
  at: string;
}

export interface AssessmentTransitionTable {
  id: Generated<number>;
  item_id: string;
  from_status: string;
  to_status: string;
  actor: string;
  reason: string;
  at: string;
}

/** The assessment's tables, part of the database's `DB`. */
export interface AssessmentTables {
  framework_versions: FrameworkVersionTable;
  assessments: AssessmentTable;
  assessment_team: AssessmentTeamTable;
  assessment_items: AssessmentItemTable;
  assessment_findings: AssessmentFindingTable;
  assessment_documents: AssessmentDocumentTable;
  assessment_snapshots: AssessmentSnapshotTable;
  assessment_evidence: AssessmentEvidenceTable;
  assessment_comments: AssessmentCommentTable;
  assessment_transitions: AssessmentTransitionTable;
}
