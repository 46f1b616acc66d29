import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { getAssessment } from '../../src/assessments/assessment.service.js';
import { DemoAssessment } from '../../src/assessments/demo.schema.js';
import { DEMO_ASSESSMENT_FILE } from '../../src/assessments/demo.js';
import { addEvidence } from '../../src/assessments/evidence.service.js';
import { flattenElements, readFrameworkFile, DEFAULT_FRAMEWORK_FILE } from '../../src/assessments/framework.service.js';
import { reportJobsIdle } from '../../src/assessments/report/report.jobs.js';
import { findAssessmentId, renderReport } from '../../src/assessments/report/report.service.js';
import { takeSnapshot } from '../../src/assessments/snapshot.service.js';
import { loadDemo } from '../../src/cli/database.command.js';
import { getIncident, updateIncident } from '../../src/incidents/incident.service.js';
import { operatorReader } from '../../src/platform/reader.js';
import { tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';
import { incidentDoc } from '../support/fixtures.js';
import { importDocs } from './support.js';

const NOW = new Date('2021-06-01T12:00:00Z');
const demo = DemoAssessment.parse(JSON.parse(readFileSync(DEMO_ASSESSMENT_FILE, 'utf8')));
const elements = flattenElements(readFrameworkFile(DEFAULT_FRAMEWORK_FILE));
const unescape = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

describe('the demo assessment file', () => {
  it('fits the demo schema and has English and Russian findings, a judgement and seed lines for every indicator and sub-indicator', () => {
    const byElement = new Map(demo.items.map((i) => [i.element, i]));
    for (const e of elements.filter((x) => x.level !== 'category')) {
      const item = byElement.get(e.id);
      expect(item, e.id).toBeDefined();
      expect(item!.findings.en, e.id).toBeTruthy();
      expect(item!.findings.ru, e.id).toBeTruthy();
      expect(item!.judgement, e.id).toBeTruthy();
      expect(item!.seed_lines.length, e.id).toBeGreaterThan(0);
    }
    // Each category has its summary of findings, in Kazakh too, as does the executive summary.
    for (const c of elements.filter((x) => x.level === 'category')) expect(byElement.get(c.id)?.findings.kk, c.id).toBeTruthy();
    expect(demo.texts.executive_summary.kk).toBeTruthy();
    const providers = demo.items.flatMap((i) => i.evidence).find((e) => e.kind === 'dataset');
    expect(providers).toMatchObject({ kind: 'dataset', columns: expect.arrayContaining(['Provider']) });
  });
});

onEachDatabase('the national report', (db) => {
  let id = '';
  const reader = operatorReader('test');
  beforeAll(async () => {
    const ctx = db.ctx();
    await loadDemo(ctx);
    id = await findAssessmentId(ctx, 'KZ', 2020);
  });

  it('prints, in English and Russian, the contents and a heading for every category and indicator with its findings', async () => {
    const ctx = db.ctx();
    for (const lang of ['en', 'ru'] as const) {
      const { bytes, contentType } = await renderReport(ctx, id, lang, 'html', { now: NOW });
      const html = unescape(bytes.toString('utf8'));
      expect(contentType).toMatch(/text\/html/);
      expect(html).toContain('<nav class="contents"');
      for (const e of elements.filter((x) => x.level === 'category')) {
        expect(html, `${lang} ${e.id}`).toMatch(new RegExp(`<h1 id="cat-${e.id}">${e.id}\\. ${escapeRe(e.label[lang])}</h1>`));
        expect(html).toContain(`href="#cat-${e.id}"`);
      }
      for (const e of elements.filter((x) => x.level === 'indicator')) {
        expect(html, `${lang} ${e.id}`).toContain(`<h2 id="el-${e.id}">${e.id} ${e.label[lang]}</h2>`);
        expect(html).toContain(`href="#el-${e.id}"`);
      }
      // Each finding of the demo, in the report's language.
      const a11 = demo.items.find((i) => i.element === 'A.1.s1')!;
      expect(html).toContain(a11.findings[lang]!.split('.')[0]);
      // The seed is cited in footnotes, and the statistics tables of the snapshot are printed.
      expect(html).toMatch(/<li id="fn-1" value="1">[^<]*66/);
      expect(html).toContain('class="statistics"');
    }
  });

  it('falls back to the original text with a visible note where a finding has no translation', async () => {
    const { bytes } = await renderReport(db.ctx(), id, 'kk', 'html', { now: NOW });
    const html = bytes.toString('utf8');
    // The executive summary is written in Kazakh; the findings of A.1 are not.
    expect(html).toContain(demo.texts.executive_summary.kk!.split('\n')[0]!.slice(0, 40));
    expect(html).toMatch(/<p class="untranslated">Әлі аударылмаған[^<]*\(en\)<\/p><p>Statistics on safety/);
  });

  it('leaves a report made from a snapshot unchanged when a record changes afterwards', async () => {
    const ctx = db.ctx();
    const before = (await renderReport(ctx, id, 'en', 'html', { now: NOW })).bytes;
    // A detention becomes an attack: the live statistics change, the snapshot's do not.
    const incident = await getIncident(ctx, 'KZ2020-022', reader);
    const doc = JSON.parse(readFileSync(new URL('../../data/demo/kz-2020.jsonl', import.meta.url), 'utf8').split('\n').find((l) => l.includes('"KZ2020-022"'))!);
    doc.acts = doc.acts.map((a: { type: string }) => ({ ...a, type: 'attack' }));
    doc.texts.en.title = 'Changed after the snapshot';
    // Moved from Atyrau to Mangystau: the live map changes, the report's map (from the snapshot) does not.
    doc.region = 'KZ-MAN';
    await updateIncident(ctx, 'KZ2020-022', doc, incident.version, reader);
    const after = (await renderReport(ctx, id, 'en', 'html', { now: NOW })).bytes;
    expect(after.equals(before)).toBe(true);
    // Another render time changes only the printed date.
    const later = (await renderReport(ctx, id, 'en', 'html', { now: new Date('2022-01-01T00:00:00Z') })).bytes.toString('utf8');
    // (the model keeps the ISO time; the title page prints it as the language writes a date)
    expect(later.replace(/2022-01-01(T00:00:00.000Z)?|1 January 2022/g, '')).toBe(before.toString('utf8').replace(/2021-06-01(T12:00:00.000Z)?|1 June 2021/g, ''));
    // The change does reach the statistics: a new snapshot prints other numbers.
    const fresh = await takeSnapshot(ctx, id, reader);
    const renewed = (await renderReport(ctx, id, 'en', 'html', { now: NOW, snapshotId: fresh.id })).bytes;
    const statistics = (b: Buffer) => b.toString('utf8').match(/<section class="statistics">[\s\S]*?<\/section>/)![0];
    expect(statistics(renewed)).not.toBe(statistics(before));
  });

  it('never prints confidential data: a cited incident shows only what the public may see', async () => {
    const ctx = db.ctx();
    const secretName = 'Zhanargul Secretova';
    const hiddenName = 'Bolatbek Hiddenov';
    const open = incidentDoc({ id: 'REP-OPEN-1' });
    open.acts[0]!.person = { id: 'P-REP-OPEN-1', name: secretName, gender: 'female', confidential_fields: ['name'] };
    const closed = incidentDoc({ id: 'REP-CLOSED-1', confidential: true });
    closed.acts[0]!.person = { id: 'P-REP-CLOSED-1', name: hiddenName, gender: 'male' };
    await importDocs(ctx, [open, closed]);
    await addEvidence(ctx, id, 'A.1.s3', { kind: 'incident', ref: 'REP-OPEN-1' }, reader);
    await addEvidence(ctx, id, 'A.1.s3', { kind: 'incident', ref: 'REP-CLOSED-1' }, reader);
    const html = (await renderReport(ctx, id, 'en', 'html', { now: NOW })).bytes.toString('utf8');
    expect(html).toContain('REP-OPEN-1');
    expect(html).not.toContain('REP-CLOSED-1');
    const docx = unzipSync((await renderReport(ctx, id, 'en', 'docx', { now: NOW })).bytes);
    const xml = Object.entries(docx)
      .filter(([name]) => name.endsWith('.xml'))
      .map(([, bytes]) => strFromU8(bytes))
      .join('\n');
    expect(xml).toContain('REP-OPEN-1');
    for (const text of [html, xml]) {
      expect(text).not.toContain(secretName);
      expect(text).not.toContain(hiddenName);
      expect(text).not.toContain('REP-CLOSED-1');
    }
  });

  describe('from the web application', () => {
    let app: FastifyInstance;
    beforeAll(async () => {
      app = await buildApp(db.ctx());
    });
    afterAll(async () => {
      await reportJobsIdle();
      await app.close();
    });

    it('renders as a job: reports progress, then serves the file to the user who started it', async () => {
      const analyst = (await tokenFor(db.ctx(), ['analyst'])).headers;
      const other = (await tokenFor(db.ctx(), ['analyst'])).headers;
      const start = await app.inject({ method: 'POST', url: `/api/v1/assessments/${id}/report`, headers: analyst, payload: { lang: 'ru', format: 'html' } });
      expect(start.statusCode).toBe(202);
      const job = start.json();
      expect(job).toMatchObject({ status: expect.stringMatching(/queued|running/), steps: ['model', 'charts', 'html'], progress: 0 });
      const seen = new Set<string>();
      let state = job;
      for (let i = 0; i < 300 && state.status !== 'done' && state.status !== 'failed'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        state = (await app.inject({ method: 'GET', url: `/api/v1/report-jobs/${job.id}`, headers: analyst })).json();
        if (state.step) seen.add(`${state.step}:${state.progress}`);
      }
      expect(state).toMatchObject({ status: 'done', progress: 100, filename: 'jsi-kz-2020-ru.html' });
      expect(seen.size).toBeGreaterThan(0);
      const file = await app.inject({ method: 'GET', url: `/api/v1/report-jobs/${job.id}/file`, headers: analyst });
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-disposition']).toContain('jsi-kz-2020-ru.html');
      expect(file.body).toContain('Содержание');
      // Someone else cannot follow or fetch it.
      expect((await app.inject({ method: 'GET', url: `/api/v1/report-jobs/${job.id}`, headers: other })).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: `/api/v1/report-jobs/${job.id}/file`, headers: other })).statusCode).toBe(404);
    });

    it('refuses an unknown assessment, a bad language or format, and readers without the right', async () => {
      const analyst = (await tokenFor(db.ctx(), ['analyst'])).headers;
      const partner = (await tokenFor(db.ctx(), ['partner'])).headers;
      expect((await app.inject({ method: 'POST', url: '/api/v1/assessments/nope/report', headers: analyst, payload: { lang: 'en', format: 'pdf' } })).statusCode).toBe(404);
      const bad = await app.inject({ method: 'POST', url: `/api/v1/assessments/${id}/report`, headers: analyst, payload: { lang: 'de', format: 'odt' } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.message).toMatch(/lang/);
      expect(bad.json().error.message).toMatch(/format/);
      expect((await app.inject({ method: 'POST', url: `/api/v1/assessments/${id}/report`, headers: partner, payload: { lang: 'en', format: 'html' } })).statusCode).toBe(403);
      expect((await app.inject({ method: 'POST', url: `/api/v1/assessments/${id}/report`, payload: { lang: 'en', format: 'html' } })).statusCode).toBe(401);
    });

    it('is described in the OpenAPI document with the permission it needs', async () => {
      const paths = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json().paths;
      expect(paths['/api/v1/assessments/{id}/report'].post['x-permission']).toBe('assessments:read');
      expect(paths['/api/v1/report-jobs/{id}'].get).toBeDefined();
      expect(paths['/api/v1/report-jobs/{id}/file'].get).toBeDefined();
    });
  });

  it('names the assessment it cannot find', async () => {
    await expect(findAssessmentId(db.ctx(), 'KZ', 1999)).rejects.toThrow(/KZ 1999/);
    expect((await getAssessment(db.ctx(), id)).year).toBe(2020);
  });
});

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
