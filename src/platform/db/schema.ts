import type { ColumnType, Generated, RawBuilder } from 'kysely';
import type { AssessmentTables } from './assessment.schema.js';

/**
 * The stored shape of every table, as Kysely sees it. Dates are ISO text and flags are 0/1 on both
 * databases (better-sqlite3 binds neither Date nor boolean). Lists of confidential field names are
 * JSON text. Migrations in ./migrations create exactly these columns.
 */

export interface IncidentTable {
  id: string;
  status: string;
  merged_into: string | null;
  /** As entered: 2020, 2020-05 or 2020-05-14. */
  date: string | null;
  date_end: string | null;
  /** First and last day the (partial) date or range can mean; what date filters compare. */
  date_from: string | null;
  date_to: string | null;
  /** Stored so that filters and counts by year need no date functions. */
  year: number | null;
  /** The month (`2020-04`) and quarter (`2020-Q2`) it started in; null for a date known to the year only. */
  month: string | null;
  quarter: string | null;
  region: string | null;
  settlement: string | null;
  source_language: string;
  confidential: number;
  confidential_fields: string;
  content_hash: string;
  version: number;
  created_at: string;
  updated_at: string;
  /** The user who recorded it; a monitor may edit only their own drafts. */
  created_by: string | null;
  /** The user who has taken it in the review queue (migration 0005); null when nobody has. */
  assigned_to: string | null;
  /** PostgreSQL only: the search vector of its texts (migration 0007), written as SQL, never read. */
  search_tsv?: ColumnType<never, RawBuilder<unknown> | undefined, RawBuilder<unknown> | undefined>;
}

export interface IncidentTextTable {
  incident_id: string;
  lang: string;
  title: string;
  description: string;
  translation: string;
}

export interface IncidentTagTable {
  incident_id: string;
  tag: string;
}

export interface ActTable {
  id: string;
  incident_id: string;
  position: number;
  type: string;
  victim_group: string;
  person_id: string | null;
  organisation_id: string | null;
  outcome: string | null;
  confidential_fields: string;
}

export interface InvolvementTable {
  id: string;
  incident_id: string;
  act_id: string;
  position: number;
  perpetrator_type: string;
  name: string | null;
  degree: string;
}

export interface PersonTable {
  id: string;
  name: string;
  /** The name folded for search (see incidents/search-text.ts): how pickers find people. */
  name_folded: string;
  gender: string | null;
  birth_year: number | null;
  employment: string | null;
  outlet_id: string | null;
  contact: string | null;
  notes: string | null;
  confidential_fields: string;
  merged_into: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  /** The account that recorded the person; null for imports and the command line. */
  created_by: string | null;
}

