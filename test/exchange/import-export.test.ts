import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { exportIncidents } from '../../src/exchange/export.js';
import type { ExchangeFormat } from '../../src/exchange/formats.js';
import { importFile } from '../../src/exchange/import.js';
import { readIncidents } from '../../src/incidents/incident.reader.js';
import { operatorReader } from '../../src/platform/reader.js';
import type { AppContext } from '../../src/platform/context.js';
import { onEachDatabase } from '../support/databases.js';
import { jsonl, tempFiles } from '../support/temp-files.js';
import { incidentDoc } from '../support/fixtures.js';

const { file } = tempFiles('jsi-exchange-');
const operator = operatorReader('test');

async function exported(ctx: AppContext, format: ExchangeFormat, filter = {}): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of exportIncidents(ctx, filter, operator, format)) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

async function tableCounts(ctx: AppContext) {
  const db = ctx.database.db;
  const count = async (t: 'incidents' | 'acts' | 'persons' | 'history' | 'legal_cases') =>
    Number((await db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { incidents: await count('incidents'), acts: await count('acts'), persons: await count('persons'), history: await count('history'), cases: await count('legal_cases') };
}

function richDoc(prefix: string) {
  const doc = incidentDoc({ id: `${prefix}-rich` });
  doc.acts.push({
    type: 'liberty.administrative_arrest',
    victim_group: 'blogger',
    person: { id: `${prefix}-p2`, name: '=HYPERLINK("http://evil")', gender: 'male', outlet: { id: `${prefix}-o1`, name: '+Outlet', kind: 'media_outlet' } },
    outcome: '-10 days of arrest',
    perpetrators: [{ perpetrator_type: 'court', name: '@court', degree: 'perpetrator' }],
  });
  doc.legal_cases = [
    {
      id: `${prefix}-case`,
      kind: 'administrative',
      title: 'Arrest for filming',
      against_journalist: true,
      parties: [{ person: `${prefix}-p2`, role: 'defendant' }],
      charges: [{ article: 'KZ-AOC-478', person: `${prefix}-p2` }],
      events: [{ date: '2020-05-15', kind: 'decision', instance: 'first', outcome: 'administrative_arrest', detail: '10 days' }],
    },
  ];
  return doc;
}

onEachDatabase('import and export', (db) => {
  it('lands a good file, and re-importing it changes nothing', async () => {
    const docs = [incidentDoc({ id: 'IMP-1' }), incidentDoc({ id: 'IMP-2' })];
    const path = file('good.jsonl', jsonl(docs));
    const first = await importFile(db.ctx(), path, { actor: 'test' });
    expect(first).toMatchObject({ records: 2, created: 2, updated: 0, unchanged: 0, errors: [], written: true });
    const before = await tableCounts(db.ctx());
    const again = await importFile(db.ctx(), path, { actor: 'test' });
    expect(again).toMatchObject({ records: 2, created: 0, updated: 0, unchanged: 2, written: true });
    expect(await tableCounts(db.ctx())).toEqual(before);
  });

  it('refuses a file with one bad row, naming the line and field, and writes none of it', async () => {
    const bad = incidentDoc({ id: 'BAD-2' });
    bad.acts[0]!.victim_group = 'astronaut';
    const path = file('bad.jsonl', jsonl([incidentDoc({ id: 'BAD-1' }), bad, incidentDoc({ id: 'BAD-3' })]) + '\n{not json');
    const before = await tableCounts(db.ctx());
    for (const dryRun of [true, false]) {
      const report = await importFile(db.ctx(), path, { actor: 'test', dryRun });
      expect(report.written).toBe(false);
      expect(report.errors).toEqual([
        { line: 2, id: 'BAD-2', field: 'acts.0.victim_group', message: 'unknown victim group "astronaut"' },
        { line: 4, field: '(row)', message: expect.stringContaining('not valid JSON') },
      ]);
    }
    expect(await tableCounts(db.ctx())).toEqual(before);
  });

  it('reports a dry run of a good file as the real run would, without writing', async () => {
    const path = file('dry.jsonl', jsonl([incidentDoc({ id: 'DRY-1' })]));
    const before = await tableCounts(db.ctx());
    const report = await importFile(db.ctx(), path, { actor: 'test', dryRun: true });
    expect(report).toMatchObject({ records: 1, created: 1, written: false, errors: [] });
    expect(await tableCounts(db.ctx())).toEqual(before);
  });

  it('refuses a file that repeats an id or points at an unknown person', async () => {
    const orphan = incidentDoc({ id: 'REF-2' });
    orphan.acts[0]!.person = { id: 'nobody-known' };
    const path = file('refs.jsonl', jsonl([incidentDoc({ id: 'REF-1' }), incidentDoc({ id: 'REF-1' }), orphan]));
    const report = await importFile(db.ctx(), path, { actor: 'test' });
    expect(report.errors.map((e) => [e.line, e.field])).toEqual([[2, 'id']]);
    const refs = await importFile(db.ctx(), file('refs2.jsonl', jsonl([orphan])), { actor: 'test' });
    expect(refs.errors).toEqual([{ line: 1, id: 'REF-2', field: 'person', message: 'person "nobody-known" is neither given in full nor stored' }]);
  });

  for (const format of ['jsonl', 'csv', 'xlsx'] as const) {
    it(`round-trips through ${format}: export, import into an empty database, export gives the same`, async () => {
      const prefix = `RT${format}`;
      const source = file('rt.jsonl', jsonl([richDoc(prefix), incidentDoc({ id: `${prefix}-plain` })]));
      await importFile(db.ctx(), source, { actor: 'test' });
      const filter = { q: prefix.toLowerCase() };
      const first = await exported(db.ctx(), format, filter);
      const path = file(`export.${format === 'csv' ? 'zip' : format}`, first);

      // A second, empty database: import the export there, then export again.
      const { openContext } = await import('../../src/app.js');
      const { loadConfig } = await import('../../src/platform/config.js');
      const other = await openContext({ ...loadConfig({}), databaseUrl: join(mkdtempSync(join(tmpdir(), 'jsi-rt-')), 'rt.db'), publicUrl: 'http://jsi.test' });
      try {
        const report = await importFile(other, path, { actor: 'test', format });
        expect(report.errors).toEqual([]);
        expect(report.created).toBe(2);
        const second = await exported(other, format, filter);
        if (format === 'xlsx') {
          // A workbook carries timestamps; compare what it holds.
          const a = await readBack(db.ctx(), [`${prefix}-rich`, `${prefix}-plain`]);
          const b = await readBack(other, [`${prefix}-rich`, `${prefix}-plain`]);
          expect(b).toEqual(a);
        } else if (format === 'csv') {
          const { unzipSync, strFromU8 } = await import('fflate');
          const ua = unzipSync(first);
          const ub = unzipSync(second);
          for (const name of Object.keys(ua)) expect(strFromU8(ub[name]!)).toBe(strFromU8(ua[name]!));
          expect(strFromU8(ua['persons.csv']!)).toContain(`'=HYPERLINK`);
          expect(strFromU8(ua['acts.csv']!)).toContain(`'-10 days`);
        } else {
          expect(second.toString('utf8')).toBe(first.toString('utf8'));
        }
        const doc = (await readIncidents(other.database.db, [`${prefix}-rich`])).get(`${prefix}-rich`)!.doc;
        expect(doc.acts[1]!.person!.name).toBe('=HYPERLINK("http://evil")');
        expect(doc.legal_cases[0]!.charges).toEqual([{ article: 'KZ-AOC-478', person: `${prefix}-p2` }]);
      } finally {
        await other.database.close();
      }
    });
  }

  it('refreshes the planner statistics after a large import', async () => {
    const docs = Array.from({ length: 1000 }, (_, i) => incidentDoc({ id: `BIG-${i}` }));
    await importFile(db.ctx(), file('big.jsonl', jsonl(docs)), { actor: 'test' });
    const { dialect, db: d } = db.ctx().database;
    const { sql } = await import('kysely');
    const analysed =
      dialect === 'sqlite'
        ? (await sql<{ n: number }>`select count(*) as n from sqlite_stat1 where tbl = 'incidents'`.execute(d)).rows[0]!.n
        : (await sql<{ n: number }>`select count(*) as n from pg_stat_user_tables where relname = 'incidents' and schemaname = current_schema() and last_analyze is not null`.execute(d)).rows[0]!.n;
    expect(Number(analysed)).toBeGreaterThan(0);
  });

  it('exports only what the filter selects, with each record URL', async () => {
    await importFile(db.ctx(), file('f.jsonl', jsonl([incidentDoc({ id: 'FLT-2019', date: '2019-03' }), incidentDoc({ id: 'FLT-2020', date: '2020-03' })])), { actor: 'test' });
    const lines = (await exported(db.ctx(), 'jsonl', { year: 2019, q: 'flt' })).toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['FLT-2019']);
    expect(lines[0].url).toBe('http://jsi.test/api/v1/incidents/FLT-2019');
  });
});

async function readBack(ctx: AppContext, ids: string[]) {
  const docs = await readIncidents(ctx.database.db, ids);
  return ids.map((id) => docs.get(id)?.doc);
}

