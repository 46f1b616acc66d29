import type { AppContext } from '../../platform/context.js';
import { PUBLIC_READER } from '../../platform/reader.js';
import { formatDate, formatNumber } from '../../reference/languages/format.js';
import { chartFromTable } from '../../stats/charts/chart-data.js';
import { chartSvg } from '../../stats/charts/chart-svg.js';
import { chartSize } from '../../stats/charts/chart-option.js';
import { mapsFromCounts } from '../../stats/map/map.service.js';
import { mapSvg } from '../../stats/map/map-svg.js';
import type { StatsTable } from '../../stats/table.types.js';
import { getAssessment, getItem, type AssessmentView, type ItemView } from '../assessment.service.js';
import { getFrameworkVersion, judgementScale } from '../framework.service.js';
import { getSnapshot, type Snapshot } from '../snapshot.service.js';
import { countryName, REPORT_LABELS, SOURCE_WORDS } from './labels.js';
import type {
  BibliographyEntry,
  Footnote,
  LocalText,
  ReportCategory,
  ReportChart,
  ReportElement,
  ReportEvidence,
  ReportLang,
  ReportModel,
  ReportStatistics,
  ReportTable,
} from './report-model.js';

/**
 * Puts together everything a report needs in one language: the assessment's texts and items,
 * the statistics frozen in a snapshot, and the charts drawn from those frozen tables. Nothing is
 * read from the register except through the snapshot, and everything is read as the public
 * would see it: a report is a published document.
 */

export interface BuildOptions {
  /** A snapshot of the assessment; by default its latest. An assessment without one gets a report without statistics. */
  readonly snapshotId?: string;
  /** The moment printed on the report; fixed in tests to compare two renders byte for byte. */
  readonly now?: Date;
  /** Skip drawing charts and the map (the HTML is then smaller and faster, e.g. for previews). */
  readonly charts?: boolean;
  /** Told when the texts are read and the charts are being drawn, for a progress bar. */
  readonly onStep?: (step: 'charts') => void;
}

/** The indicator whose findings carry the statistics section. */
const STATISTICS_INDICATOR = 'A.1';

type Findings = ItemView['findings'];

/** The finding in the report's language, or the original with a note that it is not translated. */
export function pickText(findings: Findings, lang: ReportLang, original: string | null): LocalText | null {
  const own = findings.find((f) => f.lang === lang && f.text.trim());
  if (own) {
    const translated = own.translation !== 'original' && original !== null && original !== lang;
    return { markdown: own.text, lang, untranslated: false, translated, source_lang: translated ? (original as ReportLang) : null, status: translated ? own.translation : null };
  }
  const fallback = findings.find((f) => f.lang === original && f.text.trim()) ?? findings.find((f) => f.lang === 'en' && f.text.trim()) ?? findings.find((f) => f.text.trim());
  if (!fallback) return null;
  return { markdown: fallback.text, lang: fallback.lang as ReportLang, untranslated: true, translated: false, source_lang: null, status: null };
}

/** A text of the assessment (foreword, summary…), stored per language. */
function pickDocText(texts: Record<string, string> | undefined, lang: ReportLang): LocalText | null {
  if (!texts) return null;
  const findings = Object.entries(texts).map(([l, text]) => ({ lang: l, text, translation: l === 'en' ? 'original' : 'draft' }));
  return pickText(findings, lang, texts.en ? 'en' : (Object.keys(texts)[0] ?? null));
}

