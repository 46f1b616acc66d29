import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { AppContext } from '../../src/platform/context.js';
import { tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';
import { incidentDoc } from '../support/fixtures.js';

/** Everything a merge could change: the people, the acts, the case links and the audit log. */
async function snapshot(ctx: AppContext) {
  const db = ctx.database.db;
  return {
    persons: await db.selectFrom('persons').select(['id', 'version', 'merged_into', 'updated_at']).orderBy('id').execute(),
    acts: await db.selectFrom('acts').select(['id', 'person_id', 'organisation_id']).orderBy('id').execute(),
    parties: await db.selectFrom('case_parties').select(['case_id', 'person_id', 'organisation_id']).orderBy('case_id').execute(),
    charges: await db.selectFrom('case_charges').select(['case_id', 'article', 'person_id']).orderBy('case_id').orderBy('article').execute(),
    history: await db.selectFrom('history').select(['id', 'hash']).orderBy('id').execute(),
  };
}

onEachDatabase('merge preview of persons', (db) => {
  let app: FastifyInstance;
  let editor: { authorization: string };
  let analyst: { authorization: string };
  beforeAll(async () => {
    app = await buildApp(db.ctx());
    editor = (await tokenFor(db.ctx(), ['editor'])).headers;
    analyst = (await tokenFor(db.ctx(), ['analyst'])).headers;
    const post = async (url: string, payload: object) => {
      const res = await app.inject({ method: 'POST', url, headers: editor, payload });
      expect(res.statusCode, res.body).toBe(201);
    };
    await post('/api/v1/persons', { id: 'MP-keep', name: 'Dana Keep', gender: 'female', birth_year: 1990 });
    await post('/api/v1/persons', { id: 'MP-dup', name: 'Дана Дубль', gender: 'female', notes: 'entered twice' });
    for (const [id, person] of [['MP-1', 'MP-keep'], ['MP-2', 'MP-dup'], ['MP-3', 'MP-dup']] as const) {
      const doc = incidentDoc({ id, status: 'received' });
      doc.acts[0]!.person = { id: person };
      await post('/api/v1/incidents', doc);
    }
    await post('/api/v1/legal-cases', {
      incidents: ['MP-2'],
      case: { id: 'MP-case', kind: 'criminal', title: 'A case against the duplicate', against_journalist: true, parties: [{ person: 'MP-dup', role: 'defendant' }], charges: [{ article: 'KZ-CC-274.4.2', person: 'MP-dup' }] },
    });
  });
  afterAll(() => app.close());

  const preview = (headers: { authorization: string }, into = 'MP-keep') =>
    app.inject({ method: 'POST', url: '/api/v1/persons/MP-dup/merge-preview', headers, payload: { into } });

  it('previews the merge without writing anything, and the merge then produces exactly the preview', async () => {
    const before = await snapshot(db.ctx());
    const res = await preview(editor);
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(await snapshot(db.ctx())).toEqual(before);

    expect(p.survivor.incidents).toEqual(['MP-1']);
    expect(p.duplicate.incidents).toEqual(['MP-2', 'MP-3']);
    expect(p.result.record).toMatchObject({ id: 'MP-keep', name: 'Dana Keep', birth_year: 1990 });
    expect(p.result.incidents).toEqual(['MP-1', 'MP-2', 'MP-3']);
    expect(p.incidents_moved).toEqual(['MP-2', 'MP-3']);
    expect(p.moved['acts.person_id']).toHaveLength(2);
    expect(p.moved['case_parties.person_id']).toEqual(['MP-case']);
    expect(p.moved['case_charges.person_id']).toEqual(['MP-case']);
    expect(p.links_moved).toBe(4);
    expect(p.not_kept).toEqual([
      { field: 'name', value: 'Дана Дубль' },
      { field: 'notes', value: 'entered twice' },
    ]);

    const merged = await app.inject({ method: 'POST', url: '/api/v1/persons/MP-dup/merge', headers: editor, payload: { into: 'MP-keep', reason: 'the same woman' } });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json()).toEqual(p.result);
    const absorbed = (await app.inject({ url: '/api/v1/persons/MP-keep/history', headers: editor })).json().history.at(-1);
    expect(absorbed.after.moved).toEqual(p.moved);
  });

  it('refuses what the merge refuses, and those without the right to merge', async () => {
    expect((await preview(analyst)).statusCode).toBe(403);
    const self = await app.inject({ method: 'POST', url: '/api/v1/persons/MP-keep/merge-preview', headers: editor, payload: { into: 'MP-keep' } });
    expect(self.statusCode).toBe(400);
    expect(self.json().error.issues[0].path).toBe('into');
    // MP-dup was merged by the test above: previewing it again is refused as merging it again would be.
    const again = await preview(editor);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('already merged');
    expect((await preview(editor, 'MP-none')).statusCode).toBe(404);
  });
});
