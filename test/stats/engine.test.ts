import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { StatsTable } from '../../src/stats/table.types.js';
import { tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';
import { importDocs, incident, personAct } from './support.js';

/**
 * A small register built so that each rule of the engine has one clear answer: one person with
 * three acts in two incidents, drafts and rejected records, a confidential incident, a hidden
 * victim, an act with two perpetrators, and incidents in 2019 and 2023 (the other region layout).
 */
function corpus() {
  const p1 = (type: string) => personAct(type, 'journalist', 'S-P1', { gender: 'female' });
  return [
    incident('S-E1', [p1('liberty.detention.protest'), p1('liberty.custody'), personAct('liberty.detention.protest', 'blogger', 'S-P2', { gender: 'male', confidential_fields: ['victim'] })], {
      date: '2020-03-01',
      context: ['protest'],
    }),
    incident('S-E2', [{ ...p1('attack.physical'), perpetrators: [{ perpetrator_type: 'police', degree: 'perpetrator' }, { perpetrator_type: 'private_individual', degree: 'perpetrator' }] }], {
      date: '2020-06-10',
      region: 'KZ-KAR',
      settlement: 'Karaganda',
    }),
    incident('S-E3', [personAct('threat.life', 'civic_activist', 'S-P3', { gender: 'male' })], { date: '2020-07', status: 'verified' }),
    incident('S-E4', [personAct('attack.physical', 'journalist', 'S-P4')], { date: '2020-08-01', status: 'received' }),
    incident('S-E5', [personAct('attack.physical', 'journalist', 'S-P5', { gender: 'male' })], { date: '2020-09-01', region: 'KZ-AST', settlement: 'Nur-Sultan', confidential: true }),
    incident('S-E6', [p1('liberty.detention.protest')], { date: '2019-05-05' }),
    incident('S-E7', [personAct('attack.physical', 'journalist', 'S-P6')], { date: '2023-03-03', region: 'KZ-75', settlement: 'Almaty' }),
    incident('S-E8', [personAct('attack.physical', 'journalist', 'S-P7')], { date: '2020-10-10', status: 'rejected' }),
  ];
}

onEachDatabase('statistics engine', (db) => {
  let app: FastifyInstance;
  let editor: Record<string, string>;
  let analyst: Record<string, string>;

  const get = async (url: string, headers: Record<string, string> = editor) => {
    const res = await app.inject({ url, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as StatsTable;
  };
  const totals = (t: StatsTable) => Object.fromEntries(t.rows.map((r) => [r.key.join('/'), r.total.value]));

  beforeAll(async () => {
    await importDocs(db.ctx(), corpus());
    app = await buildApp(db.ctx());
    editor = (await tokenFor(db.ctx(), ['editor'])).headers;
    analyst = (await tokenFor(db.ctx(), ['analyst'])).headers;
  });
  afterAll(() => app.close());

  describe('what is counted', () => {
    it('incidents, acts and distinct persons are three different numbers', async () => {
      const count = async (unit: string) => (await get(`/api/v1/stats/query?count=${unit}&rows=year&year=2020`)).total.value;
      expect(await count('incidents')).toBe(4);
      expect(await count('acts')).toBe(6);
      expect(await count('persons')).toBe(4);
    });

    it('counts a person with several acts once per cell and once in the total', async () => {
      const persons = await get('/api/v1/stats/query?count=persons&rows=type:1&year=2020');
      expect(totals(persons)).toEqual({ liberty: 2, attack: 2, threat: 1 });
      expect(persons.total.value).toBe(4);
      expect(persons.additive).toBe(false);
      const acts = await get('/api/v1/stats/query?count=acts&rows=type:1&year=2020');
      expect(totals(acts)).toEqual({ liberty: 3, attack: 2, threat: 1 });
      expect(acts.total.value).toBe(6);
      expect(acts.additive).toBe(true);
      const incidents = await get('/api/v1/stats/query?count=incidents&rows=type:1&year=2020');
      expect(totals(incidents)).toEqual({ liberty: 1, attack: 2, threat: 1 });
    });

    it('counts an act with two perpetrators under each, once in the total', async () => {
      const t = await get('/api/v1/stats/query?count=acts&rows=perpetrator_type&year=2020');
      expect(totals(t)).toEqual({ police: 6, private_individual: 1 });
      expect(t.total.value).toBe(6);
      const state = await get('/api/v1/stats/query?count=acts&rows=perpetrator_type:state&year=2020');
      expect(totals(state)).toMatchObject({ state: 6, non_state: 1 });
    });

    it('counts only verified and published records unless the status is asked for', async () => {
      const t = await get('/api/v1/stats/query?count=incidents&rows=status&year=2020');
      expect(totals(t)).toEqual({ verified: 1, published: 3 });
      const drafts = await get('/api/v1/stats/query?count=incidents&rows=status&year=2020&status=received,rejected');
      expect(totals(drafts)).toEqual({ received: 1, rejected: 1 });
    });

    it('shows the public only published, non-confidential records, and no hidden victim’s gender', async () => {
      const pub = await get('/api/v1/stats/query?count=incidents&rows=year&year=2020', {});
      expect(pub.total.value).toBe(2);
      expect((await get('/api/v1/stats/query?count=incidents&rows=year&year=2020&status=received', {})).total.value).toBe(0);
      expect((await get('/api/v1/stats/query?count=incidents&rows=year&year=2020', analyst)).total.value).toBe(3);
      const gender = await get('/api/v1/stats/query?count=persons&rows=gender&year=2020', {});
      expect(totals(gender)).toEqual({ female: 1, __none__: 1 });
      expect(totals(await get('/api/v1/stats/query?count=persons&rows=gender&year=2020'))).toEqual({ female: 1, male: 3 });
      // Nor can a filter on who the victim is find the hidden one.
      expect((await get('/api/v1/stats/query?count=acts&rows=year&year=2020&gender=male', {})).total.value).toBe(0);
      expect((await get('/api/v1/stats/query?count=acts&rows=year&year=2020&person=S-P2', {})).total.value).toBe(0);
      expect((await get('/api/v1/stats/query?count=acts&rows=year&year=2020&person=S-P2')).total.value).toBe(1);
      const named = await get('/api/v1/stats/tables/threats-by-gender?year=2020', {});
      expect(named.total.value).toBe(4);
    });
  });

  describe('dimensions', () => {
    it('groups by the regions valid in the period: the 2020 layout for 2020, the current one for 2023', async () => {
      const y2020 = await get('/api/v1/stats/query?count=incidents&rows=region&year=2020');
      const codes2020 = y2020.rows.map((r) => r.key[0]);
      expect(codes2020).toHaveLength(17);
      expect(codes2020).toContain('KZ-ALA');
      expect(codes2020).not.toContain('KZ-75');
      expect(totals(y2020)).toMatchObject({ 'KZ-ALA': 2, 'KZ-KAR': 1, 'KZ-AST': 1, 'KZ-PAV': 0 });
      const y2023 = await get('/api/v1/stats/query?count=incidents&rows=region&year=2023');
      const codes2023 = y2023.rows.map((r) => r.key[0]);
      expect(codes2023).toHaveLength(20);
      expect(codes2023).toContain('KZ-62');
      expect(codes2023).not.toContain('KZ-ALA');
      expect(totals(y2023)['KZ-75']).toBe(1);
    });

    it('crosses two dimensions and lists every month of the year', async () => {
      const t = await get('/api/v1/stats/query?count=acts&rows=month&columns=victim_group&year=2020');
      expect(t.rows.map((r) => r.key[0])).toEqual(Array.from({ length: 12 }, (_, i) => `2020-${String(i + 1).padStart(2, '0')}`));
      const march = t.rows.find((r) => r.key[0] === '2020-03')!;
      const col = (g: string) => t.columns.findIndex((c) => c.key[0] === g);
      expect(march.cells[col('journalist')]!.value).toBe(2);
      expect(march.cells[col('blogger')]!.value).toBe(1);
      expect(t.columns.map((c) => c.total.value).reduce((a, b) => a + b)).toBe(t.total.value);
    });

    it('compares with the previous year', async () => {
      const t = await get('/api/v1/stats/query?count=acts&rows=type:1&year=2020&compare=true');
      expect(t.rows.find((r) => r.key[0] === 'liberty')!.total.previous).toBe(1);
      expect(t.total.previous).toBe(1);
      expect(t.compare?.filter).toContain('year=2019');
    });
  });

  it('gives each cell the incident-list filter that lists exactly its incidents', async () => {
    const t = await get('/api/v1/stats/query?count=incidents&rows=region&columns=type:1&year=2020');
    let checked = 0;
    for (const row of t.rows) {
      for (const cell of [...row.cells, row.total]) {
        if (!cell.filter_exact || cell.value === 0) continue;
        const list = await app.inject({ url: `/api/v1/incidents?${cell.filter}&limit=200`, headers: editor });
        expect(list.statusCode, list.body).toBe(200);
        expect(list.json().items.length, cell.filter).toBe(cell.value);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(4);
  });

  it('counts incidents by incident-level dimensions from the incidents themselves, cell by cell as the list does', async () => {
    const t = await get('/api/v1/stats/query?count=incidents&rows=region&columns=status&year=2020&status=received,verified,published');
    let checked = 0;
    for (const row of t.rows) {
      for (const cell of [...row.cells, row.total]) {
        if (!cell.filter_exact || cell.value === 0) continue;
        const list = await app.inject({ url: `/api/v1/incidents?${cell.filter}&limit=200`, headers: editor });
        expect(list.json().items.length, cell.filter).toBe(cell.value);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(2);
    // The same incidents counted through their acts (a filter on every top type makes the engine read acts).
    const every = 'type=killing,threat,attack,liberty,prosecution,pressure,cyber,media';
    const viaActs = await get(`/api/v1/stats/query?count=incidents&rows=region&year=2020&status=received,verified,published&${every}`);
    const direct = await get('/api/v1/stats/query?count=incidents&rows=region&year=2020&status=received,verified,published');
    expect(direct.rows.map((r) => [r.key, r.total.value])).toEqual(viaActs.rows.map((r) => [r.key, r.total.value]));
    expect(direct.total.value).toBe(viaActs.total.value);
  });

  it('totals of incidents by region and type: each incident once per type and once in its region', async () => {
    const crossed = await get('/api/v1/stats/query?count=incidents&rows=region&columns=type:1&year=2020&status=received,verified,published');
    const byType = await get('/api/v1/stats/query?count=incidents&rows=type:1&year=2020&status=received,verified,published');
    const byRegion = await get('/api/v1/stats/query?count=incidents&rows=region&year=2020&status=received,verified,published');
    const columnTotals = Object.fromEntries(crossed.columns.map((c) => [c.key.join('/'), c.total.value]));
    expect(columnTotals).toEqual(totals(byType));
    expect(totals(crossed)).toEqual(totals(byRegion));
    // S-E1's three liberty acts are one incident; S-E2's attack, S-E3's threat, S-E4 and S-E5's attacks the rest.
    expect(columnTotals).toMatchObject({ liberty: 1, attack: 3, threat: 1 });
    expect(crossed.total.value).toBe(5);
  });

  it('does not call a month\'s filter exact: the list also shows records dated only to the year', async () => {
    const t = await get('/api/v1/stats/query?count=incidents&rows=month&year=2020');
    const month = t.rows.find((r) => r.total.value > 0)!;
    expect(month.total.filter).toMatch(/from=2020-\d\d&to=2020-\d\d/);
    expect(month.total.filter_exact).toBe(false);
  });

  it('shares are of the grand total, or of the row when asked', async () => {
    const t = await get('/api/v1/stats/query?count=acts&rows=type:1&year=2020');
    expect(t.rows.find((r) => r.key[0] === 'liberty')!.total.share).toBe(0.5);
    const byRow = await get('/api/v1/stats/query?count=acts&rows=type:1&columns=victim_group&shares=row&year=2020');
    const liberty = byRow.rows.find((r) => r.key[0] === 'liberty')!;
    expect(liberty.cells.reduce((s, c) => s + (c.share ?? 0), 0)).toBeCloseTo(1);
  });

  it('answers every format: JSON, CSV with a byte-order mark, Markdown, XLSX', async () => {
    const csv = await app.inject({ url: '/api/v1/stats/query?count=acts&rows=region&year=2020&format=csv', headers: editor });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.startsWith('\uFEFF')).toBe(true);
    const md = await app.inject({ url: '/api/v1/stats/query?count=acts&rows=region&year=2020&format=md&lang=ru', headers: editor });
    expect(md.body).toContain('| Алматы |');
    const xlsx = await app.inject({ url: '/api/v1/stats/query?count=acts&rows=region&year=2020&format=xlsx', headers: editor });
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('names the bad parameter', async () => {
    const bad = async (url: string, status: number, text: string) => {
      const res = await app.inject({ url, headers: editor });
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.message).toContain(text);
    };
    await bad('/api/v1/stats/query?count=acts&rows=colour', 400, 'querystring.rows');
    await bad('/api/v1/stats/query?count=people&rows=region', 400, 'querystring.count');
    await bad('/api/v1/stats/query?count=acts&rows=type:nonsense', 400, 'querystring.rows');
    await bad('/api/v1/stats/query?count=acts&rows=region&columns=gender:7', 400, 'querystring.columns');
    await bad('/api/v1/stats/query?count=acts&rows=region&year=soon', 400, 'querystring.year');
    await bad('/api/v1/stats/query?count=acts&rows=region&compare=true', 400, 'compare');
    await bad('/api/v1/stats/tables/no-such-table', 404, 'no-such-table');
    await bad('/api/v1/stats/tables/a1-overview?format=pdf', 400, 'querystring.format');
  });
});
