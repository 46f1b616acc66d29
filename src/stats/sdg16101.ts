import { stringify } from 'csv-stringify/sync';
import { type SelectQueryBuilder, sql } from 'kysely';
import { neutraliseFormula } from '../exchange/tabular.js';
import { applyIncidentFilter, type IncidentFilter } from '../incidents/incident.filters.js';
import type { AppContext } from '../platform/context.js';
import { errors } from '../platform/errors.js';
import type { Reader } from '../platform/reader.js';
import type { Language } from '../reference/vocabulary.js';
import { filterQueryString, mergeFilters } from './cell-filter.js';
import { ACT, hiddenVictimFor } from './dimensions.js';
import { typeHierarchy } from './hierarchy.js';
import { sdgConfig, type SdgConfig } from './indicators.js';
import { FRAME, VALUE_LABELS } from './labels.js';

/**
 * SDG indicator 16.10.1 for a window of at most twelve months: persons (each counted once) who
 * suffered a verified killing, kidnapping, enforced disappearance, arbitrary detention or torture as
 * journalists, trade unionists or human rights defenders, disaggregated by violation, group, sex
 * and perpetrator; exported in the column layout of the UN SDG global database. Which acts and
 * which groups count is data (mappings.json, victim-groups.json); the methodology and our
 * assumptions are in `indicators/sdg-16-10-1.json`.
 */

export interface SdgWindow {
  readonly from: string;
  readonly to: string;
}

const DAY = 86_400_000;

