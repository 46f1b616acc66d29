import { formatDate, formatMoment, formatNumber } from '../../reference/languages/format.js';
import { translationNote } from './labels.js';
import { markdownToHtml } from './markdown.js';
import type { LocalText, ReportCategory, ReportChart, ReportElement, ReportEvidence, ReportModel, ReportTable } from './report-model.js';
import { REPORT_CSS } from './report.css.js';

/**
 * The report as one self-contained HTML file (styles inline, charts as SVG images in data URLs),
 * which is also what Chromium prints to PDF. Users' text is Markdown rendered without raw HTML;
 * every other string is escaped here.
 */

export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** One line of the table of contents; `id` is the heading's anchor. */
export interface ContentsEntry {
  readonly id: string;
  readonly level: 1 | 2;
  readonly text: string;
}

export interface HtmlOptions {
  /** Page number of each heading (by anchor), once the PDF has been laid out; absent in plain HTML. */
  readonly pages?: ReadonlyMap<string, number>;
  /** Print placeholders where page numbers will go, so the first PDF pass has the final layout. */
  readonly pagePlaceholders?: boolean;
}

export const anchor = {
  section: (name: string) => `sec-${name}`,
  category: (id: string) => `cat-${id}`,
  element: (id: string) => `el-${id}`,
  summary: (id: string) => `sum-${id}`,
};

export const categoryHeading = (c: ReportCategory) => `${c.id}. ${c.title}`;
export const elementHeading = (e: ReportElement) => `${e.id} ${e.title}`;

/** The headings the contents list, in the order they appear. */
export function contentsOf(model: ReportModel): ContentsEntry[] {
  const l = model.labels;
  const out: ContentsEntry[] = [];
  const section = (name: string, text: string, present: boolean) => present && out.push({ id: anchor.section(name), level: 1, text });
  section('foreword', l.foreword, model.foreword !== null);
  section('abbreviations', l.abbreviations, model.abbreviations.length > 0);
  section('executive-summary', l.executive_summary, model.executive_summary !== null);
  section('introduction', l.introduction, model.introduction !== null);
  for (const c of model.categories) {
    out.push({ id: anchor.category(c.id), level: 1, text: categoryHeading(c) });
    for (const e of c.indicators) out.push({ id: anchor.element(e.id), level: 2, text: elementHeading(e) });
    out.push({ id: anchor.summary(c.id), level: 2, text: `${l.summary_of_findings} (${c.id})` });
  }
  section('recommendations', l.recommendations, model.recommendations !== null);
  section('methodology', l.methodology, model.methodology !== null);
  section('bibliography', l.bibliography, model.bibliography.length > 0);
  return out;
}

function text(t: LocalText | null, model: ReportModel, notes: readonly number[] = []): string {
  if (!t) return '';
  let html = markdownToHtml(t.markdown);
  if (notes.length) {
    const refs = notes.map((n) => `<sup class="fn-ref"><a href="#fn-${n}">${n}</a></sup>`).join('');
    const at = html.lastIndexOf('</p>');
    html = at >= 0 ? `${html.slice(0, at)}${refs}${html.slice(at)}` : `${html}<p>${refs}</p>`;
  }
  const flag = t.untranslated
    ? `<p class="untranslated">${esc(model.labels.untranslated)} (${esc(t.lang)})</p>`
    : t.translated
      ? `<p class="translation">${esc(translationNote(model.lang, t.source_lang, t.status))}</p>`
      : '';
  return `<div class="text" lang="${esc(t.lang)}">${flag}${html}</div>`;
}

