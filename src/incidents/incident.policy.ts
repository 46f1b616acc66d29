import { type Expression, type ExpressionBuilder, type RawBuilder, sql } from 'kysely';
import type { DB } from '../platform/db/schema.js';
import { isStaff, type Reader } from '../platform/reader.js';

/**
 * Who sees which incidents, whose confidential parts, and which people. One place, used by every
 * query (lists, facets, search, exports, statistics, people) and by the presenters, so a reader's
 * view is the same everywhere, and every write asks the same questions before it names a record.
 *
 * Incidents:
 * - administrators and editors: everything;
 * - analysts: verified and published records; confidential records only with the `confidential` grant;
 * - partners: verified and published records that are not confidential;
 * - lawyers: as partners, plus the incidents of the cases an editor assigned to them;
 * - monitors: published records, the records of their regions that are not confidential, and
 *   whatever they recorded themselves;
 * - the public: published records that are not confidential.
 */
export function visibleIncidents(eb: ExpressionBuilder<DB, 'incidents'>, reader: Reader) {
  if (isStaff(reader)) return sql<boolean>`1 = 1`;
  const open = eb.and([eb('incidents.status', 'in', ['verified', 'published']), eb('incidents.confidential', '=', 0)]);
  const published = eb.and([eb('incidents.status', '=', 'published'), eb('incidents.confidential', '=', 0)]);
  const ors = [];
  const roles = reader.roles;
  if (roles.includes('analyst')) {
    ors.push(reader.grants.includes('confidential') ? eb('incidents.status', 'in', ['verified', 'published']) : open);
  }
  if (roles.includes('partner') || roles.includes('lawyer')) ors.push(open);
  const cases = assignedCases(reader);
  if (cases.length > 0) ors.push(eb('incidents.id', 'in', eb.selectFrom('case_incidents').select('case_incidents.incident_id').where('case_incidents.case_id', 'in', cases)));
  if (roles.includes('monitor')) {
    ors.push(published);
    if (reader.regions.length > 0) ors.push(eb.and([eb('incidents.region', 'in', [...reader.regions]), eb('incidents.confidential', '=', 0)]));
    if (reader.userId) ors.push(eb('incidents.created_by', '=', reader.userId));
  }
  if (ors.length === 0) ors.push(published);
  return eb.or(ors);
}

/**
 * True when visibleIncidents reads only an incident's status, confidentiality, region and author,
 * so that it applies as well to counts kept per those columns (a lawyer's assigned cases name records).
 */
export function visibilityReadsColumnsOnly(reader: Reader): boolean {
  return assignedCases(reader).length === 0;
}

/** Ids of the incidents the reader may see, as a subquery. */
export function visibleIncidentIds(eb: ExpressionBuilder<DB, any>, reader: Reader) {
  return eb.selectFrom('incidents').select('incidents.id').where((i) => visibleIncidents(i, reader));
}

const assignedCases = (reader: Reader): string[] => (reader.roles.includes('lawyer') ? [...reader.assignedCases] : []);
const incidentsOfCases = (cases: readonly string[]) =>
  sql`(select ci.incident_id from case_incidents ci where ci.case_id in (${sql.join(cases.map((c) => sql`${c}`))}))`;

// ---------------------------------------------------------------------------------------------
// Confidential parts: the one rule, as data, so that the presenters (JavaScript) and the queries
// (SQL: filters, facets, statistics, people) cannot disagree about a hidden victim.

/**
 * Who sees a record's confidential parts: staff and analysts with the `confidential` grant see all;
 * otherwise the account that recorded it, and the lawyers of a case linked to it.
 */
interface ConfidentialAccess {
  readonly all: boolean;
  /** The reader as an author: only accounts that may record anything have written something. */
  readonly author: string | null;
  readonly cases: readonly string[];
}

function confidentialAccess(reader: Reader): ConfidentialAccess {
  if (isStaff(reader) || (reader.roles.includes('analyst') && reader.grants.includes('confidential'))) return { all: true, author: null, cases: [] };
  return { all: false, author: reader.can('records:write') ? reader.userId : null, cases: assignedCases(reader) };
}

/** Whether the reader sees every confidential part of every record it may see. */
export const seesAllConfidential = (reader: Reader): boolean => confidentialAccess(reader).all;

/**
 * What decides a reader's access to one record's confidential parts: who recorded it and the
 * legal cases linked to it. For an incident, its author and cases; for a person or an
 * organisation, the account that recorded that record and the cases of the incidents naming it.
 */