export interface OrganisationTable {
  id: string;
  name: string;
  name_folded: string;
  kind: string;
  region: string | null;
  merged_into: string | null;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface SourceTable {
  id: string;
  incident_id: string;
  position: number;
  kind: string;
  citation: string;
  url: string | null;
  published_on: string | null;
  reliability: string;
  public: number;
  identity: string | null;
  confidential_fields: string;
}

export interface LegalCaseTable {
  id: string;
  kind: string;
  title: string;
  case_number: string | null;
  court: string | null;
  against_journalist: number;
  investigation_status: string | null;
  notes: string | null;
  confidential_fields: string;
  content_hash: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface CaseIncidentTable {
  case_id: string;
  incident_id: string;
}

export interface CasePartyTable {
  case_id: string;
  position: number;
  person_id: string | null;
  organisation_id: string | null;
  name: string | null;
  role: string;
}

export interface CaseChargeTable {
  case_id: string;
  position: number;
  article: string;
  person_id: string | null;
}

export interface CaseEventTable {
  case_id: string;
  position: number;
  date: string;
  date_from: string;
  kind: string;
  instance: string | null;
  outcome: string | null;
  detail: string | null;
  deadline: string | null;
}

export interface StatusTransitionTable {
  id: Generated<number>;
  incident_id: string;
  from_status: string | null;
  to_status: string;
  actor: string;
  reason: string;
  at: string;
}

export interface HistoryTable {
  id: Generated<number>;
  record_kind: string;
  record_id: string;
  action: string;
  actor: string;
  at: string;
  /** JSON of the record before and after the change; null where there was none. */
  before: string | null;
  after: string | null;
  /** The chain: the previous entry's hash, and this entry's (see audit/audit.ts). */
  prev_hash: string;
  hash: string;
}

/** SQLite only (FTS5): one row per incident, its public text folded for search (incidents/search-index.ts). */
export interface IncidentSearchTable {
  incident_id: string;
  body: string;
}

export interface UserTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  /** JSON lists: roles, the regions a monitor works in, extra grants (e.g. confidential). */
  roles: string;
  regions: string;
  grants: string;
  language: string;
  disabled: number;
  must_change_password: number;
  totp_secret: string | null;
  totp_enabled: number;
  /** The last TOTP time step used, so a code cannot be used twice. */
  totp_last_step: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

/** Server-side sessions: the cookie holds a random id, the table only its hash. */
export interface SessionTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  roles: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface PasswordResetTable {
  token_hash: string;
  user_id: string;
  expires_at: string;
  used_at: string | null;
}

export interface LoginAttemptTable {
  id: Generated<number>;
  key: string;
  at: string;
}

export interface CaseAssignmentTable {
  case_id: string;
  user_id: string;
}

/**
 * One row per act with its incident's columns beside it: the join the statistics count over
 * (migration 0003). On SQLite a table kept in step by triggers, on PostgreSQL a view. Read it,
 * never write it.
 */
export interface StatsActTable {
  act_id: string;
  /** The incident's id and columns, named as in `incidents`. */
  id: string;
  status: string;
  confidential: number;
  region: string | null;
  created_by: string | null;
  date_from: string | null;
  date_to: string | null;
  year: number | null;
  month: string | null;
  quarter: string | null;
  act_type: string;
  act_victim_group: string;
  act_person_id: string | null;
  act_organisation_id: string | null;
  act_confidential_fields: string;
  /** The victim's gender and whether the victim is confidential (1), stored with the act (migration 0008). */
  act_gender: string | null;
  act_victim_hidden: number;
}

/**
 * The number of incidents per combination of the columns the incident-level charts group and the
 * readers' visibility filter by (migration 0008). On SQLite kept by triggers, on PostgreSQL a view.
 * Sum `n`; rows whose count fell to zero may remain. Read it, never write it.
 */
export interface StatsIncidentCountTable {
  year: number | null;
  month: string | null;
  quarter: string | null;
  region: string | null;
  status: string;
  confidential: number;
  created_by: string | null;
  n: number;
}

/** A key a client sent with `Idempotency-Key` to create an incident once; per account (migration 0006). */
export interface IdempotencyKeyTable {
  /** The user id, or the actor for callers without an account. */
  owner: string;
  key: string;
  /** Hash of the request body: the same key with another body is refused, not replayed. */
  request_hash: string;
  incident_id: string;
  created_at: string;
}

/** A named view of the incident list, one user's own (migration 0005). */
export interface SavedFilterTable {
  id: string;
  user_id: string;
  name: string;
  /** The incident list's query string, without the leading "?". */
  query: string;
  created_at: string;
}

export interface DB extends AssessmentTables {
  incidents: IncidentTable;
  incident_texts: IncidentTextTable;
  incident_tags: IncidentTagTable;
  acts: ActTable;
  involvements: InvolvementTable;
  persons: PersonTable;
  organisations: OrganisationTable;
  sources: SourceTable;
  legal_cases: LegalCaseTable;
  case_incidents: CaseIncidentTable;
  case_parties: CasePartyTable;
  case_charges: CaseChargeTable;
  case_events: CaseEventTable;
  status_transitions: StatusTransitionTable;
  history: HistoryTable;
  incident_search: IncidentSearchTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  password_resets: PasswordResetTable;
  login_attempts: LoginAttemptTable;
  case_assignments: CaseAssignmentTable;
  stats_acts: StatsActTable;
  stats_incident_counts: StatsIncidentCountTable;
  idempotency_keys: IdempotencyKeyTable;
  saved_filters: SavedFilterTable;
}
