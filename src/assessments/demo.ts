import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AppContext } from '../platform/context.js';
import { AppError, errors } from '../platform/errors.js';
import { operatorReader } from '../platform/reader.js';
import { loadTableDefinitions } from '../stats/definitions.js';
import { itemRow } from './assessment.rows.js';
import { markdown } from './assessment.schema.js';
import { addComment, createAssessment, transitionItem, updateItem } from './assessment.service.js';
import { type DemoAssessment, DemoAssessment as demoSchema } from './demo.schema.js';
import { addEvidence } from './evidence.service.js';
import { DEFAULT_FRAMEWORK_FILE, flattenElements, judgementScale, loadFrameworkVersion, readFrameworkFile, resolveFrameworkVersion } from './framework.service.js';
import { takeSnapshot } from './snapshot.service.js';

/**
 * Loads a demo assessment file (demo.schema.ts) into the database: the framework version if it is
 * not there yet, the assessment with its texts and team, a statistics snapshot, and every item with
 * its findings, judgement, evidence and comments, approved (the demo restates a published report).
 * The whole file is checked before anything is written; an assessment of the same country and year
 * already there is left as it is.
 */
export async function loadDemoAssessment(ctx: AppContext, file: string): Promise<{ id: string; created: boolean; items: number }> {
  const reader = operatorReader('seed:demo');
  const parsed = demoSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw errors.fromZod(parsed.error.issues);
  const demo = parsed.data;

  const existing = await ctx.database.db.selectFrom('assessments').select('id').where('country', '=', demo.country).where('year', '=', demo.year).executeTakeFirst();
  if (existing) return { id: existing.id, created: false, items: 0 };

  const framework = await resolveFrameworkVersion(ctx, demo.framework).catch(async (error: unknown) => {
    const fallback = readFrameworkFile(DEFAULT_FRAMEWORK_FILE);
    if (!(error instanceof AppError && error.status === 404) || (demo.framework !== fallback.id && demo.framework !== `${fallback.id}@${fallback.version}`)) throw error;
    await loadFrameworkVersion(ctx, fallback, reader);
    return resolveFrameworkVersion(ctx, demo.framework);
  });
  await checkDemo(ctx, demo, new Set(flattenElements(framework.document).map((e) => e.id)));

  const assessment = await createAssessment(
    ctx,
    { country: demo.country, year: demo.year, framework: framework.id, title: demo.title, team: demo.team, texts: demo.texts, bibliography: demo.bibliography, abbreviations: demo.abbreviations },
    reader,
  );
  const snapshot = await takeSnapshot(ctx, assessment.id, reader);
  for (const item of demo.items) {
    const row = await itemRow(ctx.database.db, assessment.id, item.element);
    await updateItem(
      ctx,
      assessment.id,
      item.element,
      {
        version: row.version,
        judgement: item.judgement ?? null,
        original_language: item.original_language,
        findings: Object.entries(item.findings).map(([lang, text]) => ({ lang: lang as 'en', text: text!, translation: lang === item.original_language ? 'original' : 'reviewed' })),
        seed_lines: item.seed_lines,
      },
      reader,
    );
    for (const e of item.evidence) {
      await addEvidence(ctx, assessment.id, item.element, e.kind === 'stats_table' ? { ...e, snapshot_id: snapshot.id } : e, reader);
    }
    for (const c of item.comments ?? []) await addComment(ctx, assessment.id, item.element, c.text, operatorReader(c.author));
    for (const to of ['in_review', 'reviewed', 'approved'] as const) await transitionItem(ctx, assessment.id, item.element, to, '', reader);
  }
  return { id: assessment.id, created: true, items: demo.items.length };
}

/** What the schema cannot check: ids of the framework, the scale, the register and the profile; no raw HTML. */
async function checkDemo(ctx: AppContext, demo: DemoAssessment, elements: ReadonlySet<string>): Promise<void> {
  const issues: { path: string; message: string }[] = [];
  const codes = new Set(judgementScale().values.map((v) => v.code));
  const tables = loadTableDefinitions(ctx.profile);
  const incidentRefs = demo.items.flatMap((i) => i.evidence.flatMap((e) => (e.kind === 'incident' ? [e.ref] : [])));
  const known = new Set(
    incidentRefs.length ? (await ctx.database.db.selectFrom('incidents').select('id').where('id', 'in', incidentRefs).execute()).map((r) => r.id) : [],
  );
  const seen = new Set<string>();
  const checkText = (path: string, text: string) => {
    const r = markdown.safeParse(text);
    if (!r.success) issues.push({ path, message: r.error.issues[0]!.message });
  };
  for (const [section, texts] of Object.entries(demo.texts)) for (const [lang, text] of Object.entries(texts)) checkText(`texts.${section}.${lang}`, text!);
  demo.items.forEach((item, i) => {
    const at = `items.${i}`;
    if (!elements.has(item.element)) issues.push({ path: `${at}.element`, message: `"${item.element}" is not an element of framework ${demo.framework}` });
    if (seen.has(item.element)) issues.push({ path: `${at}.element`, message: `"${item.element}" appears twice` });
    seen.add(item.element);
    if (item.judgement && !codes.has(item.judgement)) issues.push({ path: `${at}.judgement`, message: `unknown judgement "${item.judgement}"; the scale has ${[...codes].join(', ')}` });
    if (!item.findings[item.original_language]) issues.push({ path: `${at}.findings`, message: `no text in the original language "${item.original_language}"` });
    for (const [lang, text] of Object.entries(item.findings)) checkText(`${at}.findings.${lang}`, text!);
    item.evidence.forEach((e, j) => {
      if (e.kind === 'incident' && !known.has(e.ref)) issues.push({ path: `${at}.evidence.${j}.ref`, message: `incident "${e.ref}" is not in the register` });
      if (e.kind === 'stats_table' && !tables.has(e.ref)) issues.push({ path: `${at}.evidence.${j}.ref`, message: `no statistics table "${e.ref}" in profile ${ctx.profile.name}` });
      if (e.kind === 'dataset') {
        const bad = e.rows.findIndex((r) => r.length !== e.columns.length);
        if (bad >= 0) issues.push({ path: `${at}.evidence.${j}.rows.${bad}`, message: `${e.rows[bad]!.length} cells for ${e.columns.length} columns` });
      }
    });
  });
  if (issues.length) throw errors.validation(issues);
}

export const DEMO_ASSESSMENT_FILE = new URL('../../data/demo/assessment-kz-2020.json', import.meta.url);

/**
 * What `jsi seed demo` adds for the assessment: the framework version shipped with the product and,
 * when the demo file is there, the 2020 Kazakhstan assessment.
 */
export async function loadAssessmentDemo(ctx: AppContext): Promise<{ framework: string; assessment?: { id: string; created: boolean; items: number } }> {
  const { version } = await loadFrameworkVersion(ctx, readFrameworkFile(DEFAULT_FRAMEWORK_FILE), operatorReader('seed:demo'));
  const file = fileURLToPath(DEMO_ASSESSMENT_FILE);
  if (!existsSync(file)) return { framework: version.id };
  return { framework: version.id, assessment: await loadDemoAssessment(ctx, file) };
}
