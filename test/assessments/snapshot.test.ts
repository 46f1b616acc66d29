import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadFrameworkVersion } from '../../src/assessments/framework.service.js';
import { buildApp } from '../../src/app.js';
import { operatorReader } from '../../src/platform/reader.js';
import { tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';
import { incidentDoc } from '../support/fixtures.js';
import { defaultFramework, importDocs } from './support.js';

onEachDatabase('statistics snapshots of an assessment', (db) => {
  let app: FastifyInstance;
  let editor: Record<string, string>;
  let id: string;

  beforeAll(async () => {
    const ctx = db.ctx();
    await loadFrameworkVersion(ctx, defaultFramework(), operatorReader('test'));
    await importDocs(ctx, [incidentDoc({ id: 'SNAP-1' }), incidentDoc({ id: 'SNAP-2', date: '2020-09-02' }), incidentDoc({ id: 'SNAP-2019', date: '2019-03-01' })]);
    app = await buildApp(ctx);
    editor = (await tokenFor(ctx, ['editor'])).headers;
    id = (await app.inject({ method: 'POST', url: '/api/v1/assessments', headers: editor, payload: { country: 'KZ', year: 2020, framework: 'jsi-national-2015', title: { en: 'Kazakhstan 2020' } } })).json().id;
  });
  afterAll(() => app?.close());

  const snapshot = async (snapId: string) => (await app.inject({ url: `/api/v1/assessments/${id}/snapshots/${snapId}`, headers: editor })).json();
  const detentions = (s: { content: { tables: Record<string, Record<string, { total: { value: number } }>> } }) => s.content.tables['a1-overview']!.en!.total.value;

  it("freezes every named table of the year, SDG 16.10.1 and impunity, with the moment, the record count and each table's version", async () => {
    const res = await app.inject({ method: 'POST', url: `/api/v1/assessments/${id}/snapshots`, headers: editor });
    expect(res.statusCode).toBe(201);
    const s = res.json();
    expect(s).toMatchObject({ year: 2020, record_count: 2 });
    expect(Date.parse(s.taken_at)).not.toBeNaN();
    expect(s.tables.map((t: { id: string }) => t.id)).toEqual(expect.arrayContaining(['a1-overview', 'threats-by-gender', 'criminal-charges-by-article']));
    expect(s.tables.every((t: { version: string }) => t.version)).toBe(true);
    const full = await snapshot(s.id);
    expect(Object.keys(full.content.tables['threats-by-gender'])).toEqual(['en', 'ru', 'kk']);
    expect(full.content.tables['threats-by-gender'].ru.period).toMatchObject({ from: '2020-01-01', to: '2020-12-31' });
    expect(full.content.sdg_16_10_1.en.window).toEqual({ from: '2020-01-01', to: '2020-12-31' });
    expect(full.content.impunity.en.period).toMatchObject({ from: '2020-01-01' });
  });

  it('keeps a snapshot as it was when the records change afterwards', async () => {
    const first = (await app.inject({ url: `/api/v1/assessments/${id}/snapshots`, headers: editor })).json().items[0];
    const before = await snapshot(first.id);
    const countedBefore = detentions(before);
    expect(countedBefore).toBeGreaterThan(0);

    // A new 2020 incident and a changed one: the register now says something else.
    const changed = incidentDoc({ id: 'SNAP-2', date: '2020-09-02' });
    changed.acts.push({ type: 'liberty.detention.protest', victim_group: 'blogger', person: { id: 'P-SNAP-extra', name: 'Extra Person', gender: 'male' }, perpetrators: [{ perpetrator_type: 'police', degree: 'perpetrator' }] });
    await importDocs(db.ctx(), [incidentDoc({ id: 'SNAP-3', date: '2020-11-11' }), changed]);

    const after = await snapshot(first.id);
    expect(after).toEqual(before);
    expect(after.content_hash).toBe(first.content_hash);

    const second = (await app.inject({ method: 'POST', url: `/api/v1/assessments/${id}/snapshots`, headers: editor })).json();
    expect(second.record_count).toBe(3);
    expect(detentions(await snapshot(second.id))).toBeGreaterThan(countedBefore);
    expect(second.content_hash).not.toBe(first.content_hash);
  });
});
