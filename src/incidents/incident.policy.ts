import { type ExpressionBuilder, sql } from 'kysely';
import type { DB } from '../platform/db/schema.js';
import { isStaff, type Reader } from '../platform/reader.js';

/**
 * Who sees which incidents, and whose confidential fields. One place, used by every query (lists,
 * facets, search, exports) and by the presenter, so a reader's view is the same everywhere.
 *
 * - administrators and editors: everything;
 * - analysts: verified and published records; confidential records and fields only with the
 *   `confidential` grant;
 * - partners: verified and published records that are not confidential;
 * - lawyers: as partners, plus the incidents of their assigned cases, in full;
 * - monitors: published records, plus every record of their regions; confidential parts only of
 *   what they recorded themselves;
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
  if (roles.includes('lawyer') && reader.assignedCases.size > 0) {
    ors.push(
      eb('incidents.id', 'in', eb.selectFrom('case_incidents').select('case_incidents.incident_id').where('case_incidents.case_id', 'in', [...reader.assignedCases])),
    );
  }
  if (roles.includes('monitor')) {
    ors.push(published);
    if (reader.regions.length > 0) ors.push(eb('incidents.region', 'in', [...reader.regions]));
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
  return isStaff(reader) || !(reader.roles.includes('lawyer') && reader.assignedCases.size > 0);
}

/** What the presenter needs to know about a record to decide on its confidential parts. */
export interface RecordScope {
  readonly created_by: string | null;
  readonly case_ids: readonly string[];
}

export function seesConfidentialOf(reader: Reader, scope: RecordScope): boolean {
  if (isStaff(reader)) return true;
  if (reader.roles.includes('analyst') && reader.grants.includes('confidential')) return true;
  if (reader.userId && scope.created_by === reader.userId) return true;
  if (reader.roles.includes('lawyer') && scope.case_ids.some((c) => reader.assignedCases.has(c))) return true;
  return false;
}

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
 * Acts whose victim the reader may learn of: for anyone but staff, not those whose victim is
 * marked confidential. Filters, facets and people's pages use it, so that asking "which incidents
 * concern this person?" cannot reveal a victim the incident page hides.
 */
export function victimShown(eb: ExpressionBuilder<DB, 'acts'>, reader: Reader) {
  return isStaff(reader) ? sql<boolean>`1 = 1` : eb('acts.confidential_fields', 'not like', '%"victim"%');
}

/** Ids of the incidents the reader may see, as a subquery. */
export function visibleIncidentIds(eb: ExpressionBuilder<DB, any>, reader: Reader) {
  return eb.selectFrom('incidents').select('incidents.id').where((i) => visibleIncidents(i, reader));
}
