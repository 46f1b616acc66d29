import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadDemo } from '../../src/cli/database.command.js';
import { loadProfile, regionValidOn } from '../../src/reference/profile.js';
import type { MapModel } from '../../src/stats/map/map-model.js';
import { checkMap, loadCountryMap } from '../../src/stats/map/map.service.js';
import type { StatsTable } from '../../src/stats/table.types.js';
import { onEachDatabase } from '../support/databases.js';
import { expectWellFormedSvg } from './svg-check.js';

const profile = loadProfile('kz');
const regions2020 = profile.regions.filter((r) => regionValidOn(r, '2020-06-30'));
const cities2020 = regions2020.filter((r) => r.kind === 'city').map((r) => r.code).sort();

describe('the boundaries of the Kazakhstan profile', () => {
  it('draw every region of each layout exactly once, on the map and on the grid', () => {
    expect(() => checkMap(profile, loadCountryMap(profile))).not.toThrow();
    expect(regions2020).toHaveLength(17);
  });

  it('refuse a layout that leaves a region out, naming it', () => {
    const map = loadCountryMap(profile);
    const [first, ...rest] = map.file.layouts;
    const broken = { ...map, file: { ...map.file, layouts: [{ ...first!, areas: first!.areas.filter((a) => !a.regions.includes('KZ-KAR')) }, ...rest] } };
    expect(() => checkMap(profile, broken)).toThrow(/layout 2020: areas and cities miss KZ-KAR/);
  });
});

onEachDatabase('the map', (db) => {
  let app: FastifyInstance;
  const get = async (url: string) => {
    const res = await app.inject({ url });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    return res;
  };

  beforeAll(async () => {
    await loadDemo(db.ctx());
    app = await buildApp(db.ctx());
  }, 120_000);
  afterAll(() => app.close());

  it('draws one shape per 2020 region, the three cities as circles, and a legend', async () => {
    const res = await get('/api/v1/stats/map.svg?year=2020&lang=ru&view=choropleth');
    expect(res.headers['content-type']).toContain('image/svg+xml');
    const svg = res.body;
    expectWellFormedSvg(svg);
    const shapes = [...svg.matchAll(/<path class="region" data-regions="([^"]+)"/g)].map((m) => m[1]);
    const circles = [...svg.matchAll(/<circle class="city" data-regions="([^"]+)"/g)].map((m) => m[1]);
    expect(shapes).toHaveLength(14);
    expect([...shapes].sort()).toEqual(regions2020.filter((r) => r.kind === 'region').map((r) => r.code).sort());
    expect([...circles].sort()).toEqual(cities2020);
    expect(svg).toContain('<g class="legend">');
    expect(svg).toContain('Natural Earth');
    for (const r of regions2020) expect(svg).toContain(`<title>${r.labels.ru}:`);
  });

  it("prints each region's number from the engine's table, with names in Kazakh and English", async () => {
    const table = (await get('/api/v1/stats/query?count=incidents&rows=region&year=2020&lang=kk')).json() as StatsTable;
    const model = (await get('/api/v1/stats/map.json?year=2020&lang=kk')).json() as MapModel;
    for (const row of table.rows.filter((r) => r.key[0] !== '__none__')) {
      const mark = [...model.areas, ...model.circles].find((m) => m.regions.includes(row.key[0]!));
      expect(mark, row.key[0]).toBeDefined();
      expect(mark!.value).toBe(row.total.value);
      expect(mark!.filter).toBe(row.total.filter);
      expect(mark!.label).toBe(row.labels[0]);
    }
    const unplaced = table.rows.find((r) => r.key[0] === '__none__')!;
    expect(model.unplaced).toEqual({ label: unplaced.labels[0], value: unplaced.total.value, filter: unplaced.total.filter });
    const en = (await get('/api/v1/stats/map.svg?year=2020&lang=en')).body;
    for (const r of regions2020) expect(en).toContain(`<title>${r.labels.en}:`);
    // Almaty, the city with most 2020 incidents, takes the darkest class.
    expect(model.circles.find((c) => c.regions[0] === 'KZ-ALA')!.fill).toBe(model.legend.at(-1)!.fill);
  });

  it('a region opens its records: its filter lists as many incidents as it shows', async () => {
    const model = (await get('/api/v1/stats/map.json?year=2020&lang=en')).json() as MapModel;
    for (const m of [...model.areas, ...model.circles].filter((x) => x.value > 0)) {
      const list = (await get(`/api/v1/incidents?${m.filter}&limit=100`)).json() as { items: unknown[] };
      expect(list.items.length, m.label).toBe(m.value);
    }
  });

  it('draws the tile grid in the layout of the year: 17 tiles in 2020, 20 from 2023', async () => {
    const grid = (await get('/api/v1/stats/map.svg?year=2020&lang=kk&view=grid')).body;
    expectWellFormedSvg(grid);
    expect([...grid.matchAll(/<g class="tile"/g)]).toHaveLength(17);
    expect(grid).toContain('Шымкент');
    expect(grid).toContain('<g class="legend">');
    const later = (await get('/api/v1/stats/map.json?year=2023&lang=en&view=grid')).json() as MapModel;
    expect(later.tiles.map((t) => t.key)).toContain('KZ-62');
    expect(later.tiles).toHaveLength(20);
    // On the boundaries, a 2022 region without its own shape shares its parent's, named with it.
    const choropleth = (await get('/api/v1/stats/map.json?year=2023&lang=en')).json() as MapModel;
    expect(choropleth.areas.find((a) => a.regions.includes('KZ-62'))!.label).toBe('Karaganda Region + Ulytau Region');
  });

  it('refuses an unknown view, naming the parameter', async () => {
    const res = await app.inject({ url: '/api/v1/stats/map.svg?view=globe' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('view');
  });
});