export function tableHtml(t: ReportTable, caption = true): string {
  const head = `<tr>${t.header.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr>`;
  const body = t.rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join('')}</tr>`).join('');
  const note = t.note ? `<p class="table-note">${esc(t.note)}</p>` : '';
  return `<figure class="table">${caption ? `<figcaption>${esc(t.title)}</figcaption>` : ''}<table><thead>${head}</thead><tbody>${body}</tbody></table>${note}</figure>`;
}

const chartHtml = (c: ReportChart) =>
  `<figure class="chart"><img alt="${esc(c.title)}" width="${c.width}" height="${c.height}" src="data:image/svg+xml;base64,${Buffer.from(c.svg).toString('base64')}"></figure>`;

function evidenceHtml(list: readonly ReportEvidence[], model: ReportModel): string {
  if (!list.length) return '';
  const items = list
    .map((e) => {
      const label = e.reference && /^https?:/.test(e.reference) ? `<a href="${esc(e.reference)}">${esc(e.label)}</a>` : esc(e.label);
      return `<li>${label}${e.note ? ` <span class="note">${esc(e.note)}</span>` : ''}${e.table ? tableHtml({ ...e.table, note: null }, false) : ''}</li>`;
    })
    .join('');
  return `<div class="evidence"><p class="label">${esc(model.labels.evidence)}</p><ul>${items}</ul></div>`;
}

function judgementHtml(e: ReportElement, model: ReportModel): string {
  const value = e.judgement_label ?? model.labels.not_judged;
  return `<p class="judgement j-${esc(e.judgement ?? 'none')}"><span>${esc(model.labels.judgement)}:</span> <strong>${esc(value)}</strong></p>`;
}

function statisticsHtml(model: ReportModel): string {
  const s = model.statistics;
  const parts = [`<h4>${esc(model.labels.statistics)}</h4>`];
  if (model.snapshot) parts.push(`<p class="snapshot">${esc(model.labels.snapshot)}: ${esc(formatDate(model.snapshot.taken_at.slice(0, 10), model.lang))} · ${esc(formatNumber(model.snapshot.record_count, model.lang))}</p>`);
  for (const t of s.tables) {
    parts.push(tableHtml(t));
    const chart = s.charts.find((c) => c.id === t.id);
    if (chart) parts.push(chartHtml(chart));
  }
  if (s.map) parts.push(chartHtml(s.map));
  for (const n of s.notes) parts.push(`<p class="table-note">${esc(n)}</p>`);
  return `<section class="statistics">${parts.join('')}</section>`;
}

function elementHtml(e: ReportElement, model: ReportModel): string {
  const tag = e.level === 'indicator' ? 'h2' : 'h3';
  const stats = e.id === model.statistics.indicator ? statisticsHtml(model) : '';
  const subs = e.sub_indicators.map((s) => elementHtml(s, model)).join('');
  return `<section class="element ${e.level}"><${tag} id="${esc(anchor.element(e.id))}">${esc(elementHeading(e))}</${tag}>${judgementHtml(e, model)}${text(e.findings, model, e.footnotes)}${evidenceHtml(e.evidence, model)}${stats}${subs}</section>`;
}

function notesOf(elements: readonly ReportElement[]): number[] {
  return elements.flatMap((e) => [...e.footnotes, ...notesOf(e.sub_indicators)]);
}

function categoryHtml(c: ReportCategory, model: ReportModel): string {
  const l = model.labels;
  const counts = c.summary.judgements.map((j) => `<tr><th scope="row">${esc(j.label)}</th><td>${j.count}</td></tr>`).join('');
  const summary = `<section class="summary"><h2 id="${esc(anchor.summary(c.id))}">${esc(`${l.summary_of_findings} (${c.id})`)}</h2><table class="counts"><thead><tr><th scope="col">${esc(l.judgement)}</th><th scope="col">${esc(l.count)}</th></tr></thead><tbody>${counts}</tbody></table>${text(c.summary.findings, model)}</section>`;
  const notes = notesOf(c.indicators).map((n) => model.footnotes[n - 1]!);
  const notesHtml = notes.length ? `<section class="notes"><p class="label">${esc(l.notes)}</p><ol>${notes.map((f) => `<li id="fn-${f.n}" value="${f.n}">${esc(f.text)}</li>`).join('')}</ol></section>` : '';
  return `<section class="category" style="page: ${pageName(anchor.category(c.id))}"><h1 id="${esc(anchor.category(c.id))}">${esc(categoryHeading(c))}</h1>${c.indicators.map((e) => elementHtml(e, model)).join('')}${summary}${notesHtml}</section>`;
}

function contentsHtml(model: ReportModel, options: HtmlOptions): string {
  const entries = contentsOf(model)
    .map((e) => {
      const page = options.pages?.get(e.id);
      const number = page !== undefined ? String(page) : options.pagePlaceholders ? '000' : '';
      return `<li class="toc-${e.level}"><a href="#${esc(e.id)}"><span class="toc-text">${esc(e.text)}</span><span class="toc-page">${number}</span></a></li>`;
    })
    .join('');
  return `<nav class="contents" style="page: front" aria-labelledby="contents-title"><h1 class="no-outline" id="contents-title">${esc(model.labels.contents)}</h1><ol>${entries}</ol></nav>`;
}

function titlePage(model: ReportModel): string {
  const l = model.labels;
  const team = model.team.length
    ? `<div class="team"><p class="label">${esc(l.team)}</p><ul>${model.team.map((m) => `<li>${esc(m.name)}, ${esc(m.role)}</li>`).join('')}</ul></div>`
    : '';
  const snap = model.snapshot
    ? `<p class="snapshot">${esc(l.snapshot)}: ${esc(formatMoment(model.snapshot.taken_at, model.lang, 'utc'))} UTC · ${esc(formatNumber(model.snapshot.record_count, model.lang))} · ${model.snapshot.tables.map((t) => `${esc(t.id)}@${esc(t.version)}`).join(', ')}</p>`
    : '';
  return `<header class="title-page" style="page: front"><p class="country">${esc(model.country_name)} · ${model.year}</p><h1 class="no-outline report-title">${esc(model.title)}</h1><p class="subtitle">${esc(model.subtitle)}</p><p class="framework">${esc(l.framework)}: ${esc(model.framework.title)} (${esc(model.framework.version)})</p>${team}${snap}<p class="rendered">${esc(formatDate(model.rendered_at.slice(0, 10), model.lang))}</p></header>`;
}

/** A CSS page name per top-level section, so that its pages carry its title as running header. */
const pageName = (id: string) => `p-${id.replace(/[^A-Za-z0-9-]/g, '-')}`;

/** A CSS string: quotes and backslashes escaped, no line breaks, and no "<" that could close the style element. */
const cssString = (s: string) => `"${s.replace(/[\\"]/g, '\\$&').replace(/[\r\n]+/g, ' ').replace(/</g, '\\3C ')}"`;

