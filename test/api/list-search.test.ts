import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { importFile } from '../../src/exchange/import.js';
import { tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';
import { incidentDoc } from '../support/fixtures.js';

let staff: { authorization: string };

/** Six incidents that differ in one dimension each, so every filter has one clear answer. */
function corpus() {
  const base = (id: string, o: Parameters<typeof incidentDoc>[0] = {}) => incidentDoc({ id, ...o });
  const a = base('L-ALMATY-2020', { date: '2020-03-01' });
  const b = base('L-KARAGANDA-2019', { date: '2019-11', region: 'KZ-KAR', settlement: 'Karaganda', context: [] });
  b.acts[0]!.type = 'attack.physical';
  b.acts[0]!.person = { id: 'L-man', name: 'Ержан Серікұлы', gender: 'male' };
  b.acts[0]!.perpetrators = [{ perpetrator_type: 'private_individual', degree: 'perpetrator' }];
  const c = base('L-COURT-2020', { date: '2020-06-10', context: ['state_of_emergency'] });
  c.acts[0]!.type = 'liberty.restriction';
  c.acts[0]!.victim_group = 'blogger';
  c.legal_cases = [{ id: 'L-case', kind: 'criminal', title: 'False information', against_journalist: true, charges: [{ article: 'KZ-CC-274.4.2' }] }];
  const d = base('L-KAZAKH-TEXT', { date: '2020-08', source_language: 'kk', texts: { kk: { title: 'Қостанайдағы журналистке қысым', description: 'Өңірлік басылымның тілшісіне қоқан-лоқы көрсетілді.' } } });
  const e = base('L-YO-TEXT', { date: '2020-09-01', texts: { ru: { title: 'Журналистку оштрафовали за съёмку ёлки', description: '' } } });
  const f = base('L-DRAFT', { date: '2020-10-01', status: 'received' });
  return [a, b, c, d, e, f];
}

onEachDatabase('incident list, filters and search', (db) => {
  let app: FastifyInstance;
  const ids = async (query: string, headers: Record<string, string> = staff) => {
    const res = await app.inject({ url: `/api/v1/incidents?${query}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items.map((i: { id: string }) => i.id).filter((id: string) => id.startsWith('L-')).sort();
  };
  beforeAll(async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'jsi-list-')), 'corpus.jsonl');
    writeFileSync(path, corpus().map((d) => JSON.stringify(d)).join('\n'));
    const report = await importFile(db.ctx(), path, { actor: 'test' });
    expect(report.errors).toEqual([]);
    app = await buildApp(db.ctx());
    staff = (await tokenFor(db.ctx(), ['editor'])).headers;
  });
  afterAll(() => app.close());

  describe('filters', () => {
    it('by year and by an overlapping date range', async () => {
      expect(await ids('year=2019')).toEqual(['L-KARAGANDA-2019']);
      expect(await ids('from=2019-11-15&to=2020-03-01')).toEqual(['L-ALMATY-2020', 'L-KARAGANDA-2019']);
    });
    it('by act type at any level of the taxonomy', async () => {
      expect(await ids('type=attack')).toEqual(['L-KARAGANDA-2019']);
      expect(await ids('type=liberty.restriction')).toEqual(['L-COURT-2020']);
      expect(await ids('type=attack,liberty.restriction')).toEqual(['L-COURT-2020', 'L-KARAGANDA-2019']);
    });
    it('by region, victim group, gender, perpetrator, context, status', async () => {
      expect(await ids('region=KZ-KAR')).toEqual(['L-KARAGANDA-2019']);
      expect(await ids('victim_group=blogger')).toEqual(['L-COURT-2020']);
      expect(await ids('gender=male')).toEqual(['L-KARAGANDA-2019']);
      expect(await ids('perpetrator_type=private_individual')).toEqual(['L-KARAGANDA-2019']);
      expect(await ids('context=state_of_emergency')).toEqual(['L-COURT-2020']);
      expect(await ids('status=received')).toEqual(['L-DRAFT']);
    });
    it('by legal article at any level of the code', async () => {
      expect(await ids('article=KZ-CC-274')).toEqual(['L-COURT-2020']);
      expect(await ids('article=KZ-CC-27')).toEqual([]);
    });
    it('names the bad parameter', async () => {
      const res = await app.inject({ url: '/api/v1/incidents?year=twenty', headers: staff });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toContain('querystring.year');
      const bad = await app.inject({ url: '/api/v1/incidents?gender=robot', headers: staff });
      expect(bad.statusCode).toBe(400);
    });
  });

  describe('free-text search', () => {
    it('finds Russian text by a word prefix', async () => {
      expect(await ids('q=задерж')).toEqual(['L-ALMATY-2020', 'L-COURT-2020', 'L-DRAFT', 'L-KARAGANDA-2019']);
    });
    it('treats ё and е alike, both ways', async () => {
      expect(await ids('q=елки')).toEqual(['L-YO-TEXT']);
      expect(await ids('q=ёлки')).toEqual(['L-YO-TEXT']);
    });
    it('finds Kazakh words typed on a Russian keyboard, and with Kazakh letters', async () => {
      expect(await ids('q=Костанай')).toEqual(['L-KAZAKH-TEXT']);
      expect(await ids('q=Қостанай')).toEqual(['L-KAZAKH-TEXT']);
      expect(await ids('q=Серикулы')).toEqual(['L-KARAGANDA-2019']);
    });
    it('needs every word, and combines with filters', async () => {
      expect(await ids('q=журналистку оштрафовали')).toEqual(['L-YO-TEXT']);
      expect(await ids('q=журналистку задерж')).toEqual([]);
      expect(await ids('q=задерж&year=2019')).toEqual(['L-KARAGANDA-2019']);
    });
    it('matches a lone letter as a whole word, not as the start of every word', async () => {
      expect(await ids('q=ж')).toEqual([]);
      // Every record of the corpus speaks of a journalist, in Russian or in Kazakh.
      expect(await ids('q=жу')).toEqual(['L-ALMATY-2020', 'L-COURT-2020', 'L-DRAFT', 'L-KARAGANDA-2019', 'L-KAZAKH-TEXT', 'L-YO-TEXT']);
    });
    it('survives query syntax characters', async () => {
      expect(await ids('q=' + encodeURIComponent('"*) OR ( NEAR'))).toEqual([]);
    });
  });

  it('pages with a cursor, newest first, without repeats or gaps', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await app.inject({ url: `/api/v1/incidents?limit=2&q=l${cursor ? `&cursor=${cursor}` : ''}`, headers: staff });
      const body: { items: { id: string }[]; next_cursor: string | null } = res.json();
      seen.push(...body.items.map((i) => i.id));
      cursor = body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(['L-DRAFT', 'L-YO-TEXT', 'L-KAZAKH-TEXT', 'L-COURT-2020', 'L-ALMATY-2020', 'L-KARAGANDA-2019']);
    const asc = await ids('sort=date&limit=200&q=l');
    expect(asc).toHaveLength(6);
    expect((await app.inject({ url: '/api/v1/incidents?cursor=garbage', headers: staff })).statusCode).toBe(400);
  });

  it('lists summaries: titles, act types and victims, with each record URL', async () => {
    const res = await app.inject({ url: '/api/v1/incidents?type=liberty.restriction', headers: staff });
    const [item] = res.json().items;
    expect(item).toMatchObject({
      id: 'L-COURT-2020',
      date: '2020-06-10',
      titles: { ru: 'Задержание журналиста у акимата' },
      types: ['liberty.restriction'],
      victims: [{ group: 'blogger', person: 'P-L-COURT-2020' }],
      url: 'http://jsi.test/api/v1/incidents/L-COURT-2020',
    });
    expect(res.headers['server-timing']).toMatch(/^app;dur=/);
  });

  it('counts facets for the current filter, each incident once', async () => {
    const res = await app.inject({ url: '/api/v1/incidents/facets?year=2020&q=l', headers: staff });
    const { facets } = res.json();
    expect(facets.year).toEqual([{ value: '2020', count: 5 }]);
    expect(facets.type).toContainEqual({ value: 'liberty.restriction', count: 1 });
    expect(facets.status).toEqual([{ value: 'published', count: 4 }, { value: 'received', count: 1 }]);
    expect(facets.article).toEqual([{ value: 'KZ-CC-274.4.2', count: 1 }]);
    const pub = (await app.inject({ url: '/api/v1/incidents/facets?q=l' })).json().facets;
    expect(pub.status).toEqual([{ value: 'published', count: 5 }]);
  });
});
