import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFrameworkVersion } from '../../src/assessments/framework.service.js';
import { buildApp } from '../../src/app.js';
import { operatorReader } from '../../src/platform/reader.js';
import { tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';
import { incidentDoc } from '../support/fixtures.js';
import { defaultFramework, importDocs, multipartFile } from './support.js';

type Headers = Record<string, string>;

onEachDatabase('JSI assessments over the API', (db) => {
  let app: FastifyInstance;
  const as: Record<'admin' | 'editor' | 'analyst' | 'monitor', Headers> = {} as never;
  let id: string;
  const item = (element: string) => `/api/v1/assessments/${id}/items/${element}`;

  beforeAll(async () => {
    const ctx = db.ctx();
    await loadFrameworkVersion(ctx, defaultFramework(), operatorReader('test'));
    await importDocs(ctx, [incidentDoc({ id: 'ASM-1' }), incidentDoc({ id: 'ASM-2', date: '2020-07-01' }), incidentDoc({ id: 'ASM-DRAFT', status: 'received' })]);
    app = await buildApp(ctx);
    as.admin = (await tokenFor(ctx, ['administrator'])).headers;
    as.editor = (await tokenFor(ctx, ['editor'])).headers;
    as.analyst = (await tokenFor(ctx, ['analyst'])).headers;
    as.monitor = (await tokenFor(ctx, ['monitor'], { regions: ['KZ-ALA'] })).headers;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/assessments',
      headers: as.editor,
      payload: { country: 'KZ', year: 2020, framework: 'jsi-national-2015', title: { en: 'Kazakhstan 2020', ru: 'Казахстан 2020' }, team: [{ name: 'A. Researcher', role: 'lead' }] },
    });
    expect(res.statusCode).toBe(201);
    id = res.json().id;
  });
  afterAll(() => app?.close());

  const read = async (element: string, headers = as.editor) => (await app.inject({ url: item(element), headers })).json();
  const put = (element: string, payload: object, headers = as.editor) => app.inject({ method: 'PUT', url: item(element), headers, payload });
  const move = (element: string, to: string, headers: Headers, reason = '') => app.inject({ method: 'POST', url: `${item(element)}/transitions`, headers, payload: { to, reason } });

  describe('an assessment', () => {
    it('is one per country and year, with its team and one draft item per framework element', async () => {
      const a = (await app.inject({ url: `/api/v1/assessments/${id}`, headers: as.analyst })).json();
      expect(a).toMatchObject({ country: 'KZ', year: 2020, team: [{ name: 'A. Researcher', role: 'lead' }] });
      expect(a.items).toHaveLength(70);
      expect(new Set(a.items.map((i: { status: string }) => i.status))).toEqual(new Set(['draft']));
      const again = await app.inject({ method: 'POST', url: '/api/v1/assessments', headers: as.editor, payload: { country: 'KZ', year: 2020, framework: 'jsi-national-2015', title: { en: 'again' } } });
      expect(again.statusCode).toBe(409);
      const list = (await app.inject({ url: '/api/v1/assessments?country=KZ', headers: as.editor })).json().items;
      expect(list.map((x: { id: string }) => x.id)).toEqual([id]);
    });
  });

  describe('its title and team', () => {
    it('change with the version read, and the change is in the history; country, year and framework stay', async () => {
      const before = (await app.inject({ url: `/api/v1/assessments/${id}`, headers: as.editor })).json();
      const payload = { version: before.version, title: { en: 'Kazakhstan 2020', ru: 'Казахстан 2020', kk: 'Қазақстан 2020' }, team: [{ name: 'A. Researcher', role: 'lead' }, { name: 'B. Reviewer', role: 'reviewer' }] };
      const res = await app.inject({ method: 'PUT', url: `/api/v1/assessments/${id}`, headers: as.editor, payload: { ...payload, year: 1999 } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ year: 2020, framework_version_id: before.framework_version_id, title: payload.title, team: payload.team, version: before.version + 1 });
      expect((await app.inject({ method: 'PUT', url: `/api/v1/assessments/${id}`, headers: as.editor, payload })).statusCode).toBe(409);
      const history = (await app.inject({ url: `/api/v1/assessments/${id}/history`, headers: as.analyst })).json().history;
      expect(history.map((h: { action: string }) => h.action)).toEqual(['create', 'update']);
      expect(history[1].before.team).toEqual([{ name: 'A. Researcher', role: 'lead', user_id: null }]);
    });
  });

  describe('findings and judgements', () => {
    it('keeps findings per language with the original marked, and a judgement from the scale', async () => {
      const res = await put('B.3.iv', {
        version: 1,
        judgement: 'not_met',
        original_language: 'ru',
        findings: [
          { lang: 'ru', text: 'Расследования **затягиваются**; см. [отчёт](https://example.org).', translation: 'draft' },
          { lang: 'en', text: 'Investigations drag on.', translation: 'machine' },
        ],
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ judgement: 'not_met', original_language: 'ru', version: 2 });
      expect(res.json().findings).toEqual([
        { lang: 'en', text: 'Investigations drag on.', translation: 'machine' },
        { lang: 'ru', text: 'Расследования **затягиваются**; см. [отчёт](https://example.org).', translation: 'original' },
      ]);
    });

    it('refuses a stale version, an unknown judgement and raw HTML, naming the field', async () => {
      expect((await put('B.3.iv', { version: 1, judgement: 'met' })).statusCode).toBe(409);
      const unknown = await put('B.3.iv', { version: 2, judgement: 'excellent' });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().error.message).toContain('body.judgement: unknown judgement "excellent"');
      const html = await put('B.3.iv', { version: 2, findings: [{ lang: 'kk', text: 'Мәтін <img src=x onerror=alert(1)>' }] });
      expect(html.statusCode).toBe(400);
      expect(html.json().error.issues[0].path).toBe('body.findings.0.text');
      expect(html.json().error.message).toContain('raw HTML is not allowed');
      expect((await read('B.3.iv')).version).toBe(2);
    });
  });

  describe('evidence', () => {
    it('cites incidents the reader may see, and refuses unknown ones', async () => {
      const ok = await app.inject({ method: 'POST', url: `${item('A.1.s3')}/evidence`, headers: as.editor, payload: { kind: 'incident', ref: 'ASM-1' } });
      expect(ok.statusCode).toBe(201);
      expect(ok.json()).toMatchObject({ kind: 'incident', ref: 'ASM-1', data: { titles: { en: 'Journalist detained at the akimat' } } });
      const missing = await app.inject({ method: 'POST', url: `${item('A.1.s3')}/evidence`, headers: as.editor, payload: { kind: 'incident', ref: 'NOPE' } });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error.message).toContain('incident "NOPE" does not exist');
      // An analyst sees verified records only: an unverified incident cannot be cited, and does not show.
      const hidden = await app.inject({ method: 'POST', url: `${item('A.1.s3')}/evidence`, headers: as.analyst, payload: { kind: 'incident', ref: 'ASM-DRAFT' } });
      expect(hidden.statusCode).toBe(400);
    });

    it('keeps a dataset typed in as a table, refusing a row of the wrong width', async () => {
      const dataset = { kind: 'dataset', title: { en: 'Internet providers by share of the market' }, columns: ['provider', 'domains', 'share %'], rows: [['Provider A', 120, 61.5], ['Provider B', 40, null]] };
      const ok = await app.inject({ method: 'POST', url: `${item('D.5')}/evidence`, headers: as.editor, payload: dataset });
      expect(ok.statusCode).toBe(201);
      expect(ok.json().data).toMatchObject({ columns: ['provider', 'domains', 'share %'], rows: dataset.rows });
      const bad = await app.inject({ method: 'POST', url: `${item('D.5')}/evidence`, headers: as.editor, payload: { ...dataset, rows: [['only one']] } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.message).toContain('body.rows.0: row 1 has 1 cells; the table has 3 columns');
    });

    it('stores an uploaded document after checking its type and content, and cites it', async () => {
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');
      const up = await app.inject({ method: 'POST', url: `/api/v1/assessments/${id}/documents`, ...withHeaders(multipartFile('law.pdf', 'application/pdf', pdf), as.editor) });
      expect(up.statusCode).toBe(201);
      const doc = up.json();
      expect(doc).toMatchObject({ filename: 'law.pdf', content_type: 'application/pdf', size: pdf.length });
      const fake = await app.inject({ method: 'POST', url: `/api/v1/assessments/${id}/documents`, ...withHeaders(multipartFile('x.pdf', 'application/pdf', Buffer.from('<html>')), as.editor) });
      expect(fake.statusCode).toBe(400);
      expect(fake.json().error.message).toContain("the file's content is not application/pdf");
      const html = await app.inject({ method: 'POST', url: `/api/v1/assessments/${id}/documents`, ...withHeaders(multipartFile('x.html', 'text/html', Buffer.from('<script>')), as.editor) });
      expect(html.statusCode).toBe(400);
      const huge = await app.inject({ method: 'POST', url: `/api/v1/assessments/${id}/documents`, ...withHeaders(multipartFile('big.txt', 'text/plain', Buffer.alloc(10 * 1024 * 1024 + 1, 0x61)), as.editor) });
      expect(huge.statusCode).toBe(400);
      expect(huge.json().error.message).toContain('larger than 10 MB');
      // Only the good file was kept.
      expect((await app.inject({ url: `/api/v1/assessments/${id}/documents`, headers: as.editor })).json().items.map((d: { id: string }) => d.id)).toEqual([doc.id]);

      const cite = await app.inject({ method: 'POST', url: `${item('B.1')}/evidence`, headers: as.editor, payload: { kind: 'document', ref: doc.id } });
      expect(cite.statusCode).toBe(201);
      const download = await app.inject({ url: `/api/v1/assessments/${id}/documents/${doc.id}`, headers: as.analyst });
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-disposition']).toContain('attachment');
      expect(download.rawPayload.equals(pdf)).toBe(true);
    });

    it('cites a statistics table only as frozen in a snapshot of this assessment, and removes a citation', async () => {
      const noSnapshot = await app.inject({ method: 'POST', url: `${item('A.1')}/evidence`, headers: as.editor, payload: { kind: 'stats_table', ref: 'threats-by-gender', snapshot_id: 'snap-x' } });
      expect(noSnapshot.statusCode).toBe(400);
      const snap = (await app.inject({ method: 'POST', url: `/api/v1/assessments/${id}/snapshots`, headers: as.editor })).json();
      const ok = await app.inject({ method: 'POST', url: `${item('A.1')}/evidence`, headers: as.editor, payload: { kind: 'stats_table', ref: 'threats-by-gender', snapshot_id: snap.id } });
      expect(ok.statusCode).toBe(201);
      expect(ok.json()).toMatchObject({ snapshot_id: snap.id, data: { version: '1.0' } });
      const gone = await app.inject({ method: 'DELETE', url: `${item('A.1')}/evidence/${ok.json().id}`, headers: as.editor });
      expect(gone.statusCode).toBe(204);
      expect((await read('A.1')).evidence).toEqual([]);
    });
  });

  describe('review', () => {
    it('moves an item draft → in_review → reviewed → approved, each step by those allowed, recording who, when and why', async () => {
      expect((await move('B.3.iv', 'approved', as.admin)).statusCode).toBe(409);
      expect((await move('B.3.iv', 'in_review', as.analyst)).statusCode).toBe(200);
      const comment = await app.inject({ method: 'POST', url: `${item('B.3.iv')}/comments`, headers: as.editor, payload: { text: 'Cite the prosecutor’s answer.' } });
      expect(comment.statusCode).toBe(201);
      expect((await move('B.3.iv', 'reviewed', as.analyst)).statusCode).toBe(403);
      expect((await move('B.3.iv', 'reviewed', as.editor)).statusCode).toBe(200);
      expect((await move('B.3.iv', 'approved', as.editor)).statusCode).toBe(403);
      expect((await move('B.3.iv', 'approved', as.admin)).statusCode).toBe(200);

      const approved = await read('B.3.iv');
      expect(approved.status).toBe('approved');
      expect(approved.comments).toMatchObject([{ text: 'Cite the prosecutor’s answer.' }]);
      expect(approved.transitions.map((t: { from_status: string; to_status: string }) => `${t.from_status}>${t.to_status}`)).toEqual(['draft>in_review', 'in_review>reviewed', 'reviewed>approved']);
      expect(approved.transitions.every((t: { actor: string; at: string }) => t.actor.length > 0 && t.at.length > 0)).toBe(true);

      // Approved means frozen: reopening needs a reason.
      expect((await put('B.3.iv', { version: approved.version, judgement: 'met' })).statusCode).toBe(409);
      const noReason = await move('B.3.iv', 'draft', as.admin);
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().error.message).toContain('needs a reason');
      expect((await move('B.3.iv', 'draft', as.admin, 'new facts for 2020')).statusCode).toBe(200);
      expect((await read('B.3.iv')).transitions.at(-1)).toMatchObject({ from_status: 'approved', to_status: 'draft', reason: 'new facts for 2020' });

      const history = (await app.inject({ url: `${item('B.3.iv')}/history`, headers: as.editor })).json().history;
      expect(history.map((h: { action: string }) => h.action)).toEqual(['update', 'transition', 'comment', 'transition', 'transition', 'transition']);
      expect(history[0].after.judgement).toBe('not_met');
    });
  });

  describe('who may see and do what', () => {
    it('gives the public nothing and refuses roles without the permission', async () => {
      expect((await app.inject({ url: `/api/v1/assessments/${id}` })).statusCode).toBe(401);
      expect((await app.inject({ url: '/api/v1/assessments' })).statusCode).toBe(401);
      expect((await app.inject({ url: `/api/v1/assessments/${id}`, headers: as.monitor })).statusCode).toBe(403);
      expect((await put('A.2', { version: 1, judgement: 'met' }, as.monitor)).statusCode).toBe(403);
      expect((await app.inject({ method: 'POST', url: `/api/v1/assessments/${id}/snapshots`, headers: as.monitor })).statusCode).toBe(403);
    });
  });

  describe('overview and trends', () => {
    it('counts judgements, the share assessed and what awaits review', async () => {
      const fresh = (await app.inject({ method: 'POST', url: '/api/v1/assessments', headers: as.editor, payload: { country: 'KG', year: 2022, framework: 'jsi-national-2015', title: { en: 'Kyrgyzstan 2022' } } })).json();
      const at = (e: string) => `/api/v1/assessments/${fresh.id}/items/${e}`;
      for (const [element, judgement] of [['A.1', 'met'], ['A.2', 'partly_met'], ['B.1', 'not_met'], ['B.2', 'not_assessed']] as const) {
        expect((await app.inject({ method: 'PUT', url: at(element), headers: as.editor, payload: { version: 1, judgement } })).statusCode).toBe(200);
      }
      await app.inject({ method: 'POST', url: `${at('A.2')}/transitions`, headers: as.editor, payload: { to: 'in_review' } });
      const o = (await app.inject({ url: `/api/v1/assessments/${fresh.id}/overview`, headers: as.analyst })).json();
      expect(o).toMatchObject({ elements: 70, assessed: 3, assessed_percent: 4.3, awaiting_review: ['A.2'] });
      expect(o.by_judgement).toEqual([
        { code: 'met', count: 1 },
        { code: 'partly_met', count: 1 },
        { code: 'not_met', count: 1 },
        { code: 'not_applicable', count: 0 },
        { code: 'not_assessed', count: 1 },
        { code: 'none', count: 66 },
      ]);
      expect(o.by_status).toContainEqual({ status: 'in_review', count: 1 });
      expect(o.by_category.find((c: { id: string }) => c.id === 'A')).toEqual({ id: 'A', elements: 6, assessed: 2 });
    });

    it('compares judgements of the same elements across years', async () => {
      const y2023 = (await app.inject({ method: 'POST', url: '/api/v1/assessments', headers: as.editor, payload: { country: 'KG', year: 2023, framework: 'jsi-national-2015', title: { en: 'Kyrgyzstan 2023' } } })).json();
      await app.inject({ method: 'PUT', url: `/api/v1/assessments/${y2023.id}/items/A.1`, headers: as.editor, payload: { version: 1, judgement: 'not_met' } });
      await app.inject({ method: 'PUT', url: `/api/v1/assessments/${y2023.id}/items/A.2`, headers: as.editor, payload: { version: 1, judgement: 'partly_met' } });
      const t = (await app.inject({ url: '/api/v1/assessments/trends?country=KG', headers: as.analyst })).json();
      expect(t.assessments.map((a: { year: number }) => a.year)).toEqual([2022, 2023]);
      const byId = Object.fromEntries(t.elements.map((e: { id: string }) => [e.id, e]));
      expect(byId['A.1']).toMatchObject({ judgements: { 2022: 'met', 2023: 'not_met' }, changed: true, label: { en: 'Statistics on safety and impunity' } });
      expect(byId['A.2']).toMatchObject({ judgements: { 2022: 'partly_met', 2023: 'partly_met' }, changed: false });
      expect(byId['C.1']).toMatchObject({ judgements: { 2022: null, 2023: null }, changed: false });
    });
  });
});

function withHeaders(body: { payload: Buffer; headers: Record<string, string> }, auth: Record<string, string>) {
  return { payload: body.payload, headers: { ...body.headers, ...auth } };
}