/** A window is two real days, in order, at most twelve months apart (2020-01-01 to 2020-12-31 is the longest from that day). */
export function checkWindow(from: string, to: string, name: (field: 'from' | 'to') => string = (f) => f): SdgWindow {
  const parse = (s: string, field: 'from' | 'to') => {
    const t = Date.parse(`${s}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== s) {
      throw errors.validation([{ path: name(field), message: 'expected a day, YYYY-MM-DD' }]);
    }
    return t;
  };
  const start = parse(from, 'from');
  const end = parse(to, 'to');
  if (end < start) throw errors.validation([{ path: name('to'), message: 'the window ends before it starts' }]);
  const limit = new Date(start);
  limit.setUTCFullYear(limit.getUTCFullYear() + 1);
  if (end > limit.getTime() - DAY) throw errors.validation([{ path: name('to'), message: 'the window is longer than twelve months' }]);
  return { from, to };
}

export interface SdgEntry {
  readonly code: string;
  readonly label: string;
  readonly value: number;
  /** The incident-list query string of the records behind the number. */
  readonly filter: string;
}

/** One line of the UN layout; null in a disaggregation column means its total. */
export interface SdgRow {
  readonly violation: string | null;
  readonly occupation: string | null;
  readonly sex: string | null;
  readonly perpetrator: string | null;
  readonly value: number;
}

export interface SdgResult {
  readonly indicator: string;
  readonly window: SdgWindow;
  readonly lang: Language;
  readonly total: number;
  readonly filter: string;
  readonly by_violation: readonly SdgEntry[];
  readonly by_group: readonly SdgEntry[];
  readonly by_sex: readonly SdgEntry[];
  readonly by_perpetrator: readonly SdgEntry[];
  readonly rows: readonly SdgRow[];
  readonly methodology: string;
}

interface Victim {
  readonly violations: Set<string>;
  readonly groups: Set<string>;
  sex: string;
  readonly perpetrators: Set<string>;
}

type AnyQuery = SelectQueryBuilder<any, any, any>;

export async function computeSdg16101(ctx: AppContext, window: SdgWindow, reader: Reader, lang: Language): Promise<SdgResult> {
  const { profile } = ctx;
  const config = sdgConfig(profile);
  const hierarchy = typeHierarchy(profile);
  const framework = profile.mappings.frameworks.find((f) => f.id === 'sdg_16_10_1');
  if (!framework) throw new Error('the country profile has no sdg_16_10_1 framework in mappings.json');
  const rules = profile.mappings.rules.filter((r) => r.framework === 'sdg_16_10_1');
  const violationOf = new Map<string, string>();
  for (const c of framework.categories) {
    for (const r of rules.filter((x) => x.category === c.code)) for (const t of r.act_types) for (const d of hierarchy.descendants(t)) if (!violationOf.has(d)) violationOf.set(d, c.code);
  }
  const groupOf = new Map(profile.victimGroups.flatMap((g) => (g.sdg_16_10_1 && g.applies_to === 'person' ? [[g.code, g.sdg_16_10_1] as const] : [])));
  const state = new Map(profile.perpetratorTypes.map((p) => [p.code, p.state === true ? 'state' : p.state === false ? 'non_state' : 'unknown']));
  const hiddenVictim = hiddenVictimFor(reader);

  const base: IncidentFilter = { status: ['verified', 'published'] };
  // Over the acts with their incidents' columns (stats_acts, under the incidents alias: see dimensions.ts).
  let q = ctx.database.db
    .selectFrom('stats_acts as incidents')
    .leftJoin('involvements', 'involvements.act_id', ACT.id as never)
    .select([
      sql.ref(ACT.id).as('act_id'),
      sql.ref(ACT.person_id).as('person_id'),
      sql.ref(ACT.type).as('type'),
      sql.ref(ACT.victim_group).as('victim_group'),
      (hiddenVictim ? sql<number>`case when ${hiddenVictim} then 1 else 0 end` : sql<number>`0`).as('victim_hidden'),
      sql.ref(ACT.gender).as('gender'),
      'involvements.perpetrator_type',
    ]) as AnyQuery;
  q = applyIncidentFilter(q, base, reader, ctx.database.dialect)
    // The incident belongs to the window it began in, so consecutive windows never count it twice.
    .where('incidents.date_from', '>=', window.from)
    .where('incidents.date_from', '<=', window.to)
    .where(ACT.type, 'in', [...violationOf.keys()])
    .where(ACT.victim_group, 'in', [...groupOf.keys()])
    .where(sql<boolean>`${sql.ref(ACT.person_id)} is not null`);
  const rows = (await q.execute()) as { act_id: string; person_id: string; type: string; victim_group: string; victim_hidden: number; gender: string | null; perpetrator_type: string | null }[];

  const victims = new Map<string, Victim>();
  for (const r of rows) {
    const hidden = Number(r.victim_hidden) === 1;
    const key = hidden ? `act:${r.act_id}` : r.person_id;
    const v = victims.get(key) ?? { violations: new Set<string>(), groups: new Set<string>(), sex: 'unknown', perpetrators: new Set<string>() };
    v.violations.add(violationOf.get(r.type)!);
    v.groups.add(groupOf.get(r.victim_group)!);
    if (!hidden && r.gender) v.sex = r.gender;
    v.perpetrators.add(r.perpetrator_type ? (state.get(r.perpetrator_type) ?? 'unknown') : 'unknown');
    victims.set(key, v);
  }
  const precedence = (groups: Set<string>) => config.group_precedence.find((g) => groups.has(g)) ?? [...groups][0]!;
  const people = [...victims.values()].map((v) => ({ ...v, group: precedence(v.groups) }));

  type Pick = { violation?: string; occupation?: string; sex?: string; perpetrator?: string };
  const countOf = (p: Pick) =>
    people.filter(
      (v) =>
        (!p.violation || v.violations.has(p.violation)) &&
        (!p.occupation || v.group === p.occupation) &&
        (!p.sex || v.sex === p.sex) &&
        (!p.perpetrator || v.perpetrators.has(p.perpetrator)),
    ).length;

  const violations = framework.categories.map((c) => c.code);
  const occupations = [...new Set(config.group_precedence.filter((g) => [...groupOf.values()].includes(g)))];
  const sexes = ['female', 'male', ...(people.some((p) => p.sex === 'other') ? ['other'] : []), ...(people.some((p) => p.sex === 'unknown') ? ['unknown'] : [])];
  const perpetrators = ['state', 'non_state', 'unknown'];

  const codesOf = (map: ReadonlyMap<string, string>, value: string) => [...map].filter(([, v]) => v === value).map(([k]) => k);
  const baseFilter: IncidentFilter = { from: window.from, to: window.to, type: [...new Set(rules.flatMap((r) => r.act_types))], victim_group: [...groupOf.keys()], status: ['verified', 'published'] };
  const filterFor = (part: IncidentFilter) => filterQueryString(mergeFilters(baseFilter, part).filter);
  const violationTypes = (code: string) => [...new Set(rules.filter((r) => r.category === code).flatMap((r) => r.act_types))];
  const gender = VALUE_LABELS.gender!;
  const entry = (code: string, label: string, value: number, part: IncidentFilter): SdgEntry => ({ code, label, value, filter: filterFor(part) });

  const byViolation = violations.map((c) => entry(c, framework.categories.find((x) => x.code === c)!.labels[lang], countOf({ violation: c }), { type: violationTypes(c) }));
  const byGroup = occupations.map((g) => entry(g, profile.victimGroups.find((x) => x.code === g)?.labels[lang] ?? g, countOf({ occupation: g }), { victim_group: codesOf(groupOf, g) }));
  const bySex = sexes.map((s) => entry(s, gender[s]?.[lang] ?? FRAME.none[lang], countOf({ sex: s }), s === 'unknown' ? {} : { gender: [s as 'female'] }));
  const byPerpetrator = perpetrators.map((p) => entry(p, VALUE_LABELS.perpetrator_state![p]![lang], countOf({ perpetrator: p }), { perpetrator_type: codesOf(state, p) }));

  // The UN layout: the total, each disaggregation alone, and each violation crossed with the others.
  const sdgRows: SdgRow[] = [];
  const push = (p: Pick) => sdgRows.push({ violation: p.violation ?? null, occupation: p.occupation ?? null, sex: p.sex ?? null, perpetrator: p.perpetrator ?? null, value: countOf(p) });
  push({});
  for (const violation of [undefined, ...violations]) {
    if (violation) push({ violation });
    for (const sex of sexes) push({ violation, sex });
    for (const occupation of occupations) push({ violation, occupation });
    for (const perpetrator of perpetrators) push({ violation, perpetrator });
  }
  return {
    indicator: config.indicator,
    window,
    lang,
    total: people.length,
    filter: filterQueryString(baseFilter),
    by_violation: byViolation,
    by_group: byGroup,
    by_sex: bySex,
    by_perpetrator: byPerpetrator,
    rows: sdgRows,
    methodology: config.methodology[lang],
  };
}

export const SDG_COLUMNS = [
  'Goal',
  'Target',
  'Indicator',
  'SeriesCode',
  'SeriesDescription',
  'GeoAreaCode',
  'GeoAreaName',
  'TimePeriod',
  'Value',
  'Time_Detail',
  'Source',
  'FootNote',
  'Nature',
  'Units',
  'Reporting Type',
  'Sex',
  'Type of occupation',
  'Type of violation',
  'Type of perpetrator',
] as const;

/** The result as the UN SDG global database lays out a series: one line per value, disaggregations as columns. */
export function sdgCsv(result: SdgResult, config: SdgConfig): string {
  const c = config.codes;
  const code = (map: Record<string, string>, value: string | null, total: string) => (value === null ? total : (map[value] ?? value.toUpperCase()));
  const footnote = `Persons counted once; window ${result.window.from} to ${result.window.to}; see the methodology.`;
  const lines = result.rows.map((r) => [
    config.goal,
    config.target,
    config.indicator,
    config.series_code,
    config.series_description,
    config.geo_area_code,
    config.geo_area_name,
    result.window.to.slice(0, 4),
    String(r.value),
    `${result.window.from}/${result.window.to}`,
    config.source,
    footnote,
    config.nature,
    config.units,
    config.reporting_type,
    code(c.sex, r.sex, c.sex.total),
    code(c.occupation, r.occupation, c.total),
    code(c.violation, r.violation, c.total),
    code(c.perpetrator, r.perpetrator, c.total),
  ]);
  return `\uFEFF${stringify([[...SDG_COLUMNS], ...lines].map((l) => l.map(neutraliseFormula)))}`;
}
