import type { Browser } from 'playwright-core';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { listAssessments } from '../assessment.service.js';
import { buildReportModel } from './build-model.js';
import { renderDocx } from './render-docx.js';
import { renderHtml } from './render-html.js';
import { renderPdf } from './render-pdf.js';
import { REPORT_FORMATS, REPORT_LANGS, type ReportFormat, type ReportLang } from './report-model.js';

/** A report made from an assessment: the model, then the chosen format. */

export type ReportStep = 'model' | 'charts' | 'html' | 'pdf' | 'docx';

export interface RenderOptions {
  readonly snapshotId?: string;
  readonly now?: Date;
  readonly browser?: Browser;
  readonly onStep?: (step: ReportStep) => void;
}

export interface RenderedReport {
  readonly bytes: Buffer;
  readonly filename: string;
  readonly contentType: string;
}

export const CONTENT_TYPES: Readonly<Record<ReportFormat, string>> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** The steps a render goes through, in order, for progress bars. */
export const stepsOf = (format: ReportFormat): ReportStep[] => (format === 'html' ? ['model', 'charts', 'html'] : ['model', 'charts', 'html', format]);

export function checkLangFormat(lang: string, format: string): { lang: ReportLang; format: ReportFormat } {
  const issues = [];
  if (!REPORT_LANGS.includes(lang as ReportLang)) issues.push({ path: 'lang', message: `"${lang}" is not a report language; use ${REPORT_LANGS.join(', ')}` });
  if (!REPORT_FORMATS.includes(format as ReportFormat)) issues.push({ path: 'format', message: `"${format}" is not a report format; use ${REPORT_FORMATS.join(', ')}` });
  if (issues.length) throw errors.validation(issues);
  return { lang: lang as ReportLang, format: format as ReportFormat };
}

/** The assessment of a country and year, as the command line names it. */
export async function findAssessmentId(ctx: AppContext, country: string, year: number): Promise<string> {
  const found = (await listAssessments(ctx, { country: country.toUpperCase() })).find((a) => a.year === year);
  if (!found) throw errors.notFound('assessment', `${country.toUpperCase()} ${year}`);
  return found.id;
}

export async function renderReport(ctx: AppContext, assessmentId: string, lang: ReportLang, format: ReportFormat, options: RenderOptions = {}): Promise<RenderedReport> {
  const step = options.onStep ?? (() => undefined);
  step('model');
  const model = await buildReportModel(ctx, assessmentId, lang, { snapshotId: options.snapshotId, now: options.now, onStep: step });
  step('html');
  const html = renderHtml(model);
  const filename = `jsi-${model.country.toLowerCase()}-${model.year}-${lang}.${format}`;
  if (format === 'html') return { bytes: Buffer.from(html), filename, contentType: CONTENT_TYPES.html };
  step(format);
  const bytes = format === 'pdf' ? await renderPdf(model, options.browser) : await renderDocx(model);
  return { bytes, filename, contentType: CONTENT_TYPES[format] };
}
