import { sql } from 'kysely';
import type { AppContext } from '../platform/context.js';
import type { Reader } from '../platform/reader.js';
import { type IncidentFilter, filteredIncidentIds } from './incident.filters.js';
import { victimShown } from './incident.policy.js';

export type FacetCounts = Record<string, { value: string; count: number }[]>;

/**
 * How many incidents in the current selection have each value of each facet. Every count is of
 * distinct incidents, so an incident with two detained journalists counts once under `type`.
 */
export async function incidentFacets(ctx: AppContext, filter: IncidentFilter, reader: Reader): Promise<FacetCounts> {
  const { db, dialect } = ctx.database;
  const ids = () => filteredIncidentIds(db, filter, reader, dialect);
  const count = sql<number>`cast(count(distinct ${sql.ref('incident_id')}) as integer)`;
  const incidentCount = sql<number>`cast(count(*) as integer)`;
  const [year, region, status, type, group, gender, perpetrator, context, article] = await Promise.all([
    db.selectFrom('incidents').select(['year as value', incidentCount.as('count')]).where('id', 'in', ids()).groupBy('year').execute(),
    db.selectFrom('incidents').select(['region as value', incidentCount.as('count')]).where('id', 'in', ids()).groupBy('region').execute(),
    db.selectFrom('incidents').select(['status as value', incidentCount.as('count')]).where('id', 'in', ids()).groupBy('status').execute(),
    db.selectFrom('acts').select(['type as value', count.as('count')]).where('incident_id', 'in', ids()).groupBy('type').execute(),
    db.selectFrom('acts').select(['victim_group as value', count.as('count')]).where('incident_id', 'in', ids()).groupBy('victim_group').execute(),
    db
      .selectFrom('acts')
      .innerJoin('persons', 'persons.id', 'acts.person_id')
      .select(['persons.gender as value', count.as('count')])
      .where('acts.incident_id', 'in', ids())
      .where((a) => victimShown(a, reader))
      .groupBy('persons.gender')
      .execute(),
    db.selectFrom('involvements').select(['perpetrator_type as value', count.as('count')]).where('incident_id', 'in', ids()).groupBy('perpetrator_type').execute(),
    db.selectFrom('incident_tags').select(['tag as value', count.as('count')]).where('incident_id', 'in', ids()).groupBy('tag').execute(),
    db
      .selectFrom('case_incidents')
      .innerJoin('case_charges', 'case_charges.case_id', 'case_incidents.case_id')
      .select(['case_charges.article as value', count.as('count')])
      .where('case_incidents.incident_id', 'in', ids())
      .groupBy('case_charges.article')
      .execute(),
  ]);
  const tidy = (rows: { value: unknown; count: number }[]) =>
    rows
      .filter((r) => r.value !== null)
      .map((r) => ({ value: String(r.value), count: Number(r.count) }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return {
    year: tidy(year),
    region: tidy(region),
    status: tidy(status),
    type: tidy(type),
    victim_group: tidy(group),
    gender: tidy(gender),
    perpetrator_type: tidy(perpetrator),
    context: tidy(context),
    article: tidy(article),
  };
}
