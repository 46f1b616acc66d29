import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';
import { incidentDoc } from '../support/fixtures.js';

let staff: { authorization: string };

onEachDatabase('incidents API', (db) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(db.ctx());
    staff = (await tokenFor(db.ctx(), ['editor'])).headers;
  });
  afterAll(() => app.close());

  const create = async (doc: object) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: staff, payload: doc });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };

  it('creates an incident with its victim, perpetrator and source, and reads it back', async () => {
    const doc = incidentDoc({ status: 'received' });
    const created = await create(doc);
    expect(created.version).toBe(1);
    expect(created.url).toBe(`http://jsi.test/api/v1/incidents/${doc.id}`);
    const res = await app.inject({ url: `/api/v1/incidents/${doc.id}`, headers: staff });
    const got = res.json().doc;
    expect(got.status).toBe('received');
    expect(got.acts[0].person.name).toBe(doc.acts[0]!.person!.name);
    expect(got.acts[0].perpetrators).toEqual([{ perpetrator_type: 'police', degree: 'perpetrator' }]);
    expect(got.texts.ru.title).toBe('Задержание журналиста у акимата');
  });

  it('gives the server-chosen id when the client sends none', async () => {
    const { id: _omit, ...doc } = incidentDoc({ status: 'received' });
    const created = await create(doc);
    expect(created.doc.id).toMatch(/^inc-[0-9a-f-]{36}$/);
  });

  it('names the field of a bad request and stores nothing', async () => {
    const doc = incidentDoc({ status: 'received', date: '2020-13-01' });
    const res = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: staff, payload: doc });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect(res.json().error.message).toContain('date');
    expect((await app.inject({ url: `/api/v1/incidents/${doc.id}`, headers: staff })).statusCode).toBe(404);
  });

  it('rejects codes the country profile does not know, naming them', async () => {
    const doc = incidentDoc({ status: 'received' });
    doc.acts[0]!.type = 'liberty.teleportation';
    const res = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: staff, payload: doc });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues).toContainEqual({ path: 'acts.0.type', message: 'unknown act type "liberty.teleportation"' });
  });

  it('refuses a region that did not exist at the incident date', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: staff, payload: incidentDoc({ status: 'received', region: 'KZ-10' }) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/region "KZ-10" did not exist/);
  });

  it('updates with the version read, refuses a stale version, and keeps before and after', async () => {
    const doc = incidentDoc({ status: 'received' });
    await create(doc);
    const changed = { ...doc, settlement: 'Kaskelen' };
    const ok = await app.inject({ method: 'PUT', url: `/api/v1/incidents/${doc.id}`, headers: staff, payload: { version: 1, incident: changed } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().version).toBe(2);
    const stale = await app.inject({ method: 'PUT', url: `/api/v1/incidents/${doc.id}`, headers: staff, payload: { version: 1, incident: { ...doc, settlement: 'Taraz' } } });
    expect(stale.statusCode).toBe(409);
    const history = (await app.inject({ url: `/api/v1/incidents/${doc.id}/history`, headers: staff })).json().history;
    expect(history.map((h: { action: string }) => h.action)).toEqual(['create', 'update']);
    expect(history[1].before.settlement).toBe('Almaty');
    expect(history[1].after.settlement).toBe('Kaskelen');
    expect((await app.inject({ url: `/api/v1/incidents/${doc.id}`, headers: staff })).json().doc.settlement).toBe('Kaskelen');
    const found = async (q: string) => (await app.inject({ url: `/api/v1/incidents?q=${q}`, headers: staff })).json().items.map((i: { id: string }) => i.id);
    expect(await found('kaskelen')).toContain(doc.id);
    expect(await found('almaty')).not.toContain(doc.id);
  });

  it('enforces the verification workflow and records who moved it and why', async () => {
    const doc = incidentDoc({ status: 'received' });
    await create(doc);
    const move = (to: string) => app.inject({ method: 'POST', url: `/api/v1/incidents/${doc.id}/transitions`, headers: staff, payload: { to, reason: `checked: ${to}` } });
    const skip = await move('published');
    expect(skip.statusCode).toBe(409);
    expect(skip.json().error.message).toContain('allowed: under_verification, rejected');
    for (const to of ['under_verification', 'verified', 'published']) expect((await move(to)).statusCode).toBe(200);
    const { transitions } = (await app.inject({ url: `/api/v1/incidents/${doc.id}/history`, headers: staff })).json();
    expect(transitions.map((t: { to_status: string }) => t.to_status)).toEqual(['received', 'under_verification', 'verified', 'published']);
    expect(transitions[3]).toMatchObject({ from_status: 'verified', actor: expect.stringMatching(/^user:editor-/), reason: 'checked: published' });
  });

  it('merges a duplicate: the duplicate stays with its history, its legal case follows the survivor', async () => {
    const keep = incidentDoc({ status: 'received' });
    const dup = incidentDoc({
      status: 'received',
      legal_cases: [{ id: `case-${Date.now()}`, kind: 'administrative', title: 'Fine for filming', against_journalist: true, charges: [{ article: 'KZ-AOC-478' }] }],
    });
    await create(keep);
    await create(dup);
    const res = await app.inject({ method: 'POST', url: `/api/v1/incidents/${dup.id}/merge`, headers: staff, payload: { into: keep.id, reason: 'same event' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().doc.legal_cases.map((c: { id: string }) => c.id)).toEqual([dup.legal_cases![0]!.id]);
    const merged = (await app.inject({ url: `/api/v1/incidents/${dup.id}`, headers: staff })).json().doc;
    expect(merged).toMatchObject({ status: 'merged', merged_into: keep.id });
    const history = (await app.inject({ url: `/api/v1/incidents/${dup.id}/history`, headers: staff })).json().history;
    expect(history.map((h: { action: string }) => h.action)).toEqual(['create', 'merge']);
    const again = await app.inject({ method: 'POST', url: `/api/v1/incidents/${dup.id}/merge`, headers: staff, payload: { into: keep.id, reason: 'again' } });
    expect(again.statusCode).toBe(409);
  });

  it('refuses writes without a token, and a wrong token', async () => {
    const doc = incidentDoc();
    expect((await app.inject({ method: 'POST', url: '/api/v1/incidents', payload: doc })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: { authorization: 'Bearer nope' }, payload: doc })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: { authorization: 'Bearer jsi_x.y' }, payload: doc })).statusCode).toBe(401);
    expect((await app.inject({ url: `/api/v1/incidents/${doc.id}`, headers: staff })).statusCode).toBe(404);
  });

  it('shows the public only published incidents, without confidential parts', async () => {
    const secret = 'SECRET-CONTACT-+7-701-000';
    const published = incidentDoc({
      status: 'received',
      confidential_fields: ['settlement'],
      settlement: 'Hidden-Village',
      sources: [
        { kind: 'interview', citation: 'talk with a colleague', reliability: 'reliable', public: false, identity: 'Named Informant' },
        { kind: 'publication', citation: 'news item', reliability: 'reliable', public: true },
      ],
    });
    published.acts[0]!.person = { id: `P-${published.id}`, name: 'Named Victim', contact: secret };
    await create(published);
    for (const to of ['under_verification', 'verified', 'published']) {
      await app.inject({ method: 'POST', url: `/api/v1/incidents/${published.id}/transitions`, headers: staff, payload: { to, reason: 'ok' } });
    }
    const draft = incidentDoc({ status: 'received' });
    await create(draft);
    expect((await app.inject({ url: `/api/v1/incidents/${draft.id}` })).statusCode).toBe(404);
    const res = await app.inject({ url: `/api/v1/incidents/${published.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(secret);
    expect(res.body).not.toContain('Named Informant');
    expect(res.body).not.toContain('Hidden-Village');
    expect(res.body).not.toContain('talk with a colleague');
    expect(res.json().doc.sources).toHaveLength(1);
    const list = await app.inject({ url: '/api/v1/incidents?limit=200' });
    const ids = list.json().items.map((i: { id: string }) => i.id);
    expect(ids).toContain(published.id);
    expect(ids).not.toContain(draft.id);
    expect(list.body).not.toContain(secret);
    expect(list.body).not.toContain('Hidden-Village');
    const full = await app.inject({ url: '/api/v1/incidents?limit=200&view=full' });
    expect(full.json().items.map((i: { doc: { id: string } }) => i.doc.id)).toContain(published.id);
    for (const body of [full.body]) {
      for (const hidden of [secret, 'Named Informant', 'Hidden-Village', 'talk with a colleague']) expect(body).not.toContain(hidden);
    }
    expect((await app.inject({ url: '/api/v1/incidents?q=Hidden' })).json().items).toHaveLength(0);
    expect((await app.inject({ url: `/api/v1/incidents/${published.id}/history` })).statusCode).toBe(401);
  });
});
