import type { SelectQueryBuilder } from 'kysely';
import { applyIncidentFilter, type IncidentFilter } from '../incidents/incident.filters.js';
import type { AppContext } from '../platform/context.js';
import type { Reader } from '../platform/reader.js';
import type { Language } from '../reference/vocabulary.js';
import { filterQueryString } from './cell-filter.js';
import { typeHierarchy } from './hierarchy.js';
import { impunityConfig } from './indicators.js';
import { impunityLabels } from './impunity.labels.js';
import { type Period, periodOf } from './period.js';

/**
 * Impunity for crimes against journalists, computed from the legal-case records (the state's
 * investigation status and the cases' dated events), never typed in: how far each incident got
 * (the funnel from the incident to the instigators' conviction), its status in CPJ's terms
 * (complete impunity, partial justice, full justice), and the share left in complete impunity per
 * year. Which crimes and which victims are followed is data (`indicators/impunity.json`).
 */

export const STAGES = ['incident', 'complaint', 'investigation', 'court', 'perpetrators_convicted', 'instigators_convicted'] as const;
export type Stage = (typeof STAGES)[number];
export const JUSTICE = ['complete_impunity', 'partial_justice', 'full_justice'] as const;
export type Justice = (typeof JUSTICE)[number];

// The investigation statuses in the order a case moves through them, and what each one shows.
const STATUS_STAGE: Readonly<Record<string, Stage>> = {
  not_registered: 'complaint',
  refused: 'complaint',
  opened: 'investigation',
  suspended: 'investigation',
  sent_to_court: 'court',
  perpetrators_convicted: 'perpetrators_convicted',
  masterminds_identified: 'perpetrators_convicted',
};
const EVENT_STAGE: Readonly<Record<string, Stage>> = {
  complaint: 'complaint',
  registration_refused: 'complaint',
  investigation_opened: 'investigation',
  investigation_suspended: 'investigation',
  investigation_closed: 'investigation',
  charged: 'investigation',
  preventive_measure: 'investigation',
  sent_to_court: 'court',
  hearing: 'court',
  decision: 'court',
  appeal_filed: 'court',
  appeal_decision: 'court',
  cassation_decision: 'court',
};
/** Outcomes that mean someone was found guilty of the crime. */
const CONVICTIONS = new Set(['convicted', 'imprisonment', 'suspended_sentence', 'restriction_of_liberty', 'fine']);

export interface ImpunityCase {
  readonly incident_id: string;
  readonly year: number | null;
  readonly case_ids: readonly string[];
  readonly stage: Stage;
  readonly status: Justice;
}

export interface ImpunityResult {
  readonly period: Period | null;
  readonly lang: Language;
  readonly funnel: readonly { stage: Stage; label: string; value: number }[];
  readonly statuses: readonly { status: Justice; label: string; value: number }[];
  readonly by_year: readonly { year: number | null; incidents: number; complete_impunity: number; partial_justice: number; full_justice: number; impunity_rate: number | null }[];
  readonly cases: readonly ImpunityCase[];
  readonly filter: string;
  readonly methodology: string;
}

type AnyQuery = SelectQueryBuilder<any, any, any>;
const rank = (s: Stage) => STAGES.indexOf(s);
const further = (a: Stage, b: Stage) => (rank(b) > rank(a) ? b : a);

