import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';

onEachDatabase('saved filters of the incident list', (db) => {
  let app: FastifyInstance;
  let editor: { authorization: string };
  let analyst: { authorization: string };
  beforeAll(async () => {
    app = await buildApp(db.ctx());
    editor = (await tokenFor(db.ctx(), ['editor'])).headers;
    analyst = (await tokenFor(db.ctx(), ['analyst'])).headers;
  });
  afterAll(() => app.close());

  const save = (headers: object, payload: object) => app.inject({ method: 'POST', url: '/api/v1/saved-filters', headers: headers as Record<string, string>, payload });
  const list = async (headers: object) => {
    const res = await app.inject({ url: '/api/v1/saved-filters', headers: headers as Record<string, string> });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as { id: string; name: string; query: string }[];
  };

  it('keeps each user’s named filters, by name, and shows them to nobody else', async () => {
    const a = await save(editor, { name: 'Received in Almaty', query: '?status=received&region=KZ-ALA&sort=date' });
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json()).toMatchObject({ name: 'Received in Almaty', query: 'status=received&region=KZ-ALA&sort=date' });
    expect((await save(editor, { name: '  Detentions 2020 ', query: 'type=liberty&year=2020&q=пикет' })).statusCode).toBe(201);
    expect((await list(editor)).map((f) => [f.name, f.query])).toEqual([
      ['Detentions 2020', 'type=liberty&year=2020&q=пикет'],
      ['Received in Almaty', 'status=received&region=KZ-ALA&sort=date'],
    ]);
    expect(await list(analyst)).toEqual([]);
  });

  it('lets only the owner delete a filter; to anyone else it does not exist', async () => {
    const created = (await save(editor, { name: 'To delete', query: 'gender=female' })).json();
    const foreign = await app.inject({ method: 'DELETE', url: `/api/v1/saved-filters/${created.id}`, headers: analyst });
    expect(foreign.statusCode).toBe(404);
    expect((await list(editor)).map((f) => f.name)).toContain('To delete');
    const own = await app.inject({ method: 'DELETE', url: `/api/v1/saved-filters/${created.id}`, headers: editor });
    expect(own.statusCode, own.body).toBe(200);
    expect((await list(editor)).map((f) => f.name)).not.toContain('To delete');
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/saved-filters/${created.id}`, headers: editor })).statusCode).toBe(404);
  });

  it('refuses a second filter of the same name for the same user, but not for another user', async () => {
    expect((await save(editor, { name: 'Mine', query: 'status=verified' })).statusCode).toBe(201);
    const again = await save(editor, { name: 'Mine', query: 'status=published' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('"Mine"');
    expect((await save(analyst, { name: 'Mine', query: 'status=published' })).statusCode).toBe(201);
    expect((await list(editor)).filter((f) => f.name === 'Mine').map((f) => f.query)).toEqual(['status=verified']);
  });

  it('names the field at fault and stores nothing when the name or the query is wrong', async () => {
    const before = (await list(editor)).length;
    const cases: [object, string][] = [
      [{ name: '   ', query: 'status=received' }, 'name'],
      [{ name: 'x'.repeat(101), query: 'status=received' }, 'name'],
      [{ name: 'Too long', query: `q=${'a'.repeat(2001)}` }, 'query'],
      [{ name: 'Unknown key', query: 'status=received&colour=red' }, 'query.colour'],
      [{ name: 'Bad status', query: 'status=lost' }, 'query.status.0'],
      [{ name: 'Paged', query: 'cursor=abc' }, 'query.cursor'],
      [{ name: 'Twice', query: 'region=KZ-ALA&region=KZ-AST' }, 'query.region'],
    ];
    for (const [payload, path] of cases) {
      const res = await save(editor, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      expect(res.json().error.issues.map((i: { path: string }) => i.path).join(' '), JSON.stringify(payload)).toContain(path);
    }
    expect(await list(editor)).toHaveLength(before);
  });

  it('serves nobody who is not signed in', async () => {
    expect((await app.inject({ url: '/api/v1/saved-filters' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/v1/saved-filters', payload: { name: 'x', query: '' } })).statusCode).toBe(401);
  });
});