export interface RecordScope {
  readonly created_by: string | null;
  readonly case_ids: readonly string[];
}

export function seesConfidentialOf(reader: Reader, scope: RecordScope): boolean {
  const access = confidentialAccess(reader);
  return access.all || (access.author !== null && scope.created_by === access.author) || scope.case_ids.some((c) => access.cases.includes(c));
}

/**
 * The same rule in SQL, for the incident whose id and author the two expressions give: whether
 * the reader sees its confidential parts. Null when the reader sees every record's.
 */
export function seesConfidentialSql(reader: Reader, incident: { id: Expression<unknown>; createdBy: Expression<unknown> }): RawBuilder<boolean> | null {
  const access = confidentialAccess(reader);
  if (access.all) return null;
  const ors: RawBuilder<boolean>[] = [];
  // Null-safe: a record nobody recorded (an import) must come out false, never unknown.
  if (access.author) ors.push(sql<boolean>`coalesce(${incident.createdBy} = ${access.author}, false)`);
  if (access.cases.length > 0) ors.push(sql<boolean>`${incident.id} in ${incidentsOfCases(access.cases)}`);
  return ors.length === 0 ? sql<boolean>`1 = 0` : sql<boolean>`(${sql.join(ors, sql` or `)})`;
}

/**
 * Whether an act's victim (marked confidential by `hidden`, an SQL truth value) is hidden from the
 * reader: the victim is marked and the reader does not see its incident's confidential parts.
 * Null when nothing is hidden from the reader.
 */
export function victimHiddenSql(reader: Reader, hidden: Expression<unknown>, incident: { id: Expression<unknown>; createdBy: Expression<unknown> }): RawBuilder<boolean> | null {
  const sees = seesConfidentialSql(reader, incident);
  return sees === null ? null : sql<boolean>`(${hidden} and not ${sees})`;
}

/** The victim of an act of the `acts` table is marked confidential. */
const actVictimMarked = sql<boolean>`${sql.ref('acts.confidential_fields')} like ${'%"victim"%'}`;

/**
 * Acts whose victim the reader may learn of. Filters, facets and people's pages use it, so that
 * asking "which incidents concern this person?" cannot reveal a victim the incident page hides.
 */
export function victimShown(_eb: ExpressionBuilder<DB, 'acts'>, reader: Reader) {
  const incident = { id: sql.ref('acts.incident_id'), createdBy: sql`(select ai.created_by from incidents ai where ai.id = ${sql.ref('acts.incident_id')})` };
  const hidden = victimHiddenSql(reader, actVictimMarked, incident);
  return hidden === null ? sql<boolean>`1 = 1` : sql<boolean>`not ${hidden}`;
}

// ---------------------------------------------------------------------------------------------
// Writes.

/** Whether the reader may change an incident with these properties (a monitor: own drafts, own regions). */
export function mayEditIncident(reader: Reader, incident: { region: string | null | undefined; created_by: string | null; status: string }): string | undefined {
  if (!reader.can('records:write')) return 'you may not record incidents';
  if (isStaff(reader)) return undefined;
  if (reader.roles.includes('monitor')) {
    if (!incident.region || !reader.regions.includes(incident.region)) return `you record incidents only in your regions (${reader.regions.join(', ') || 'none assigned'})`;
    if (incident.created_by !== reader.userId) return 'you may edit only incidents you recorded';
    if (incident.status !== 'received') return 'you may edit only drafts; this incident is already being verified';
    return undefined;
  }
  return 'you may not change incidents';
}

/**
 * Whether the reader may change a stored person or organisation: staff any; an account that
 * recorded it, while nothing but its own drafts names it (once the desk has a report, the people in
 * it are the desk's).
 */
export function mayEditPeopleRecord(reader: Reader, record: { created_by: string | null; namedOutsideOwnDrafts: boolean }): string | undefined {
  if (!reader.can('records:write')) return 'you may not change people or organisations';
  if (isStaff(reader)) return undefined;
  if (!reader.userId || record.created_by !== reader.userId) return 'you may change only the people and organisations you recorded';
  if (record.namedOutsideOwnDrafts) return 'records named in verified or others\' incidents are changed by an editor';
  return undefined;
}

/** Whether the reader may change a legal case: staff, or a lawyer it is assigned to. */
export function mayEditCase(reader: Reader, caseId: string): string | undefined {
  if (!reader.can('cases:write')) return 'you may not record legal cases';
  if (isStaff(reader) || assignedCases(reader).includes(caseId)) return undefined;
  return 'you may change only the legal cases assigned to you';
}