export async function computeImpunity(ctx: AppContext, period: Pick<IncidentFilter, 'from' | 'to' | 'year'>, reader: Reader, lang: Language): Promise<ImpunityResult> {
  const { db, dialect } = ctx.database;
  const config = impunityConfig(ctx.profile);
  const hierarchy = typeHierarchy(ctx.profile);
  const crimeTypes = [...new Set(config.crime_types.flatMap((t) => hierarchy.descendants(t)))];
  const filter: IncidentFilter = { ...period, status: ['verified', 'published'] };

  // The incidents in scope: a crime against a followed victim (from the stored join of acts and
  // incidents, one index range), or a case about a crime against the victim. Cases, their events and
  // instigators are read from their own side (partial indexes hold just those rows, few), each
  // joined to the incidents the filters keep; CROSS JOIN keeps that side outermost on SQLite.
  const inPeriod = (q: AnyQuery): AnyQuery => applyIncidentFilter(q, filter, reader, dialect);
  const crimes = (await inPeriod(db.selectFrom('stats_acts as incidents') as AnyQuery)
    .where('incidents.act_type', 'in', crimeTypes)
    .where('incidents.act_victim_group', 'in', config.victim_groups)
    .select(['incidents.id', 'incidents.year'])
    .distinct()
    .execute()) as { id: string; year: number | null }[];
  const caseRows = (await inPeriod(
    db
      .selectFrom('legal_cases')
      .crossJoin('case_incidents')
      .crossJoin('incidents')
      .whereRef('case_incidents.case_id', '=', 'legal_cases.id')
      .whereRef('incidents.id', '=', 'case_incidents.incident_id') as AnyQuery,
  )
    .leftJoin('case_events', 'case_events.case_id', 'legal_cases.id')
    .where('legal_cases.against_journalist', '=', 0)
    .select(['incidents.id as incident_id', 'incidents.year', 'case_incidents.case_id', 'legal_cases.investigation_status', 'case_events.kind', 'case_events.outcome'])
    .execute()) as { incident_id: string; year: number | null; case_id: string; investigation_status: string | null; kind: string | null; outcome: string | null }[];
  const instigated = new Set(
    ((await inPeriod(db.selectFrom('involvements').crossJoin('incidents').whereRef('incidents.id', '=', 'involvements.incident_id') as AnyQuery)
      .where('involvements.degree', '=', 'instigator')
      .select('incidents.id')
      .execute()) as { id: string }[]).map((r) => r.id),
  );
  const inScope = new Map<string, number | null>([...crimes.map((r) => [r.id, r.year] as const), ...caseRows.map((r) => [r.incident_id, r.year] as const)]);
  const incidents = [...inScope].map(([id, year]) => ({ id, year })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const perIncident = new Map<string, { stage: Stage; cases: Set<string>; masterminds: boolean }>();
  for (const r of caseRows) {
    const e = perIncident.get(r.incident_id) ?? { stage: 'incident' as Stage, cases: new Set<string>(), masterminds: false };
    e.cases.add(r.case_id);
    e.stage = further(e.stage, 'complaint');
    if (r.investigation_status) e.stage = further(e.stage, STATUS_STAGE[r.investigation_status] ?? 'complaint');
    if (r.kind) e.stage = further(e.stage, EVENT_STAGE[r.kind] ?? 'complaint');
    if (r.outcome && CONVICTIONS.has(r.outcome)) e.stage = further(e.stage, 'perpetrators_convicted');
    if (r.investigation_status === 'masterminds_identified') e.masterminds = true;
    perIncident.set(r.incident_id, e);
  }
  const cases: ImpunityCase[] = incidents.map((i) => {
    const e = perIncident.get(i.id);
    let stage: Stage = e?.stage ?? 'incident';
    // The register records that masterminds were identified; with a conviction we take them as convicted too.
    if (stage === 'perpetrators_convicted' && e?.masterminds) stage = 'instigators_convicted';
    const convicted = rank(stage) >= rank('perpetrators_convicted');
    const status: Justice = !convicted ? 'complete_impunity' : stage === 'instigators_convicted' || !instigated.has(i.id) ? 'full_justice' : 'partial_justice';
    return { incident_id: i.id, year: i.year, case_ids: [...(e?.cases ?? [])].sort(), stage, status };
  });

  const labels = impunityLabels();
  const reached = (s: Stage) => cases.filter((c) => rank(c.stage) >= rank(s)).length;
  const years = [...new Set(cases.map((c) => c.year))].sort((a, b) => (a ?? 0) - (b ?? 0));
  const count = (list: ImpunityCase[], s: Justice) => list.filter((c) => c.status === s).length;
  return {
    period: periodOf(filter),
    lang,
    funnel: STAGES.map((s) => ({ stage: s, label: labels.stages[s][lang], value: reached(s) })),
    statuses: JUSTICE.map((s) => ({ status: s, label: labels.justice[s][lang], value: count(cases, s) })),
    by_year: years.map((year) => {
      const list = cases.filter((c) => c.year === year);
      const impunity = count(list, 'complete_impunity');
      return { year, incidents: list.length, complete_impunity: impunity, partial_justice: count(list, 'partial_justice'), full_justice: count(list, 'full_justice'), impunity_rate: list.length ? Math.round((impunity / list.length) * 10_000) / 10_000 : null };
    }),
    cases,
    filter: filterQueryString(filter),
    methodology: config.methodology[lang],
  };
}
