import type { Labels } from '../labels.js';
import type { ChartKind } from './chart-data.js';

/**
 * The dashboard's charts: for each, what the engine counts and how it is drawn. A chart over a
 * year counts that year; `allYears` charts count every year. Every source is an ordinary
 * statistics query (an ad-hoc table, a named table of the profile, or the impunity funnel), so a
 * chart's numbers are the numbers of the table the API serves for the same question.
 */

export type ChartSource =
  | { readonly query: { readonly count: 'incidents' | 'acts' | 'persons' | 'charges'; readonly rows: string; readonly columns?: string } }
  | { readonly table: string }
  | { readonly impunity: true };

export interface ChartSpec {
  readonly id: string;
  readonly kind: ChartKind;
  readonly title: Labels;
  readonly source: ChartSource;
  readonly allYears?: boolean;
  readonly dropEmpty?: boolean;
}

const l = (en: string, ru: string, kk: string): Labels => ({ en, ru, kk });

export const CHARTS: readonly ChartSpec[] = [
  {
    id: 'incidents-by-month',
    kind: 'bar',
    title: l('Incidents by month', 'Инциденты по месяцам', 'Оқиғалар айлар бойынша'),
    source: { query: { count: 'incidents', rows: 'month' } },
  },
  {
    id: 'incidents-by-year',
    kind: 'bar',
    title: l('Incidents by year', 'Инциденты по годам', 'Оқиғалар жылдар бойынша'),
    source: { query: { count: 'incidents', rows: 'year' } },
    allYears: true,
  },
  {
    id: 'incidents-by-type',
    kind: 'hbar',
    title: l('Incidents by type of violation', 'Инциденты по видам нарушений', 'Оқиғалар бұзушылық түрлері бойынша'),
    source: { query: { count: 'incidents', rows: 'type:1' } },
    dropEmpty: true,
  },
  {
    id: 'victims-by-group-gender',
    kind: 'hbar',
    title: l('Violations by victim group and gender', 'Нарушения по группам пострадавших и полу', 'Бұзушылықтар зардап шегушілер топтары және жынысы бойынша'),
    // Acts, not distinct persons: each violation under its victim's group and gender, one grouped
    // query (distinct persons cost three more over the person records, several times the time).
    source: { query: { count: 'acts', rows: 'victim_group', columns: 'gender' } },
    dropEmpty: true,
  },
  {
    id: 'criminal-charges',
    kind: 'hbar',
    title: l('Criminal charges by article and victim group', 'Уголовные обвинения по статьям и группам пострадавших', 'Қылмыстық айыптар баптар және зардап шегушілер топтары бойынша'),
    source: { table: 'criminal-charges-by-article' },
    dropEmpty: true,
  },
  {
    id: 'impunity-funnel',
    kind: 'funnel',
    title: l('Impunity: how far crimes against journalists got', 'Безнаказанность: как далеко продвинулись дела о преступлениях против журналистов', 'Жазасыздық: журналистерге қарсы қылмыстар бойынша істер қаншалықты алға жылжыды'),
    source: { impunity: true },
  },
];

export const CHART_IDS = CHARTS.map((c) => c.id);

/** Words of the charts and the map that the statistics labels do not already hold. */
export const CHART_WORDS = {
  stage: l('Stage', 'Стадия', 'Саты'),
  crimes: l('incidents', 'инциденты', 'оқиғалар'),
  allYears: l('all years', 'все годы', 'барлық жылдар'),
  mapTitle: l('Incidents by region', 'Инциденты по регионам', 'Оқиғалар өңірлер бойынша'),
  noData: l('no incidents', 'нет инцидентов', 'оқиға жоқ'),
  source: l('Boundaries', 'Границы', 'Шекаралар'),
} as const;
