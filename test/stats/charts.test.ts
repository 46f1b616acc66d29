import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadDemo } from '../../src/cli/database.command.js';
import type { ChartData } from '../../src/stats/charts/chart-data.js';
import { CHART_IDS } from '../../src/stats/charts/chart-specs.js';
import type { StatsTable } from '../../src/stats/table.types.js';
import { tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';
import { expectWellFormedSvg } from './svg-check.js';
import { importDocs, incident, personAct } from './support.js';

/** The numbers an SVG prints as text. */
const printed = (svg: string) => [...svg.matchAll(/>(\d+)<\/text>/g)].map((m) => Number(m[1]));

onEachDatabase('charts', (db) => {
  let app: FastifyInstance;
  let editor: Record<string, string>;

  const get = async (url: string, headers: Record<string, string> = {}) => {
    const res = await app.inject({ url, headers });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    return res;
  };
  const chart = async (id: string, query: string, headers: Record<string, string> = {}) => (await get(`/api/v1/stats/charts/${id}.json?${query}`, headers)).json() as ChartData;

  beforeAll(async () => {
    await loadDemo(db.ctx());
    app = await buildApp(db.ctx());
    editor = (await tokenFor(db.ctx(), ['editor'])).headers;
  }, 120_000);
  afterAll(() => app.close());

  it('lists the six charts', async () => {
    const list = (await get('/api/v1/stats/charts?lang=kk')).json() as { charts: { id: string; title: string }[] };
    expect(list.charts.map((c) => c.id)).toEqual(CHART_IDS);
    expect(list.charts).toHaveLength(6);
    expect(list.charts[0]!.title).toBe('Оқиғалар айлар бойынша');
  });

  it('draws each chart as well-formed SVG with its title in Russian and Kazakh', async () => {
    for (const id of CHART_IDS) {
      for (const lang of ['ru', 'kk'] as const) {
        const res = await get(`/api/v1/stats/charts/${id}.svg?year=2020&lang=${lang}`);
        expect(res.headers['content-type']).toContain('image/svg+xml');
        expect(res.body).toContain((await chart(id, `year=2020&lang=${lang}`)).title);
        expectWellFormedSvg(res.body);
      }
    }
  });

  it("shows the engine's numbers: incidents by month are the 2020 table's, and the bars print them", async () => {
    const table = (await get('/api/v1/stats/query?count=incidents&rows=month&year=2020&lang=ru')).json() as StatsTable;
    const data = await chart('incidents-by-month', 'year=2020&lang=ru');
    expect(data.series[0]!.points.map((p) => p.value)).toEqual(table.rows.map((r) => r.total.value));
    expect(data.series[0]!.points.map((p) => p.filter)).toEqual(table.rows.map((r) => r.total.filter));
    expect(data.total.value).toBe(65);
    const svg = (await get('/api/v1/stats/charts/incidents-by-month.svg?year=2020&lang=ru')).body;
    expect(svg).toContain('апр.');
    const values = table.rows.map((r) => r.total.value).filter((v) => v > 0);
    expect(printed(svg)).toEqual(expect.arrayContaining(values));
  });

  it('draws the criminal-charges table as stacked bars, article by victim group, in Kazakh', async () => {
    const table = (await get('/api/v1/stats/tables/criminal-charges-by-article?year=2020&lang=kk')).json() as StatsTable;
    const data = await chart('criminal-charges', 'year=2020&lang=kk');
    expect(data.series.map((s) => s.name)).toEqual(['Журналистер', 'Блогерлер', 'Белсенділер / қоғам қайраткерлері']);
    const shown = table.rows.filter((r) => r.total.value > 0);
    expect(data.categories.map((c) => c.label)).toEqual(shown.map((r) => r.labels[0]));
    data.series.forEach((s, j) => expect(s.points.map((p) => p.value)).toEqual(shown.map((r) => r.cells[j]!.value)));
    expect(data.series.map((s) => s.total)).toEqual(table.columns.map((c) => c.total.value));
    const svg = (await get('/api/v1/stats/charts/criminal-charges.svg?year=2020&lang=kk')).body;
    for (const name of data.series.map((s) => s.name)) expect(svg).toContain(name);
  });

  it('draws violations by victim group and gender and the impunity funnel from the same engine', async () => {
    const table = (await get('/api/v1/stats/query?count=acts&rows=victim_group&columns=gender&year=2020&lang=ru')).json() as StatsTable;
    const victims = await chart('victims-by-group-gender', 'year=2020&lang=ru');
    expect(victims.series.map((s) => s.name)).toEqual(table.columns.map((c) => c.labels[0]));
    const shown = table.rows.filter((r) => r.total.value > 0);
    expect(victims.categories.map((c) => c.label)).toEqual(shown.map((r) => r.labels[0]));
    victims.series.forEach((s, j) => expect(s.points.map((p) => p.value)).toEqual(shown.map((r) => r.cells[j]!.value)));
    const impunity = (await get('/api/v1/stats/impunity?year=2020&lang=kk')).json() as { funnel: { label: string; value: number }[] };
    const funnel = await chart('impunity-funnel', 'year=2020&lang=kk');
    expect(funnel.categories.map((c) => c.label)).toEqual(impunity.funnel.map((s) => s.label));
    expect(funnel.series[0]!.points.map((p) => p.value)).toEqual(impunity.funnel.map((s) => s.value));
    const svg = (await get('/api/v1/stats/charts/impunity-funnel.svg?year=2020&lang=kk')).body;
    expect(svg).toContain('Тіркелген қылмыстар');
  });

  it('gives a chart’s data as CSV with a byte-order mark, the same numbers as the chart', async () => {
    for (const id of CHART_IDS) {
      const data = await chart(id, 'year=2020&lang=ru');
      const res = await get(`/api/v1/stats/charts/${id}.csv?year=2020&lang=ru`);
      expect(res.headers['content-type']).toContain('text/csv');
      expect(res.headers['content-disposition']).toContain(`${id}`);
      expect(res.body.startsWith('\uFEFF')).toBe(true);
      const rows = parse(res.body.slice(1)) as string[][];
      expect(rows[0]).toEqual([data.categoryAxis, ...data.series.map((s) => s.name)]);
      data.categories.forEach((c, i) => expect(rows[i + 1]).toEqual([c.label, ...data.series.map((s) => String(s.points[i]!.value))]));
      if (data.kind !== 'funnel') expect(rows.at(-1)).toEqual(['Всего', ...data.series.map((s) => String(s.total))]);
    }
  });

  it('opens the records behind a bar: its filter lists exactly that many incidents', async () => {
    const data = await chart('incidents-by-type', 'year=2020&lang=en');
    for (const [i, p] of data.series[0]!.points.entries()) {
      const list = (await get(`/api/v1/incidents?${p.filter}&limit=100`)).json() as { items: unknown[] };
      expect(list.items.length, data.categories[i]!.label).toBe(p.value);
    }
  });

  it('answers an unknown chart with 404 and a bad file name with a message naming it', async () => {
    expect((await app.inject({ url: '/api/v1/stats/charts/nothing.svg' })).statusCode).toBe(404);
    const bad = await app.inject({ url: '/api/v1/stats/charts/incidents-by-month.exe' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('file');
  });

  it('never lets a confidential incident change what the public sees, while staff count it', async () => {
    const files = CHART_IDS.flatMap((id) => [`charts/${id}.svg`, `charts/${id}.csv`]).concat(['map.svg?view=choropleth', 'map.svg?view=grid']);
    const url = (f: string) => `/api/v1/stats/${f}${f.includes('?') ? '&' : '?'}year=2020&lang=ru`;
    const before = await Promise.all(files.map(async (f) => (await get(url(f))).body));
    const staffBefore = (await chart('incidents-by-month', 'year=2020&lang=ru', editor)).total.value;
    await importDocs(db.ctx(), [
      incident('CONF-1', [personAct('attack.physical', 'journalist', 'CONF-P1', { gender: 'female' })], { date: '2020-04-04', region: 'KZ-ALA', confidential: true }),
    ]);
    const after = await Promise.all(files.map(async (f) => (await get(url(f))).body));
    files.forEach((f, i) => expect(after[i], f).toBe(before[i]));
    expect((await chart('incidents-by-month', 'year=2020&lang=ru', editor)).total.value).toBe(staffBefore + 1);
  });
});
