import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadDemo } from '../../src/cli/database.command.js';
import type { IncidentInput } from '../../src/exchange/interchange.schema.js';
import type { StatsTable } from '../../src/stats/table.types.js';
import { tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';
import { importDocs, incident, personAct } from './support.js';

/**
 * The seed's table of criminal charges (seed lines 419-434), as printed: article, then the charges
 * against journalists, bloggers and activists / public figures (a blank cell is none).
 */
const SEED_CHARGES: readonly [string, readonly string[], number, number, number][] = [
  ['art-274', ['KZ-CC-274.4.2', 'KZ-CC-274'], 3, 2, 4],
  ['art-130-131', ['KZ-CC-130', 'KZ-CC-131'], 2, 3, 0],
  ['art-147', ['KZ-CC-147'], 3, 0, 1],
  ['art-174', ['KZ-CC-174'], 1, 2, 0],
  ['art-405', ['KZ-CC-405'], 0, 1, 1],
  ['art-373', ['KZ-CC-373'], 0, 2, 0],
  ['art-105', ['KZ-CC-105'], 1, 0, 0],
  ['art-107', ['KZ-CC-107'], 0, 1, 0],
  ['art-248', ['KZ-CC-248'], 1, 0, 0],
  ['art-256', ['KZ-CC-256'], 1, 0, 0],
  ['art-385', ['KZ-CC-385'], 1, 0, 0],
  ['art-378', ['KZ-CC-378'], 0, 0, 1],
];
const SEED_TOTALS = { journalists: 13, bloggers: 11, activists: 7, all: 31 };
const GROUPS = [
  ['journalists', 'journalist'],
  ['bloggers', 'blogger'],
  ['activists', 'civic_activist'],
] as const;

/**
 * Records that hold exactly the seed's 31 charges: a person charged under two articles in one case
 * (as the seed counts 130 and 131 for one blogger), editors counted as journalists, and around them
 * what must not count: a draft, a 2019 case, an administrative charge, a co-victim with no charge,
 * a charge against an outlet.
 */
function chargeRecords(): IncidentInput[] {
  const charges: { group: string; article: string }[] = [];
  for (const [, articles, ...counts] of SEED_CHARGES) {
    GROUPS.forEach(([, group], g) => {
      for (let i = 0; i < counts[g]!; i++) charges.push({ group, article: articles[i % articles.length]! });
    });
  }
  const docs: IncidentInput[] = [];
  // Two charges per person and case where the group allows it: each still counts once per article.
  for (let i = 0; i < charges.length; ) {
    const first = charges[i]!;
    const pair = charges[i + 1]?.group === first.group && charges[i + 1]!.article !== first.article ? [first, charges[i + 1]!] : [first];
    i += pair.length;
    const n = docs.length;
    const person = `C-P${n}`;
    const group = first.group === 'journalist' && n % 3 === 0 ? 'media_worker' : first.group;
    const acts = [personAct('prosecution.criminal', group, person)];
    // A second journalist prosecuted in the same incident but not charged: the charges are not theirs.
    if (n % 4 === 0) acts.push(personAct('prosecution.criminal', 'journalist', `C-Q${n}`));
    docs.push(
      incident(`C-${n}`, acts, {
        date: `2020-${String((n % 12) + 1).padStart(2, '0')}-15`,
        legal_cases: [{ id: `C-case-${n}`, kind: 'criminal', title: 'Criminal case', against_journalist: true, charges: pair.map((c) => ({ article: c.article, person })) }],
      }),
    );
  }
  const noise = (id: string, o: Partial<IncidentInput>, acts = [personAct('prosecution.criminal', 'blogger', `${id}-P`)]) =>
    incident(id, acts, { date: '2020-05-05', ...o, legal_cases: [{ id: `${id}-case`, kind: 'criminal', title: 'Case', against_journalist: true, charges: [{ article: 'KZ-CC-274', person: `${id}-P` }], ...o.legal_cases?.[0] }] });
  docs.push(noise('N-draft', { status: 'received' }));
  docs.push(noise('N-2019', { date: '2019-05-05' }));
  docs.push(noise('N-admin', { legal_cases: [{ id: 'N-admin-case', kind: 'administrative', title: 'Administrative case', against_journalist: true, charges: [{ article: 'KZ-AOC-476.7', person: 'N-admin-P' }] }] }));
  docs.push(
    noise('N-outlet', { legal_cases: [{ id: 'N-outlet-case', kind: 'criminal', title: 'Case against an outlet', against_journalist: true, charges: [{ article: 'KZ-CC-174' }] }] }, [
      { type: 'media.prosecution', victim_group: 'online_platform', organisation: { id: 'N-outlet-O', name: 'An outlet', kind: 'online_platform' } },
    ]),
  );
  return docs;
}

onEachDatabase("the seed's criminal charges table, from records built to match it", (db) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    await importDocs(db.ctx(), chargeRecords());
    app = await buildApp(db.ctx());
  });
  afterAll(() => app.close());

  it('comes out exactly as printed: 31 charges, 13 against journalists, 11 bloggers, 7 activists, by article', async () => {
    const res = await app.inject({ url: '/api/v1/stats/tables/criminal-charges-by-article?year=2020', headers: (await tokenFor(db.ctx(), ['analyst'])).headers });
    expect(res.statusCode, res.body).toBe(200);
    const table: StatsTable = res.json();
    expect(table.count).toBe('charges');
    expect(table.columns.map((c) => c.key[0])).toEqual(['journalists', 'bloggers', 'activists']);
    const printed = table.rows.map((r) => [r.key[0], ...r.cells.map((c) => c.value), r.total.value]);
    expect(printed).toEqual(SEED_CHARGES.map(([code, , j, b, a]) => [code, j, b, a, j + b + a]));
    expect(table.columns.map((c) => c.total.value)).toEqual([SEED_TOTALS.journalists, SEED_TOTALS.bloggers, SEED_TOTALS.activists]);
    expect(table.total.value).toBe(SEED_TOTALS.all);
    const cell = table.rows[0]!.cells[0]!;
    expect(cell.filter).toBe('year=2020&type=prosecution.criminal&victim_group=journalist,media_worker&article=KZ-CC-274&status=verified,published');
    expect(cell.filter_exact).toBe(true);
    // Every number the definition quotes from the seed is met.
    expect(table.seed!.comparison.filter((c) => c.seed !== c.ours)).toEqual([]);
  });

  it('prints the same table as Markdown', async () => {
    const md = (await app.inject({ url: '/api/v1/stats/tables/criminal-charges-by-article?year=2020&format=md' })).body;
    expect(md).toContain('| Article 274: dissemination of knowingly false information | 3 | 2 | 4 | 9 |');
    expect(md).toContain('| **Total** | **13** | **11** | **7** | **31** |');
  });
});

