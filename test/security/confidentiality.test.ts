import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { onEachDatabase } from '../support/databases.js';
import { buildIncident, coverageShapes, incidentShape } from './corpus.js';
import { type Account, accountFor, appFor, assign, createAs, importDocs, moveTo, propertyOptions, READERS } from './harness.js';
import { leakTable, readEverything } from './read-everything.js';
import { World } from './visibility-model.js';

/**
 * Property: no confidential value, and no record, reaches a reader who may not see it. Each run
 * adds random incidents (statuses, the `confidential` flag, confidential fields of every record
 * kind, hidden victims, people named again by id) by import, has a monitor record some through the
 * API (an editor then moves them on), has an editor assign some legal cases to a lawyer, and then
 * every reader (every role, with and without the grant, monitors of the regions the data lies in,
 * an account with two roles, the public) fetches everything it can reach. Every value carries a
 * marker; the model in visibility-model.ts says which markers each reader may see.
 */

const runShape = fc.record({
  imported: fc.array(incidentShape, { minLength: 3, maxLength: 8 }),
  byMonitor: fc.array(fc.record({ shape: incidentShape, to: fc.constantFrom('received' as const, 'verified' as const, 'published' as const) }), { minLength: 1, maxLength: 3 }),
  assignIndex: fc.nat(),
});

onEachDatabase('confidential data and hidden records never reach a reader who may not see them', (db) => {
  let app: FastifyInstance;
  const world = new World();
  const readers: Account[] = [];
  let editor: Account;

  beforeAll(async () => {
    const ctx = db.ctx();
    app = await appFor(ctx, buildApp);
    for (const spec of READERS) readers.push(await accountFor(ctx, spec));
    editor = await accountFor(ctx, { name: 'editor', roles: ['editor'] });
    // Every kind of hidden value in every status and region, whatever the random runs draw.
    await importDocs(ctx, coverageShapes().map((s) => buildIncident(world, s, null)));
  });
  afterAll(() => app?.close());

  const reader = (name: string) => readers.find((r) => r.model.name === name)!;

  it('every reader sees only what the rules let it see, in every answer', { timeout: 240_000 }, async () => {
    const ctx = db.ctx();
    await fc.assert(
      fc.asyncProperty(runShape, async (run) => {
        await importDocs(ctx, run.imported.map((s) => buildIncident(world, s, null)));
        const monitor = reader('monitor of KZ-ALA');
        for (const { shape, to } of run.byMonitor) {
          const doc = buildIncident(world, { ...shape, region: 'KZ-ALA', status: 'received', acts: shape.acts.map((a) => ({ ...a, reuse: false })) }, monitor.model.userId, { withCases: false });
          await createAs(app, world, monitor, doc);
          if (to !== 'received') await moveTo(app, world, editor, doc.id, to);
        }
        const cases = [...world.cases.keys()].filter((c) => world.cases.get(c)!.assignees.size === 0);
        if (cases.length) await assign(app, world, editor, cases[run.assignIndex % cases.length]!, reader('lawyer with assigned cases'));

        const results = await Promise.all(readers.map((r) => readEverything(app, world, r.model, r.headers)));
        const leaks = results.flatMap((r) => r.leaks);
        const problems = results.flatMap((r) => r.problems);
        expect(leaks.length, `${leaks.length} hidden values reached readers:\n${leakTable(leaks)}\n`).toBe(0);
        expect(problems, 'answers that miss what the reader may see').toEqual([]);
      }),
      propertyOptions(3),
    );
  });

  it('puts hidden values of every kind before every reader (the property has something to find)', () => {
    for (const r of readers) {
      const hiddenKinds = new Set(
        [...world.parts].filter(([m]) => !world.mayRead(r.model, m)).map(([, p]) => `${p.kind}${'field' in p ? `.${p.field}` : ''}${'confidential' in p && p.confidential ? '.confidential' : ''}`),
      );
      expect([...hiddenKinds].sort(), r.model.name).toEqual(expect.arrayContaining(['incident', 'incident.confidential', 'person.contact', 'person.name', 'person.id', 'organisation', 'case.confidential']));
    }
    expect([...world.incidents.values()].some((i) => i.createdBy)).toBe(true);
    expect([...world.cases.values()].some((c) => c.assignees.size > 0)).toBe(true);
  });
});
