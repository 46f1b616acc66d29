import { type Kysely, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import { applyIncidentFilter, type IncidentFilter } from '../incidents/incident.filters.js';
import { visibilityReadsColumnsOnly } from '../incidents/incident.policy.js';
import type { Dialect } from '../platform/db/connection.js';
import type { DB } from '../platform/db/schema.js';
import type { Reader } from '../platform/reader.js';
import type { CountUnit } from './definition.schema.js';
import { ACT, type HiddenVictim, type Join } from './dimensions.js';

/**
 * All the SQL of the statistics engine: one query shape for both databases, over the acts with
 * their incidents' columns (`stats_acts`, read under the alias `incidents`) with the joins the
 * dimensions need, the incident filters and the reader's visibility applied by the incident list's
 * own `applyIncidentFilter`, grouped by the dimensions' expressions. Counts are cast to integers
 * (PostgreSQL returns bigint as text); grouping is by position, so the long CASE expressions of
 * categories appear once.
 */

export interface CountRequest {
  readonly unit: CountUnit;
  /** Every dimension expression of the table; each grouping picks some of them by index. */
  readonly expressions: readonly RawBuilder<unknown>[];
  readonly joins: ReadonlySet<Join>;
  /** Conditions beyond the filters: the table's restrictions and its categories' `other`/`none`. */
  readonly restrictions: readonly RawBuilder<boolean>[];
  /** Counting acts with `count(*)`: only when no join repeats an act. */
  readonly additive: boolean;
  /**
   * Incidents counted along dimensions that live on the incident only (year, month, region…): then
   * the incidents table itself answers, one row per incident, without the per-act rows.
   */
  readonly incidentGrain: boolean;
  /** Per expression: whether it is an incident's own column (one value per incident, and per act). */
  readonly incidentLevel: readonly boolean[];
  readonly filter: IncidentFilter;
  readonly reader: Reader;
  readonly dialect: Dialect;
  /** The acts whose victim is hidden from the reader (dimensions.ts). */
  readonly hiddenVictim: HiddenVictim;
}

/** One count per combination of the grouped expressions' values (null values kept as null). */
export interface CountRow {
  readonly keys: readonly (string | null)[];
  readonly n: number;
}

// The query builder's types cannot follow joins chosen at run time; the loose type stays in this file.
type AnyQuery = SelectQueryBuilder<any, any, any>;

const ref = (column: string) => sql.ref(column);

/** A case belongs to an act when it names the act's victim, or names no person at all. */
const caseOfAct = sql<boolean>`(
  ${ref(ACT.person_id)} is null
  or exists (select 1 from case_parties cp where cp.case_id = ${ref('case_incidents.case_id')} and cp.person_id = ${ref(ACT.person_id)})
  or exists (select 1 from case_charges cx where cx.case_id = ${ref('case_incidents.case_id')} and cx.person_id = ${ref(ACT.person_id)})
  or (not exists (select 1 from case_parties cp where cp.case_id = ${ref('case_incidents.case_id')} and cp.person_id is not null)
      and not exists (select 1 from case_charges cx where cx.case_id = ${ref('case_incidents.case_id')} and cx.person_id is not null)))`;

/** A charge belongs to an act when it names the act's victim or names no one. */
const chargeOfAct = sql<boolean>`(${ref('case_charges.person_id')} is null or ${ref('case_charges.person_id')} = ${ref(ACT.person_id)})`;

function withJoins(query: AnyQuery, joins: ReadonlySet<Join>, unit: CountUnit): AnyQuery {
  let q = query;
  // The charges table counts charges: its cases and charges must exist (inner joins).
  const inner = unit === 'charges';
  if (joins.has('involvements')) q = q.leftJoin('involvements', 'involvements.act_id', ACT.id);
  if (joins.has('tags')) q = q.leftJoin('incident_tags', 'incident_tags.incident_id', 'incidents.id');
  if (joins.has('cases') || joins.has('charges') || joins.has('events')) {
    const on = (j: any) => j.onRef('case_incidents.incident_id', '=', 'incidents.id').on(caseOfAct);
    q = inner ? q.innerJoin('case_incidents', on) : q.leftJoin('case_incidents', on);
    q = q.leftJoin('legal_cases', 'legal_cases.id', 'case_incidents.case_id');
  }
  if (joins.has('charges')) {
    const on = (j: any) => j.onRef('case_charges.case_id', '=', 'case_incidents.case_id').on(chargeOfAct);
    q = inner ? q.innerJoin('case_charges', on) : q.leftJoin('case_charges', on);
  }
  if (joins.has('events')) q = q.leftJoin('case_events', 'case_events.case_id', 'case_incidents.case_id');
  return q;
}

const under = (column: string, codes: readonly string[]) =>
  sql<boolean>`(${sql.join(codes.map((c) => sql`${ref(column)} = ${c} or ${ref(column)} like ${`${c}.%`}`), sql` or `)})`;

/**
 * The filters that name something an act has (its type, victim, perpetrator, charge) hold for the
 * act counted, not merely for some act of its incident: a table of threats counts the threats. A
 * victim hidden from the reader matches no filter on who the victim is, as on the incident list.
 */
function actFilters(query: AnyQuery, filter: IncidentFilter, unit: CountUnit, hiddenVictim: HiddenVictim): AnyQuery {
  let q = query;
  if (filter.type) q = q.where(under(ACT.type, filter.type));
  if (filter.victim_group) q = q.where(ACT.victim_group, 'in', filter.victim_group);
  if (hiddenVictim && (filter.person || filter.gender || filter.organisation)) q = q.where(sql<boolean>`not ${hiddenVictim}`);
  if (filter.person) q = q.where(ACT.person_id, '=', filter.person);
  if (filter.gender) q = q.where(ACT.gender, 'in', filter.gender);
  if (filter.organisation) {
    const org = filter.organisation;
    q = q.where((eb: any) =>
      eb.or([eb(ACT.organisation_id, '=', org), eb.exists(eb.selectFrom('persons as op').select(sql.lit(1).as('x')).whereRef('op.id', '=', ACT.person_id).where('op.outlet_id', '=', org))]),
    );
  }
  if (filter.perpetrator_type) {
    const types = filter.perpetrator_type;
    q = q.where((eb: any) => eb.exists(eb.selectFrom('involvements as fi').select(sql.lit(1).as('x')).whereRef('fi.act_id', '=', ACT.id).where('fi.perpetrator_type', 'in', types)));
  }
  if (filter.article && unit === 'charges') q = q.where(under('case_charges.article', filter.article));
  else if (filter.article) {
    const articles = filter.article;
    q = q.where(
      sql<boolean>`exists (select 1 from case_incidents fci join case_charges fcc on fcc.case_id = fci.case_id
        where fci.incident_id = ${ref('incidents.id')} and (fcc.person_id is null or fcc.person_id = ${ref(ACT.person_id)})
        and ${under('fcc.article', articles)})`,
    );
  }
  return q;
}

function countExpression(request: CountRequest): RawBuilder<number> {
  switch (request.unit) {
    case 'incidents':
      return sql<number>`cast(count(distinct ${ref('incidents.id')}) as integer)`;
    case 'acts':
      return request.additive ? sql<number>`cast(count(*) as integer)` : sql<number>`cast(count(distinct ${ref(ACT.id)}) as integer)`;
    case 'persons': {
      // A hidden victim still counts as someone, but cannot be told apart from anyone else.
      const person = request.hiddenVictim ? sql`case when ${request.hiddenVictim} then ${'act:'} || ${ref(ACT.id)} else ${ref(ACT.person_id)} end` : ref(ACT.person_id);
      return sql<number>`cast(count(distinct ${person}) as integer)`;
    }
    case 'charges':
      return sql<number>`cast(count(distinct ${ref('case_charges.case_id')} || ${':'} || cast(${ref('case_charges.position')} as text)) as integer)`;
  }
}

/** Filters that name something an act has; with any of them the acts must be read. */
const ACT_FILTERS = ['type', 'victim_group', 'person', 'gender', 'organisation', 'perpetrator_type', 'article'] as const;

/** Runs one grouped count per grouping (a list of expression indexes; empty for the grand total). */
export async function countGroups(db: Kysely<DB>, request: CountRequest, groupings: readonly (readonly number[])[]): Promise<CountRow[][]> {
  const noActFilter = ACT_FILTERS.every((k) => request.filter[k] === undefined);
  const incidentLevel = (g: readonly number[]) => g.every((i) => request.incidentLevel[i]);
  // Every incident has at least one act, so counting incidents along their own columns over the
  // incidents table (or its kept counts) gives the same numbers as counting distinct incidents over
  // their acts, many times faster, unless an act filter or an act-level restriction narrows them.
  const byIncident = (g: readonly number[]) => request.unit === 'incidents' && noActFilter && incidentLevel(g) && (request.incidentGrain || request.restrictions.length === 0);
  // An incident (and each of its acts) has one value of each incident column, so a grouping that
  // leaves out only such columns of a finer one is that one's counts summed.
  const finest = groupings.find((g) => groupings.every((h) => h.every((i) => g.includes(i))));
  const summable = (g: readonly number[]) =>
    finest !== undefined && g !== finest && (request.unit === 'incidents' || request.unit === 'acts') && incidentLevel(finest.filter((i) => !g.includes(i)));

  const restricted = (q: AnyQuery) => request.restrictions.reduce((r, c) => r.where(c), q);
  const overActs = () => restricted(actFilters(applyIncidentFilter(withJoins(db.selectFrom('stats_acts as incidents') as AnyQuery, request.joins, request.unit), request.filter, request.reader, request.dialect), request.filter, request.unit, request.hiddenVictim));
  const summed = summaryServes(request);
  const overIncidents = () => restricted(applyIncidentFilter(db.selectFrom(summed ? 'stats_incident_counts as incidents' : 'incidents') as AnyQuery, request.filter, request.reader, request.dialect));
  const incidentCount = summed ? sql<number>`cast(coalesce(sum(${ref('incidents.n')}), 0) as integer)` : sql<number>`cast(count(*) as integer)`;
  const run = async (grouping: readonly number[]): Promise<CountRow[]> => {
    const perIncident = byIncident(grouping);
    let q = (perIncident ? overIncidents() : overActs()).select(grouping.map((i, k) => request.expressions[i]!.as(`d${k}`))).select((perIncident ? incidentCount : countExpression(request)).as('n'));
    if (grouping.length) q = q.groupBy(grouping.map((_, k) => sql.raw(String(k + 1))));
    // Kept counts may have fallen to zero for some combination; a count of rows never shows one.
    if (grouping.length && perIncident && summed) q = q.having(sql<boolean>`sum(${ref('incidents.n')}) > 0`);
    const rows = (await q.execute()) as Record<string, unknown>[];
    return rows.map((r) => ({ keys: grouping.map((_, k) => (r[`d${k}`] === null || r[`d${k}`] === undefined ? null : String(r[`d${k}`]))), n: Number(r.n) }));
  };
  const derived = groupings.map((g) => !byIncident(g) && summable(g));
  const counted = await Promise.all(groupings.map((g, i) => (derived[i] ? null : run(g))));
  const finestRows = finest ? counted[groupings.indexOf(finest)]! : [];
  return groupings.map((g, i) => counted[i] ?? sumUp(finestRows, g.map((index) => finest!.indexOf(index))));
}

/** The counts of a coarser grouping (positions into the finer grouping's keys), summed from its cells. */
function sumUp(cells: readonly CountRow[], positions: readonly number[]): CountRow[] {
  const sums = new Map<string, CountRow>();
  // Without a grouping, SQL answers one row even when nothing is counted.
  if (positions.length === 0) sums.set('[]', { keys: [], n: 0 });
  for (const cell of cells) {
    const keys = positions.map((p) => cell.keys[p] ?? null);
    const id = JSON.stringify(keys);
    sums.set(id, { keys, n: (sums.get(id)?.n ?? 0) + cell.n });
  }
  return [...sums.values()];
}

/**
 * Counts of incidents read `stats_incident_counts` (per year, month, quarter, region, status,
 * confidentiality and author) when the filters and the reader's visibility ask nothing else of an
 * incident: no dates (they span days), no search, no context tags, no list of the reader's cases.
 */
function summaryServes(request: CountRequest): boolean {
  const f = request.filter;
  return f.from === undefined && f.to === undefined && f.q === undefined && f.context === undefined && visibilityReadsColumnsOnly(request.reader);
}