onEachDatabase("the seed's table of liberty measures in criminal cases, from records built to match it", (db) => {
  it('comes out as printed: 6 arrests, 1 imprisonment, 5 restrictions, 1 suspended sentence', async () => {
    const kinds: [string, number][] = [
      ['liberty.custody', 4],
      ['liberty.house_arrest', 2],
      ['liberty.imprisonment', 1],
      ['liberty.restriction', 5],
      ['liberty.suspended_sentence', 1],
    ];
    const docs = kinds.flatMap(([type, n]) => Array.from({ length: n }, (_, i) => incident(`M-${type}-${i}`, [personAct(type, 'blogger', `M-${type}-${i}-P`, { gender: i % 2 ? 'female' : 'male' })], { date: '2020-04-01' })));
    docs.push(incident('M-admin', [personAct('liberty.administrative_arrest', 'blogger', 'M-admin-P')], { date: '2020-04-01' }));
    await importDocs(db.ctx(), docs);
    const app = await buildApp(db.ctx());
    const table: StatsTable = (await app.inject({ url: '/api/v1/stats/tables/criminal-measures-by-kind?year=2020' })).json();
    await app.close();
    expect(table.rows.map((r) => [r.key[0], r.total.value])).toEqual([
      ['custody', 6],
      ['imprisonment', 1],
      ['restriction', 5],
      ['suspended', 1],
    ]);
    expect(table.total.value).toBe(13);
    expect(table.seed!.comparison.every((c) => c.seed === c.ours)).toBe(true);
  });
});

