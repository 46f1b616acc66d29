import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';
import { incidentDoc } from '../support/fixtures.js';

let staff: { authorization: string };

onEachDatabase('persons, organisations and legal cases API', (db) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(db.ctx());
    staff = (await tokenFor(db.ctx(), ['editor'])).headers;
  });
  afterAll(() => app.close());
  const post = async (url: string, payload: object, status = 201) => {
    const res = await app.inject({ method: 'POST', url, headers: staff, payload });
    expect(res.statusCode, res.body).toBe(status);
    return res.json();
  };

  it('shows a repeat victim with every incident about them', async () => {
    const person = { id: 'PC-repeat', name: 'Руслан Повторный', gender: 'male' as const };
    for (const id of ['PC-1', 'PC-2']) {
      const doc = incidentDoc({ id, status: 'received' });
      doc.acts[0]!.person = id === 'PC-1' ? person : { id: person.id };
      await post('/api/v1/incidents', doc);
    }
    const res = await app.inject({ url: '/api/v1/persons/PC-repeat', headers: staff });
    expect(res.json()).toMatchObject({ record: { name: 'Руслан Повторный' }, incidents: ['PC-1', 'PC-2'] });
    const found = await app.inject({ url: `/api/v1/persons?q=${encodeURIComponent('повтор')}`, headers: staff });
    expect(found.json().items.map((p: { id: string }) => p.id)).toEqual(['PC-repeat']);
  });

  it('merges duplicate persons: links move to the survivor, both keep their history', async () => {
    await post('/api/v1/persons', { id: 'PC-dup', name: 'Gulnara Dup' });
    await post('/api/v1/persons', { id: 'PC-keep', name: 'Gulnara Keep', gender: 'female' });
    const doc = incidentDoc({ id: 'PC-3', status: 'received' });
    doc.acts[0]!.person = { id: 'PC-dup' };
    await post('/api/v1/incidents', doc);
    const merged = await post('/api/v1/persons/PC-dup/merge', { into: 'PC-keep', reason: 'same woman' }, 200);
    expect(merged.incidents).toEqual(['PC-3']);
    const dup = (await app.inject({ url: '/api/v1/persons/PC-dup', headers: staff })).json();
    expect(dup).toMatchObject({ merged_into: 'PC-keep', incidents: [] });
    const history = (await app.inject({ url: '/api/v1/persons/PC-dup/history', headers: staff })).json().history;
    expect(history.map((h: { action: string }) => h.action)).toEqual(['create', 'merge']);
    const keepHistory = (await app.inject({ url: '/api/v1/persons/PC-keep/history', headers: staff })).json().history;
    expect(keepHistory.at(-1)).toMatchObject({ action: 'absorb', after: { merged_from: 'PC-dup' } });
    const incident = (await app.inject({ url: '/api/v1/incidents/PC-3', headers: staff })).json().doc;
    expect(incident.acts[0].person.id).toBe('PC-keep');
  });

  it('updates a person with optimistic locking', async () => {
    await post('/api/v1/persons', { id: 'PC-lock', name: 'First Name' });
    const put = (version: number, name: string) =>
      app.inject({ method: 'PUT', url: '/api/v1/persons/PC-lock', headers: staff, payload: { version, record: { name } } });
    expect((await put(1, 'Second Name')).json()).toMatchObject({ version: 2, record: { name: 'Second Name' } });
    expect((await put(1, 'Third Name')).statusCode).toBe(409);
  });

  it('creates organisations only of an organisation kind', async () => {
    await post('/api/v1/organisations', { id: 'PC-org', name: 'Vlast.kz', kind: 'online_platform' });
    const bad = await app.inject({ method: 'POST', url: '/api/v1/organisations', headers: staff, payload: { name: 'X', kind: 'journalist' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('kind');
  });

  it('refuses a person whose outlet names no organisation, naming the field, and stores nothing', async () => {
    const direct = await app.inject({ method: 'POST', url: '/api/v1/persons', headers: staff, payload: { id: 'PC-no-outlet', name: 'No Outlet', outlet: { id: 'PC-missing-org' } } });
    expect(direct.statusCode, direct.body).toBe(400);
    expect(direct.json().error.issues[0].path).toBe('outlet');
    expect((await app.inject({ url: '/api/v1/persons/PC-no-outlet', headers: staff })).statusCode).toBe(404);
    const doc = incidentDoc({ id: 'PC-no-outlet-incident', status: 'received' });
    doc.acts[0]!.person = { id: 'PC-no-outlet-2', name: 'No Outlet Either', outlet: { id: 'PC-missing-org' } };
    const inIncident = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: staff, payload: doc });
    expect(inIncident.statusCode, inIncident.body).toBe(400);
    expect(inIncident.json().error.message).toContain('PC-missing-org');
    expect((await app.inject({ url: '/api/v1/incidents/PC-no-outlet-incident', headers: staff })).statusCode).toBe(404);
  });

  it('opens a legal case on incidents, with charges, events and deadlines, and lists it by article', async () => {
    await post('/api/v1/incidents', incidentDoc({ id: 'PC-case-incident', status: 'received' }));
    const body = {
      incidents: ['PC-case-incident'],
      case: {
        id: 'PC-case',
        kind: 'criminal',
        title: 'Dissemination of false information',
        against_journalist: true,
        charges: [{ article: 'KZ-CC-274.4.2' }],
        events: [
          { date: '2020-04', kind: 'investigation_opened', instance: 'pre_trial' },
          { date: '2020-06-22', kind: 'decision', instance: 'first', outcome: 'restriction_of_liberty', detail: '3 years', deadline: '2020-07-07' },
        ],
      },
    };
    const created = await post('/api/v1/legal-cases', body);
    expect(created).toMatchObject({ version: 1, incidents: ['PC-case-incident'] });
    expect(created.record.events[1]).toMatchObject({ outcome: 'restriction_of_liberty', deadline: '2020-07-07' });
    const listed = (await app.inject({ url: '/api/v1/legal-cases?article=KZ-CC-274', headers: staff })).json().items;
    expect(listed.map((c: { id: string }) => c.id)).toContain('PC-case');
    const incident = (await app.inject({ url: '/api/v1/incidents/PC-case-incident', headers: staff })).json().doc;
    expect(incident.legal_cases[0].id).toBe('PC-case');
    const badArticle = await app.inject({ method: 'POST', url: '/api/v1/legal-cases', headers: staff, payload: { ...body, case: { ...body.case, id: 'PC-case-2', charges: [{ article: 'KZ-CC-9999' }] } } });
    expect(badArticle.statusCode).toBe(400);
    expect(badArticle.json().error.message).toContain('KZ-CC-9999');
    const stale = await app.inject({ method: 'PUT', url: '/api/v1/legal-cases/PC-case', headers: staff, payload: { ...body, version: 5 } });
    expect(stale.statusCode).toBe(409);
  });

  it('keeps people and cases from the public', async () => {
    expect((await app.inject({ url: '/api/v1/persons' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/v1/legal-cases' })).statusCode).toBe(401);
  });
});
