import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { StatsCell, StatsTable } from '../../src/stats/table.types.js';
import { onEachDatabase } from '../support/databases.js';
import { buildIncident, coverageShapes, incidentShape } from './corpus.js';
import { type Account, accountFor, appFor, assign, createAs, importDocs, propertyOptions, READERS } from './harness.js';
import { World } from './visibility-model.js';

/**
 * Property: for every reader, each statistics cell counts exactly the incidents its list filter
 * opens. A number the list does not explain tells the reader of records (or of hidden victims) it
 * may not see; a list longer than the number hides them from the figures. The data always holds a
 * verified confidential incident whose only victim is hidden, which the analyst with the grant sees.
 */

const QUERIES = [
  'count=incidents&rows=region&columns=type:1',
  'count=incidents&rows=gender',
];

onEachDatabase('every statistics cell counts the incidents its list shows, for every reader', (db) => {
  let app: FastifyInstance;
  const world = new World();
  const readers: Account[] = [];

  beforeAll(async () => {
    const ctx = db.ctx();
    app = await appFor(ctx, buildApp);
    for (const spec of [...READERS, { name: 'editor', roles: ['editor'] }, { name: 'administrator', roles: ['administrator'] }]) readers.push(await accountFor(ctx, spec));
    const hiddenOnly = { ...coverageShapes()[13]!, status: 'verified' as const, confidential: true, acts: [coverageShapes()[0]!.acts[1]!] };
    expect(hiddenOnly.acts[0]!.hidden).toContain('victim');
    await importDocs(ctx, [...coverageShapes(), hiddenOnly].map((s) => buildIncident(world, s, null)));
    const monitor = readers.find((r) => r.model.name === 'monitor of KZ-ALA')!;
    await createAs(app, world, monitor, buildIncident(world, { ...coverageShapes()[0]!, cases: [] }, monitor.model.userId, { withCases: false }));
    const editor = readers.find((r) => r.model.name === 'editor')!;
    await assign(app, world, editor, [...world.cases.keys()][0]!, readers.find((r) => r.model.name === 'lawyer with assigned cases')!);
  });
  afterAll(() => app?.close());

  const listSize = async (reader: Account, filter: string) => {
    let count = 0;
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const res: { statusCode: number; body: string; json: () => { items: unknown[]; next_cursor: string | null } } = await app.inject({ url: `/api/v1/incidents?${filter}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, headers: reader.headers });
      expect(res.statusCode, res.body).toBe(200);
      count += res.json().items.length;
      cursor = res.json().next_cursor;
      if (!cursor) return count;
    }
    return count;
  };

  it('for every role and grant, a cell is the size of the list its filter opens', { timeout: 240_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(incidentShape, { minLength: 2, maxLength: 6 }), async (shapes) => {
        await importDocs(db.ctx(), shapes.map((s) => buildIncident(world, s, null)));
        const mismatches: string[] = [];
        for (const reader of readers) {
          for (const query of QUERIES) {
            const res = await app.inject({ url: `/api/v1/stats/query?${query}`, headers: reader.headers });
            expect(res.statusCode, res.body).toBe(200);
            const table = res.json() as StatsTable;
            const cells: StatsCell[] = [table.total, ...table.rows.flatMap((r) => [r.total, ...r.cells]), ...table.columns.map((c) => c.total)];
            for (const cell of cells.filter((c) => c.filter_exact !== false)) {
              const listed = await listSize(reader, cell.filter);
              if (listed !== cell.value) mismatches.push(`${reader.model.name}: ${query} counts ${cell.value}, its list ?${cell.filter} shows ${listed}`);
            }
          }
        }
        expect(mismatches, 'cells whose list shows another number').toEqual([]);
      }),
      propertyOptions(2),
    );
  });
});