onEachDatabase("every table of the seed's section A.1 on the demo data", (db) => {
  let app: FastifyInstance;
  let ids: string[] = [];
  beforeAll(async () => {
    await loadDemo(db.ctx());
    app = await buildApp(db.ctx());
    const res = await app.inject({ url: '/api/v1/stats/tables?lang=ru' });
    ids = res.json().tables.map((t: { id: string }) => t.id);
  });
  afterAll(() => app.close());

  it('lists the named tables, each with a version and the seed lines it restates', async () => {
    const { tables } = (await app.inject({ url: '/api/v1/stats/tables' })).json();
    expect(ids).toEqual(expect.arrayContaining(['criminal-charges-by-article', 'threats-by-gender', 'criminal-measures-by-kind', 'administrative-arrests-by-group', 'civil-claims-by-kind', 'administrative-prosecutions-by-month', 'threats-to-media-by-kind', 'attacks-detentions-by-context']));
    for (const t of tables) {
      expect(t.version).toBeTruthy();
      expect(t.seed_lines.length).toBeGreaterThan(0);
    }
  });

  it('produces each table in every format and language', async () => {
    for (const id of ids) {
      for (const lang of ['en', 'ru', 'kk']) {
        const json = await app.inject({ url: `/api/v1/stats/tables/${id}?year=2020&lang=${lang}` });
        expect(json.statusCode, `${id}: ${json.body}`).toBe(200);
        const table: StatsTable = json.json();
        expect(table.methodology.length, id).toBeGreaterThan(100);
        expect(table.rows.length, id).toBeGreaterThan(0);
        expect(table.total.value, id).toBeGreaterThan(0);
      }
      const csv = await app.inject({ url: `/api/v1/stats/tables/${id}?year=2020&format=csv` });
      expect(csv.body.startsWith('\uFEFF'), id).toBe(true);
      expect(csv.body.split('\n').length, id).toBeGreaterThan(2);
      const md = await app.inject({ url: `/api/v1/stats/tables/${id}?year=2020&format=md&compare=true` });
      expect(md.body, id).toMatch(/^# .+\n/);
      expect(md.body, id).toContain('Total 2019');
      const xlsx = await app.inject({ url: `/api/v1/stats/tables/${id}?year=2020&format=xlsx` });
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      expect(book.worksheets[0]!.rowCount, id).toBeGreaterThan(4);
    }
  });

  it('counts what the demo data restates of the seed', async () => {
    const table = async (id: string) => (await app.inject({ url: `/api/v1/stats/tables/${id}?year=2020` })).json() as StatsTable;
    const measures = await table('criminal-measures-by-kind');
    expect(Object.fromEntries(measures.rows.map((r) => [r.key[0], r.total.value]))).toEqual({ custody: 5, imprisonment: 1, restriction: 4, suspended: 1 });
    const arrests = await table('administrative-arrests-by-group');
    expect(arrests.total.value).toBe(7);
    expect(arrests.columns.map((c) => c.key[0])).toEqual(['male']);
    const overview = await table('a1-overview');
    expect(overview.rows.find((r) => r.key[0] === 'threats_to_life')!.total.value).toBe(4);
    expect(overview.rows.find((r) => r.key[0] === 'killings')!.total.value).toBe(0);
  });
});
