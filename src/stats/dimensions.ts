import { type RawBuilder, sql } from 'kysely';
import { victimHiddenSql } from '../incidents/incident.policy.js';
import type { Reader } from '../platform/reader.js';
import type { CountUnit, DimensionId } from './definition.schema.js';

/**
 * The dimensions a table may count along: where each one's value is stored, which joins reach it,
 * and at what grain it lives. The grain decides whether a count stays additive: an act has one
 * victim group but may have several perpetrators, so acts counted by perpetrator type add up to
 * more than the acts counted, and totals must then be counted, not summed.
 */

/** Tables joined to the acts counted (`stats_acts`) to reach a dimension's value. */
export type Join = 'involvements' | 'tags' | 'cases' | 'charges' | 'events';

/** Where a value lives: once per incident, per act, per victim, per legal case, per charge, or many times per act. */
export type Grain = 'incident' | 'act' | 'person' | 'case' | 'charge' | 'many';

/** The incident-list parameter that selects a value's records (`period`: from and to). */
export type ListKey = 'year' | 'period' | 'region' | 'type' | 'victim_group' | 'gender' | 'perpetrator_type' | 'article' | 'status' | 'context';

export interface DimensionInfo {
  readonly joins: readonly Join[];
  readonly grain: Grain;
  readonly listKey?: ListKey;
  /** Stored codes that hold the codes below them (act types, articles): a value matches its descendants. */
  readonly hierarchical?: boolean;
}

export const DIMENSION_INFO: Readonly<Record<DimensionId, DimensionInfo>> = {
  year: { joins: [], grain: 'incident', listKey: 'year' },
  quarter: { joins: [], grain: 'incident', listKey: 'period' },
  month: { joins: [], grain: 'incident', listKey: 'period' },
  region: { joins: [], grain: 'incident', listKey: 'region' },
  status: { joins: [], grain: 'incident', listKey: 'status' },
  type: { joins: [], grain: 'act', listKey: 'type', hierarchical: true },
  victim_kind: { joins: [], grain: 'act', listKey: 'victim_group' },
  victim_group: { joins: [], grain: 'act', listKey: 'victim_group' },
  gender: { joins: [], grain: 'person', listKey: 'gender' },
  perpetrator_type: { joins: ['involvements'], grain: 'many', listKey: 'perpetrator_type' },
  article: { joins: ['cases', 'charges'], grain: 'charge', listKey: 'article', hierarchical: true },
  proceeding: { joins: ['cases'], grain: 'case' },
  stage: { joins: ['cases', 'events'], grain: 'many' },
  outcome: { joins: ['cases', 'events'], grain: 'many' },
  context: { joins: ['tags'], grain: 'many', listKey: 'context' },
};

/**
 * The act's columns. The engine counts over `stats_acts` (each act with its incident's columns,
 * stored by migration 0003) under the alias `incidents`, so that the incident filters and the
 * reader's visibility apply unchanged; the act's own columns carry the `act_` prefix there.
 */
export const ACT = {
  id: 'incidents.act_id',
  type: 'incidents.act_type',
  victim_group: 'incidents.act_victim_group',
  person_id: 'incidents.act_person_id',
  organisation_id: 'incidents.act_organisation_id',
  gender: 'incidents.act_gender',
  victim_hidden: 'incidents.act_victim_hidden',
} as const;

/**
 * The acts whose victim is hidden from the reader (marked confidential, in a record whose
 * confidential parts the reader may not see), as SQL over the stored join; null when none is.
 * Such an act still counts, without the person behind it.
 */
export type HiddenVictim = RawBuilder<boolean> | null;
export const hiddenVictimFor = (reader: Reader): HiddenVictim =>
  victimHiddenSql(reader, sql`${sql.ref(ACT.victim_hidden)} = 1`, { id: sql.ref('incidents.id'), createdBy: sql.ref('incidents.created_by') });

/** The stored value of a dimension, as SQL. A hidden victim's gender is no gender. */
export function dimensionColumn(id: DimensionId, hiddenVictim: HiddenVictim): RawBuilder<unknown> {
  switch (id) {
    case 'year':
    case 'quarter':
    case 'month':
    case 'region':
    case 'status':
      return sql.ref(`incidents.${id}`);
    case 'type':
    case 'victim_group':
      return sql.ref(ACT[id]);
    case 'victim_kind':
      return sql`case when ${sql.ref(ACT.person_id)} is not null then 'person' else 'organisation' end`;
    case 'gender':
      return hiddenVictim ? sql`case when ${hiddenVictim} then null else ${sql.ref(ACT.gender)} end` : sql.ref(ACT.gender);
    case 'perpetrator_type':
      return sql.ref('involvements.perpetrator_type');
    case 'article':
      return sql.ref('case_charges.article');
    case 'proceeding':
      // A case about a crime against the victim is told apart from the victim's own prosecution.
      return sql`case when ${sql.ref('legal_cases.against_journalist')} = 0 then 'crime_against_victim' else ${sql.ref('legal_cases.kind')} end`;
    case 'stage':
      return sql.ref('case_events.instance');
    case 'outcome':
      return sql.ref('case_events.outcome');
    case 'context':
      return sql.ref('incident_tags.tag');
  }
}

/** Grains at which each unit is counted exactly once: grouping only by these keeps counts additive. */
const ADDITIVE_GRAINS: Readonly<Record<CountUnit, readonly Grain[]>> = {
  incidents: ['incident'],
  acts: ['incident', 'act', 'person'],
  persons: ['person'],
  charges: ['charge', 'case'],
};

/**
 * True when every record counted falls in exactly one cell, so that row and column totals are
 * sums. Otherwise (an incident with acts of two types, a person in two regions) totals are counted.
 */
export function isAdditive(unit: CountUnit, dimensions: readonly DimensionId[]): boolean {
  return dimensions.every((d) => ADDITIVE_GRAINS[unit].includes(DIMENSION_INFO[d].grain));
}

/** Joins a query needs for these dimensions and this unit (charges are the unit's own rows). */
export function joinsFor(unit: CountUnit, dimensions: readonly DimensionId[]): Set<Join> {
  const joins = new Set<Join>(dimensions.flatMap((d) => DIMENSION_INFO[d].joins));
  if (unit === 'charges') {
    joins.add('cases');
    joins.add('charges');
  }
  return joins;
}