/**
 * The printed page: margins, a running header with the section's title on the left and the country
 * and year on the right, and "page N of M" below (CSS page margin boxes, which Chromium prints).
 * The title page and the contents carry no header.
 */
function pageRules(model: ReportModel): string {
  const l = model.labels;
  const box = 'font-family: "Noto Sans", "DejaVu Sans", sans-serif; font-size: 7.5pt; color: #5b6470;';
  const rules = [
    `@page { size: A4; margin: 20mm 18mm 18mm; @top-right { content: ${cssString(`${model.country_name} · ${model.year}`)}; ${box} } @bottom-center { content: ${cssString(`${l.page} `)} counter(page) ${cssString(` ${l.of} `)} counter(pages); ${box} } }`,
    `@page front { @top-right { content: none; } }`,
  ];
  for (const e of contentsOf(model).filter((x) => x.level === 1)) rules.push(`@page ${pageName(e.id)} { @top-left { content: ${cssString(e.text)}; ${box} } }`);
  return rules.join('\n');
}

function section(name: string, title: string, body: string): string {
  return `<section class="part" id="part-${name}" style="page: ${pageName(anchor.section(name))}"><h1 id="${esc(anchor.section(name))}">${esc(title)}</h1>${body}</section>`;
}

export function renderHtml(model: ReportModel, options: HtmlOptions = {}): string {
  const l = model.labels;
  const parts: string[] = [titlePage(model), contentsHtml(model, options)];
  if (model.foreword) parts.push(section('foreword', l.foreword, text(model.foreword, model)));
  if (model.abbreviations.length) {
    const rows = model.abbreviations.map((a) => `<tr><th scope="row">${esc(a.short)}</th><td>${esc(a.full)}</td></tr>`).join('');
    parts.push(section('abbreviations', l.abbreviations, `<table class="abbreviations"><tbody>${rows}</tbody></table>`));
  }
  if (model.executive_summary) parts.push(section('executive-summary', l.executive_summary, text(model.executive_summary, model)));
  if (model.introduction) parts.push(section('introduction', l.introduction, text(model.introduction, model)));
  for (const c of model.categories) parts.push(categoryHtml(c, model));
  if (model.recommendations) parts.push(section('recommendations', l.recommendations, text(model.recommendations, model)));
  if (model.methodology) parts.push(section('methodology', l.methodology, text(model.methodology, model)));
  if (model.bibliography.length) {
    const items = model.bibliography.map((b) => `<li id="bib-${esc(b.id)}">${esc(b.text)}${b.url ? ` <a href="${esc(b.url)}">${esc(b.url)}</a>` : ''}</li>`).join('');
    parts.push(section('bibliography', l.bibliography, `<ol class="bibliography">${items}</ol>`));
  }
  return `<!doctype html>
<html lang="${esc(model.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="JSI Monitor">
<meta name="dcterms.created" content="${esc(model.rendered_at)}">
<title>${esc(model.title)}</title>
<style>${REPORT_CSS}
${pageRules(model)}</style>
</head>
<body>
${parts.join('\n')}
</body>
</html>
`;
}