/** `[66, 67, 68, 70]` → `66–68, 70`. */
export function lineRanges(lines: readonly number[]): string {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

const cellText = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** A statistics table as rows of text: row labels, one column per column header, and the total. */
export function tableOf(t: StatsTable, lang: ReportLang): ReportTable {
  const rowHead = t.row_dimensions.map((d) => d.label);
  const total = REPORT_TOTAL[lang];
  const header = [...(rowHead.length ? rowHead : ['']), ...t.columns.map((c) => c.labels.join(' / ')), ...(t.columns.length ? [total] : [t.count_label])];
  const number = (value: number) => formatNumber(value, lang);
  const rows = t.rows.map((r) => [...r.labels, ...r.cells.map((c) => number(c.value)), number(r.total.value)]);
  const totalRow = [total, ...Array(Math.max(0, rowHead.length - 1)).fill(''), ...t.columns.map((c) => number(c.total.value)), number(t.total.value)];
  return { id: t.id ?? t.title, title: t.title, header, rows: [...rows, totalRow], note: t.methodology || null, version: t.version };
}

const REPORT_TOTAL: Readonly<Record<ReportLang, string>> = { en: 'Total', ru: 'Всего', kk: 'Барлығы' };

function snapshotTable(snapshot: Snapshot, id: string, lang: ReportLang): StatsTable | null {
  const byLang = snapshot.content.tables[id] as Record<string, StatsTable> | undefined;
  return byLang?.[lang] ?? null;
}

/** Charts are drawn from the frozen tables, so they show the snapshot's numbers. */
async function chartsOf(snapshot: Snapshot, lang: ReportLang): Promise<ReportChart[]> {
  const charts: ReportChart[] = [];
  for (const meta of snapshot.tables) {
    const table = snapshotTable(snapshot, meta.id, lang);
    if (!table || table.total.value === 0) continue;
    const kind = table.rows.length > 6 ? 'hbar' : 'bar';
    const data = chartFromTable(table, { id: meta.id, kind, lang, title: table.title, period: String(snapshot.year), dropEmpty: true });
    const { width, height } = chartSize(data, true);
    charts.push({ id: meta.id, title: table.title, svg: await chartSvg(data), width, height });
  }
  return charts;
}

async function statisticsOf(ctx: AppContext, snapshot: Snapshot | null, lang: ReportLang, drawCharts: boolean): Promise<ReportStatistics> {
  if (!snapshot) return { indicator: STATISTICS_INDICATOR, tables: [], charts: [], map: null, notes: [NO_SNAPSHOT[lang]] };
  const tables = snapshot.tables.map((m) => snapshotTable(snapshot, m.id, lang)).filter((t): t is StatsTable => t !== null).map((t) => tableOf(t, lang));
  if (!drawCharts) return { indicator: STATISTICS_INDICATOR, tables, charts: [], map: null, notes: [] };
  const notes: string[] = [];
  let map: ReportChart | null = null;
  const regions = snapshot.content.regions?.[lang] as StatsTable | undefined;
  if (regions) {
    const [model] = mapsFromCounts(ctx, snapshot.year, regions, ['choropleth'], lang);
    map = { id: 'map', title: model!.title, svg: mapSvg(model!), width: model!.width, height: model!.height };
  } else {
    notes.push(MAP_MISSING[lang]);
  }
  return { indicator: STATISTICS_INDICATOR, tables, charts: await chartsOf(snapshot, lang), map, notes };
}

const NO_SNAPSHOT: Readonly<Record<ReportLang, string>> = {
  en: 'No snapshot of the statistics has been taken for this assessment yet.',
  ru: 'Снимок статистики для этой оценки ещё не сделан.',
  kk: 'Бұл бағалау үшін статистиканың суреті әлі жасалмаған.',
};
const MAP_MISSING: Readonly<Record<ReportLang, string>> = {
  en: 'This snapshot holds no counts by region, so the report has no map; take a new snapshot.',
  ru: 'В этом снимке нет данных по регионам, поэтому в отчёте нет карты; сделайте новый снимок.',
  kk: 'Бұл суретте өңірлер бойынша деректер жоқ, сондықтан есепте карта жоқ; жаңа сурет жасаңыз.',
};

function evidenceOf(item: ItemView, lang: ReportLang, snapshot: Snapshot | null, publicUrl: string): ReportEvidence[] {
  const words = SOURCE_WORDS[lang];
  const out: ReportEvidence[] = [];
  for (const e of item.evidence) {
    const data = e.data;
    if (e.kind === 'incident') {
      // Incidents the public may not see are left out of a published report altogether. The
      // incident is cited by its id, not by its current title, so a later edit of the record
      // cannot change a report made from a snapshot.
      if (data.hidden || !e.ref) continue;
      out.push({ kind: 'incident', label: `${words.incident} ${e.ref}`, reference: `${publicUrl}/incidents/${encodeURIComponent(e.ref)}`, note: null, table: null });
    } else if (e.kind === 'stats_table' && e.ref) {
      const table = snapshot ? snapshotTable(snapshot, e.ref, lang) : null;
      out.push({ kind: 'stats_table', label: `${words.table}: ${table?.title ?? e.ref}`, reference: e.ref, note: null, table: null });
    } else if (e.kind === 'dataset') {
      const title = pickTitle(data.title as Record<string, string> | undefined, lang) ?? '';
      const columns = (data.columns as string[] | undefined) ?? [];
      const rows = ((data.rows as unknown[][] | undefined) ?? []).map((r) => r.map(cellText));
      const lines = data.seed_lines as number[] | undefined;
      const note = lines?.length ? words.seed(lineRanges(lines)) : null;
      out.push({ kind: 'dataset', label: title, reference: null, note, table: { id: e.id, title, header: columns, rows, note, version: null } });
    } else if (e.kind === 'document') {
      out.push({ kind: 'document', label: String(data.filename ?? data.title ?? e.ref ?? ''), reference: null, note: null, table: null });
    }
  }
  return out;
}

function pickTitle(titles: Record<string, string> | undefined, lang: ReportLang): string | null {
  if (!titles) return null;
  return titles[lang] ?? titles.en ?? Object.values(titles)[0] ?? null;
}

interface Bibliography {
  id: string;
  citation: string;
  url?: string;
}
interface Abbreviation {
  short: string;
  long: Record<string, string>;
}

export async function buildReportModel(ctx: AppContext, assessmentId: string, lang: ReportLang, options: BuildOptions = {}): Promise<ReportModel> {
  const assessment: AssessmentView = await getAssessment(ctx, assessmentId);
  const snapshot = await getSnapshot(ctx, assessmentId, options.snapshotId).catch((error: unknown) => {
    // Without a snapshot the report is still made, with a note instead of the statistics;
    // a snapshot asked for by id must exist.
    if (options.snapshotId) throw error;
    return null;
  });
  const items = new Map<string, ItemView>();
  for (const summary of assessment.items) items.set(summary.element_id, await getItem(ctx, assessmentId, summary.element_id, PUBLIC_READER));

  const labels = REPORT_LABELS[lang];
  const scale = judgementScale();
  const judgementLabel = (code: string | null) => (code ? (scale.values.find((v) => v.code === code)?.label[lang] ?? code) : null);
  const footnotes: Footnote[] = [];
  const note = (text: string): number => {
    footnotes.push({ n: footnotes.length + 1, text });
    return footnotes.length;
  };
  const publicUrl = ctx.config.publicUrl;

  const children = new Map<string | null, typeof assessment.elements>();
  for (const e of assessment.elements) children.set(e.parent, [...(children.get(e.parent) ?? []), e]);

  const elementOf = (id: string): ReportElement => {
    const e = assessment.elements.find((x) => x.id === id)!;
    const item = items.get(id);
    const refs: number[] = [];
    if (item?.seed_lines.length) refs.push(note(SOURCE_WORDS[lang].seed(lineRanges(item.seed_lines))));
    const evidence = item ? evidenceOf(item, lang, snapshot, publicUrl) : [];
    for (const ev of evidence) if (ev.kind === 'stats_table' && snapshot) refs.push(note(`${ev.label}. ${SOURCE_WORDS[lang].snapshot(formatDate(snapshot.taken_at.slice(0, 10), lang), snapshot.record_count)}`));
    return {
      id,
      level: e.level === 'indicator' ? 'indicator' : 'sub_indicator',
      title: e.label[lang],
      judgement: item?.judgement ?? null,
      judgement_label: judgementLabel(item?.judgement ?? null),
      findings: item ? pickText(item.findings, lang, item.original_language) : null,
      evidence,
      footnotes: refs,
      sub_indicators: (children.get(id) ?? []).map((c) => elementOf(c.id)),
    };
  };

  const categories: ReportCategory[] = (children.get(null) ?? []).map((c) => {
    const indicators = (children.get(c.id) ?? []).map((e) => elementOf(e.id));
    const all: ReportElement[] = [];
    const collect = (list: readonly ReportElement[]) => list.forEach((x) => (all.push(x), collect(x.sub_indicators)));
    collect(indicators);
    const item = items.get(c.id);
    return {
      id: c.id,
      title: c.label[lang],
      indicators,
      summary: {
        judgements: scale.values
          .map((v) => ({ judgement: v.code, label: v.label[lang], count: all.filter((x) => x.judgement === v.code).length }))
          .concat([{ judgement: 'none', label: labels.not_judged, count: all.filter((x) => x.judgement === null).length }])
          .filter((j) => j.count > 0),
        findings: item ? pickText(item.findings, lang, item.original_language) : null,
      },
    };
  });

  const framework = await getFrameworkVersion(ctx, assessment.framework_version_id);
  const texts = assessment.texts;
  const country = countryName(assessment.country, lang);
  return {
    lang,
    assessment_id: assessment.id,
    country: assessment.country,
    country_name: country,
    year: assessment.year,
    title: pickTitle(assessment.title, lang) ?? `${country} ${assessment.year}`,
    subtitle: SUBTITLE[lang](country, assessment.year),
    framework: { id: framework.id, version: framework.version, title: framework.title[lang] },
    team: assessment.team.map((m) => ({ name: m.name, role: m.role })),
    snapshot: snapshot ? { id: snapshot.id, taken_at: snapshot.taken_at, record_count: snapshot.record_count, tables: snapshot.tables.map((t) => ({ id: t.id, version: t.version })) } : null,
    rendered_at: (options.now ?? new Date()).toISOString(),
    foreword: pickDocText(texts.foreword, lang),
    executive_summary: pickDocText(texts.executive_summary, lang),
    introduction: pickDocText(texts.introduction, lang),
    methodology: pickDocText(texts.methodology, lang),
    recommendations: pickDocText(texts.recommendations, lang),
    abbreviations: (assessment.abbreviations as Abbreviation[]).map((a) => ({ short: a.short, full: pickTitle(a.long, lang) ?? '' })),
    categories,
    statistics: await (options.onStep?.('charts'), statisticsOf(ctx, snapshot, lang, options.charts ?? true)),
    bibliography: (assessment.bibliography as Bibliography[]).map((b): BibliographyEntry => ({ id: b.id, text: b.citation, url: b.url ?? null })),
    footnotes,
    labels,
  };
}

const SUBTITLE: Readonly<Record<ReportLang, (country: string, year: number) => string>> = {
  en: (c, y) => `National assessment of the UNESCO Journalists' Safety Indicators · ${c} · ${y}`,
  ru: (c, y) => `Национальная оценка по Индикаторам безопасности журналистов ЮНЕСКО · ${c} · ${y}`,
  kk: (c, y) => `ЮНЕСКО-ның Журналистер қауіпсіздігі индикаторлары бойынша ұлттық бағалау · ${c} · ${y}`,
};
