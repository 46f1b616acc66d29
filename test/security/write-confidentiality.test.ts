import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFrameworkVersion } from '../../src/assessments/framework.service.js';
import { buildApp } from '../../src/app.js';
import { operatorReader } from '../../src/platform/reader.js';
import { defaultFramework } from '../assessments/support.js';
import { tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';
import { buildIncident, coverageShapes, type Doc, incidentShape, type IncidentShape } from './corpus.js';
import { type Account, accountFor, appFor, importDocs, propertyOptions, READERS } from './harness.js';
import { leakTable, readEverything, scanText } from './read-everything.js';
import { type Actors, perform, type Write, writeArb, type WriteState } from './write-actions.js';
import { World } from './visibility-model.js';

/**
 * Property: whatever anyone writes, no marker of a record reaches a reader who may not see it. Each
 * run imports random records, then random actors of every role perform a random sequence of every
 * write the API offers (write-actions.ts); each write's answer is scanned as a read of its writer, a
 * write the rules forbid must be refused, and afterwards every reader reads everything.
 *
 * Below the property, one deterministic test per hole the rules name, so each is pinned by name.
 */

onEachDatabase('writes never carry a confidential value to a reader who may not see it', (db) => {
  let app: FastifyInstance;
  let state: WriteState;
  const readers: Account[] = [];

  /** Records every imported document's people and cases, so writes can send them again in full. */
  const remember = (docs: Doc[]) => {
    for (const d of docs) {
      for (const a of d.acts) if (a.person?.name) state.personDocs.set(a.person.id, a.person as never);
      for (const c of d.legal_cases ?? []) state.caseDocs.set(c.id, c as never);
    }
  };
  const importRecorded = async (docs: Doc[]) => {
    await importDocs(db.ctx(), docs);
    remember(docs);
  };

  beforeAll(async () => {
    const ctx = db.ctx();
    app = await appFor(ctx, buildApp);
    const as = async (name: string, roles: string[], extra: { regions?: string[]; grants?: string[] } = {}) => accountFor(ctx, { name, roles, ...extra });
    // A partner-only token its signed-in owner, an editor and partner, made.
    const narrow = await tokenFor(ctx, ['editor', 'partner'], { tokenRoles: ['partner'] });
    const actors: Actors = {
      editor: await as('editor', ['editor']),
      monitorAla: await as('monitor of KZ-ALA', ['monitor'], { regions: ['KZ-ALA'] }),
      monitorKar: await as('monitor of KZ-KAR', ['monitor'], { regions: ['KZ-KAR'] }),
      lawyer: await as('lawyer', ['lawyer']),
      otherLawyer: await as('another lawyer', ['lawyer']),
      analyst: await as('analyst', ['analyst']),
      grantedAnalyst: await as('analyst with the confidential grant', ['analyst'], { grants: ['confidential'] }),
      partner: await as('partner', ['partner']),
      narrowToken: { model: { name: 'partner-only token of an editor and partner', userId: narrow.userId, roles: ['partner'], regions: [], grants: [] }, headers: narrow.headers },
    };
    readers.push(...Object.values(actors).filter((a) => a !== actors.editor), await accountFor(ctx, READERS[0]!));
    await loadFrameworkVersion(ctx, defaultFramework(), operatorReader('test'));
    const assessment = await app.inject({ method: 'POST', url: '/api/v1/assessments', headers: actors.editor.headers, payload: { country: 'KZ', year: 2020, framework: 'jsi-national-2015', title: { en: 'Kazakhstan 2020' } } });
    expect(assessment.statusCode, assessment.body).toBe(201);
    state = { world: new World(), app, actors, personDocs: new Map(), caseDocs: new Map(), keys: [], extraReaders: [], assessmentItem: `/api/v1/assessments/${assessment.json().id}/items/A.1.s3` };
    await importRecorded(coverageShapes().map((s) => buildIncident(state.world, s, null)));
  });
  afterAll(() => app?.close());

  const runShape = fc.record({ imported: fc.array(incidentShape, { minLength: 1, maxLength: 4 }), writes: fc.array(writeArb, { minLength: 6, maxLength: 14 }) });
  const shape = coverageShapes()[4]!;
  const write = (kind: Write['kind'], actor: number, a = 0, b = 0, s: IncidentShape = shape): Write => ({ kind, actor, a, b, shape: s });

  it('no write, and no read after it, shows a reader a value it may not see; forbidden writes are refused', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(runShape, async (run) => {
        await importRecorded(run.imported.map((s) => buildIncident(state.world, s, null)));
        const leaks = [];
        const violations: string[] = [];
        for (const w of run.writes) {
          const outcome = await perform(state, w);
          leaks.push(...outcome.leaks);
          violations.push(...outcome.violations);
        }
        for (const r of [...readers, ...state.extraReaders]) leaks.push(...(await readEverything(app, state.world, r.model, r.headers, { assessmentItems: [state.assessmentItem] })).leaks);
        const report = `${violations.length} writes the rules forbid were accepted:\n${violations.join('\n')}\n${leaks.length} hidden values reached readers:\n${leakTable(leaks)}\n`;
        expect(violations.length + leaks.length, report).toBe(0);
      }),
      {
        ...propertyOptions(3),
        // The holes of the rules, each as a run that meets it first: a lawyer opens a case, a monitor
        // names a stored person by id or overwrites it in full, a narrow token creates a token.
        examples: [
          [{ imported: [], writes: [write('createCase', 0, 0, 0), write('token', 0)] }],
          [{ imported: [], writes: [write('create', 0, 1, 1), write('create', 0, 2, 2), write('transition', 0, 0)] }],
        ],
      },
    );
  });

  // ---------------------------------------------------------------------------------------------
  // One test per hole of the old code, on records of its own.

  describe('the holes, one by one', () => {
    const world = () => state.world;
    /** Imports one incident of a fixed shape and returns its document. */
    const stored = async (over: Partial<IncidentShape>) => {
      const doc = buildIncident(world(), { ...shape, ...over }, null);
      await importRecorded([doc]);
      return doc;
    };
    const leaksIn = (account: Account, text: string) => scanText(world(), account.model, 'answer', text);

    it('1. a lawyer who opens a case on an incident does not see its confidential parts', async () => {
      const { lawyer } = state.actors;
      const doc = await stored({ status: 'published', confidential: false, region: 'KZ-KAR' });
      const secret = doc.texts.ru!.description!;
      const created = await app.inject({ method: 'POST', url: '/api/v1/legal-cases', headers: lawyer.headers, payload: { case: { id: `case-of-${doc.id}`, kind: 'criminal', title: 'A case', against_journalist: true }, incidents: [doc.id] } });
      expect(created.statusCode, created.body).toBe(201);
      world().cases.set(`case-of-${doc.id}`, { incidents: new Set([doc.id]), assignees: new Set() });
      const read = await app.inject({ url: `/api/v1/incidents/${doc.id}`, headers: lawyer.headers });
      expect(read.body).not.toContain(secret.split(' ')[1]);
      expect(leaksIn(lawyer, read.body + created.body)).toEqual([]);
    });

    it('2. a monitor naming a stored person by id learns nothing hidden of it, and the public never sees the id of a person whose name is hidden', async () => {
      const { monitorAla } = state.actors;
      const published = await stored({ status: 'published', confidential: false, region: 'KZ-KAR' });
      const hidden = published.acts[0]!.person!; // name, contact and notes listed in its confidential_fields
      const draft = buildIncident(world(), { ...shape, status: 'received', region: 'KZ-ALA', acts: [shape.acts[3]!], cases: [] }, monitorAla.model.userId);
      draft.acts[0]!.person = { id: hidden.id };
      world().incidents.get(draft.id)!.acts[0] = { person: hidden.id, victimHidden: false };
      const res = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: monitorAla.headers, payload: draft });
      // A person whose name the monitor may not see is one it may not name: refused as a missing one.
      expect(res.statusCode, res.body).toBe(400);
      // Word for word the answer to a missing id: it echoes the id sent, and nothing of the person.
      expect(res.json().error.message).toBe(`person: person "${hidden.id}" is neither given in full nor stored`);
      world().incidents.delete(draft.id);
      const forPublic = await app.inject({ url: `/api/v1/incidents/${published.id}` });
      expect(forPublic.body, "the public incident shows the hidden victim's id").not.toContain(hidden.id);
    });

    it('3. a monitor sending a stored person in full does not overwrite it, and the public never sees its hidden name', async () => {
      const { monitorAla } = state.actors;
      const published = await stored({ status: 'published', confidential: false, region: 'KZ-KAR' });
      const person = published.acts[0]!.person!; // name, contact and notes listed as confidential
      const draft = buildIncident(world(), { ...shape, status: 'received', region: 'KZ-ALA', acts: [shape.acts[3]!], cases: [] }, monitorAla.model.userId);
      draft.acts[0]!.person = { ...person, confidential_fields: [] };
      world().incidents.get(draft.id)!.acts[0] = { person: person.id, victimHidden: false };
      const res = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: monitorAla.headers, payload: draft });
      if (res.statusCode >= 400) world().incidents.delete(draft.id);
      expect(res.statusCode, 'the overwrite is refused').toBeGreaterThanOrEqual(400);
      const forPublic = await app.inject({ url: `/api/v1/incidents/${published.id}` });
      expect(forPublic.body, 'the public sees the hidden name').not.toContain(person.name!.split(' ')[1]);
    });

    it('4. a token cannot create a token wider than itself', async () => {
      const { narrowToken } = state.actors;
      const draft = await stored({ status: 'received', confidential: false, region: 'KZ-KAR' });
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: narrowToken.headers, payload: { name: 'wider?' } });
      if (res.statusCode === 201) {
        expect(res.json().roles).toEqual(['partner']);
        const read = await app.inject({ url: `/api/v1/incidents/${draft.id}`, headers: { authorization: `Bearer ${res.json().token}` } });
        expect(read.statusCode, "the new token reads a draft its creator's token may not").toBe(404);
      } else {
        expect(res.statusCode).toBe(403);
      }
    });

    it("5. a monitor does not see a confidential incident of its region that someone else entered", async () => {
      const { monitorAla } = state.actors;
      const doc = await stored({ status: 'received', confidential: true, region: 'KZ-ALA' });
      const read = await app.inject({ url: `/api/v1/incidents/${doc.id}`, headers: monitorAla.headers });
      expect(read.statusCode).toBe(404);
      const list = await app.inject({ url: `/api/v1/incidents?region=KZ-ALA&limit=200`, headers: monitorAla.headers });
      expect(list.body).not.toContain(doc.id);
    });
    it('6. a merged incident a monitor sees does not name the confidential record that absorbed it', async () => {
      const { monitorAla, editor } = state.actors;
      const target = await stored({ status: 'under_verification', confidential: true, region: 'KZ-ALA' });
      const merged = await stored({ status: 'received', confidential: false, region: 'KZ-ALA' });
      const res = await app.inject({ method: 'POST', url: `/api/v1/incidents/${merged.id}/merge`, headers: editor.headers, payload: { into: target.id, reason: 'the same event' } });
      expect(res.statusCode, res.body).toBe(200);
      world().incidents.get(merged.id)!.status = 'merged';
      const read = await app.inject({ url: `/api/v1/incidents/${merged.id}`, headers: monitorAla.headers });
      expect(read.statusCode, 'the monitor still sees the merged record of its region').toBe(200);
      expect(read.json().doc.status).toBe('merged');
      const list = await app.inject({ url: '/api/v1/incidents?region=KZ-ALA&view=full&limit=200', headers: monitorAla.headers });
      const exported = await app.inject({ url: '/api/v1/export?format=jsonl&region=KZ-ALA', headers: monitorAla.headers });
      expect(list.body).toContain(merged.id);
      expect(exported.body).toContain(merged.id);
      for (const body of [read.body, list.body, exported.body]) expect(body).not.toContain(target.id);
      const forEditor = await app.inject({ url: `/api/v1/incidents/${merged.id}`, headers: editor.headers });
      expect(forEditor.json().doc.merged_into, 'staff follow the merge').toBe(target.id);
    });
    it('7. a person a monitor recorded, once merged, does not name a person the monitor may not see', async () => {
      const { monitorAla, editor } = state.actors;
      const create = async (who: Account, id: string) => {
        const res = await app.inject({ method: 'POST', url: '/api/v1/persons', headers: who.headers, payload: { id, name: `Name ${id}`, confidential_fields: [] } });
        expect(res.statusCode, res.body).toBe(201);
      };
      await create(monitorAla, 'p-hole7-mine');
      await create(editor, 'p-hole7-desk');
      const merge = await app.inject({ method: 'POST', url: '/api/v1/persons/p-hole7-mine/merge', headers: editor.headers, payload: { into: 'p-hole7-desk', reason: 'the same person' } });
      expect(merge.statusCode, merge.body).toBe(200);
      const read = await app.inject({ url: '/api/v1/persons/p-hole7-mine', headers: monitorAla.headers });
      expect(read.statusCode, read.body).toBe(200);
      expect(read.body).not.toContain('p-hole7-desk');
      expect((await app.inject({ url: '/api/v1/persons/p-hole7-mine', headers: editor.headers })).json().merged_into).toBe('p-hole7-desk');
    });
  });
});
