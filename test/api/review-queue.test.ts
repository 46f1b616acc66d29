import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';
import { incidentDoc } from '../support/fixtures.js';

onEachDatabase('review queue, taking a report and the workflow rules', (db) => {
  let app: FastifyInstance;
  let editor: { headers: { authorization: string }; email: string; userId: string };
  let other: { headers: { authorization: string }; email: string; userId: string };
  let analyst: { authorization: string };
  beforeAll(async () => {
    app = await buildApp(db.ctx());
    editor = await tokenFor(db.ctx(), ['editor']);
    other = await tokenFor(db.ctx(), ['editor']);
    analyst = (await tokenFor(db.ctx(), ['analyst'])).headers;
    for (const id of ['RQ-1', 'RQ-2', 'RQ-3', 'RQ-4']) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: editor.headers, payload: incidentDoc({ id, status: 'received' }) });
      expect(res.statusCode, res.body).toBe(201);
    }
    const move = (id: string, to: string) => app.inject({ method: 'POST', url: `/api/v1/incidents/${id}/transitions`, headers: editor.headers, payload: { to, reason: 'checked' } });
    expect((await move('RQ-2', 'under_verification')).statusCode).toBe(200);
    for (const to of ['under_verification', 'verified', 'published']) expect((await move('RQ-4', to)).statusCode).toBe(200);
  });
  afterAll(() => app.close());

  const queue = async (query = '') => {
    const res = await app.inject({ url: `/api/v1/incidents/review-queue${query}`, headers: editor.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('tells the web application which status may follow which', async () => {
    const res = await app.inject({ url: '/api/v1/incidents/workflow', headers: analyst });
    expect(res.statusCode).toBe(200);
    expect(res.json().transitions.received).toEqual(['under_verification', 'rejected']);
    expect(res.json().transitions.published).toEqual(['verified']);
    expect((await app.inject({ url: '/api/v1/incidents/workflow' })).statusCode).toBe(401);
  });

  it('lists the waiting reports, longest waiting first, with counts per status and the last move', async () => {
    const q = await queue();
    expect(q.items.map((i: { id: string }) => i.id)).toEqual(['RQ-1', 'RQ-2', 'RQ-3']);
    expect(q.counts).toEqual({ received: 2, under_verification: 1, verified: 0 });
    const second = q.items[1];
    expect(second.status).toBe('under_verification');
    expect(second.last_move).toMatchObject({ actor: `user:${editor.email}`, to: 'under_verification' });
    expect(second.titles.ru).toBe('Задержание журналиста у акимата');
    expect((await queue('?status=under_verification')).items.map((i: { id: string }) => i.id)).toEqual(['RQ-2']);
  });

  it('pages by cursor without repeating or losing a report', async () => {
    const first = await queue('?limit=2');
    expect(first.items.map((i: { id: string }) => i.id)).toEqual(['RQ-1', 'RQ-2']);
    const rest = await queue(`?limit=2&cursor=${first.next_cursor}`);
    expect(rest.items.map((i: { id: string }) => i.id)).toEqual(['RQ-3']);
    expect(rest.next_cursor).toBeNull();
  });

  it('names a bad status and refuses readers who may not verify', async () => {
    const bad = await app.inject({ url: '/api/v1/incidents/review-queue?status=published', headers: editor.headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('status');
    expect((await app.inject({ url: '/api/v1/incidents/review-queue', headers: analyst })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/v1/incidents/RQ-1/claim', headers: analyst })).statusCode).toBe(403);
  });

  it('records who takes a report, and who took it over from whom, without changing its version', async () => {
    const taken = await app.inject({ method: 'POST', url: '/api/v1/incidents/RQ-3/claim', headers: editor.headers });
    expect(taken.statusCode, taken.body).toBe(200);
    expect(taken.json().assigned_to).toMatchObject({ id: editor.userId, email: editor.email });
    expect((await queue()).items.find((i: { id: string }) => i.id === 'RQ-3').assigned_to.email).toBe(editor.email);

    expect((await app.inject({ method: 'POST', url: '/api/v1/incidents/RQ-3/claim', headers: other.headers })).statusCode).toBe(200);
    const item = (await queue()).items.find((i: { id: string }) => i.id === 'RQ-3');
    expect(item.assigned_to.email).toBe(other.email);
    expect(item.version).toBe(1);

    const history = (await app.inject({ url: '/api/v1/incidents/RQ-3/history', headers: editor.headers })).json().history;
    const claims = history.filter((h: { action: string }) => h.action === 'claim');
    expect(claims.map((h: { actor: string; before: unknown; after: unknown }) => [h.actor, h.before, h.after])).toEqual([
      [`user:${editor.email}`, { assigned_to: null }, { assigned_to: editor.email }],
      [`user:${other.email}`, { assigned_to: editor.email }, { assigned_to: other.email }],
    ]);
    expect((await app.inject({ method: 'POST', url: '/api/v1/incidents/NOPE/claim', headers: editor.headers })).statusCode).toBe(404);
  });
});
