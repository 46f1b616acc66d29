import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { AppContext } from '../../src/platform/context.js';
import { openDatabase } from '../../src/platform/db/connection.js';
import { sessionFor, tokenFor } from '../support/accounts.js';
import { onEachDatabase, POSTGRES_URL } from '../support/databases.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A second connection to the suite's database, so that closing it leaves the suite's own open. */
function secondConnection(ctx: AppContext) {
  return ctx.database.dialect === 'postgres' ? openDatabase(POSTGRES_URL, { searchPath: ctx.database.schema }) : openDatabase(ctx.config.databaseUrl);
}

onEachDatabase('what every answer says: request ids, internal errors, caching', (db) => {
  let app: FastifyInstance;
  let token: { authorization: string };
  let session: { cookie: string; 'x-csrf-token': string };
  beforeAll(async () => {
    const ctx = db.ctx();
    app = await buildApp(ctx);
    token = (await tokenFor(ctx, ['editor'])).headers;
    session = (await sessionFor(ctx, app, ['editor'])).headers;
  });
  afterAll(() => app?.close());

  it('gives every answer its own request id, whatever the status', async () => {
    const answers = await Promise.all([
      app.inject({ url: '/api/v1/incidents' }),
      app.inject({ url: '/api/v1/incidents?year=abc' }),
      app.inject({ url: '/api/v1/users' }),
      app.inject({ url: '/api/v1/no-such-route' }),
      app.inject({ url: '/api/v1/incidents/NO-SUCH-ID', headers: token }),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 400, 401, 404, 404]);
    const ids = answers.map((a) => String(a.headers['x-request-id']));
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('does not let a client choose its request id', async () => {
    const res = await app.inject({ url: '/api/v1/incidents', headers: { 'x-request-id': 'chosen-by-client', 'request-id': 'chosen-by-client' } });
    expect(res.headers['x-request-id']).toMatch(UUID);
  });

  it('keeps signed-in answers out of caches, and public answers apart from them', async () => {
    const anonymous = await app.inject({ url: '/api/v1/incidents' });
    const byToken = await app.inject({ url: '/api/v1/incidents', headers: token });
    const bySession = await app.inject({ url: '/api/v1/incidents', headers: { cookie: session.cookie } });
    const staleCookie = await app.inject({ url: '/api/v1/incidents', headers: { cookie: 'jsi_session=not-a-session' } });
    for (const res of [anonymous, byToken, bySession, staleCookie]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers.vary).toBe('Cookie, Authorization');
    }
    expect(byToken.headers['cache-control']).toBe('no-store');
    expect(bySession.headers['cache-control']).toBe('no-store');
    // Nobody was recognised: a public answer, which a cache may keep as before.
    expect(anonymous.headers['cache-control']).toBeUndefined();
    expect(staleCookie.headers['cache-control']).toBeUndefined();
    // The session's own chores and refusals to a signed-in caller are not cached either.
    expect((await app.inject({ url: '/api/v1/auth/session', headers: { cookie: session.cookie } })).headers['cache-control']).toBe('no-store');
    const refused = await app.inject({ url: '/api/v1/users', headers: token });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['cache-control']).toBe('no-store');
  });

  it('keeps the answer that hands out a session out of caches', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nobody@example.test', password: 'wrong' } });
    expect(res.statusCode).toBe(401);
    const { email } = await sessionFor(db.ctx(), app, ['analyst']);
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: `a new long password ${email}` } });
    expect(login.statusCode).toBe(200);
    expect(login.headers['cache-control']).toBe('no-store');
  });

  it('refuses text with the NUL character as bad input, naming the field, on both databases', async () => {
    const inPath = await app.inject({ method: 'DELETE', url: '/api/v1/auth/tokens/%00', headers: token });
    expect(inPath.statusCode, inPath.body).toBe(400);
    expect(inPath.json().error.issues).toEqual([{ path: 'params.id', message: 'must not contain the NUL character' }]);
    const inBody = await app.inject({ method: 'POST', url: '/api/v1/persons', headers: token, payload: { name: 'Aigerim\u0000 Test' } });
    expect(inBody.statusCode, inBody.body).toBe(400);
    expect(inBody.json().error.issues).toEqual([{ path: 'body.name', message: 'must not contain the NUL character' }]);
    const inQuery = await app.inject({ url: '/api/v1/incidents?q=a%00b' });
    expect(inQuery.statusCode, inQuery.body).toBe(400);
    expect(inQuery.json().error.issues).toEqual([{ path: 'querystring.q', message: 'must not contain the NUL character' }]);
    // Nothing was stored.
    const found = await app.inject({ url: '/api/v1/persons?q=Aigerim', headers: token });
    expect(found.json().items ?? found.json()).toEqual([]);
  });

  describe('an internal error (the database has gone away)', () => {
    const lines: string[] = [];
    let broken: FastifyInstance;
    let close: () => Promise<void>;
    beforeAll(async () => {
      const ctx = db.ctx();
      const database = secondConnection(ctx);
      broken = await buildApp({ ...ctx, database }, { logger: { stream: { write: (line) => void lines.push(line) } } });
      // Used once, then closed under the running server: every later query fails as with a lost database.
      await database.db.selectFrom('incidents').select('id').limit(1).execute();
      await database.close();
      close = () => broken.close();
    });
    afterAll(() => close?.());

    const secrets = {
      token: 'jsi_abcdef.SECRET-TOKEN-VALUE',
      cookie: 'SECRET-COOKIE-VALUE',
      password: 'SECRET-PASSWORD-VALUE',
      query: 'SecretVictimName',
    };

    it('answers 500 with the request id in the body and the header, and logs the error with its stack under that id', async () => {
      const res = await app.inject({ url: '/api/v1/incidents' });
      expect(res.statusCode).toBe(200);
      const failed = await broken.inject({ url: `/api/v1/incidents?q=${secrets.query}` });
      expect(failed.statusCode).toBe(500);
      const id = String(failed.headers['x-request-id']);
      expect(id).toMatch(UUID);
      expect(failed.json()).toEqual({ error: { code: 'internal', message: 'something went wrong on our side', request_id: id } });
      const logged = lines.map((l) => JSON.parse(l) as { reqId?: string; level: number; msg: string; err?: { stack: string; message: string }; req?: { method: string; path: string } });
      const entry = logged.find((l) => l.reqId === id);
      expect(entry, lines.join('\n')).toBeDefined();
      expect(entry!.level).toBe(50);
      expect(entry!.err!.stack).toMatch(/\n\s+at /);
      expect(entry!.req).toEqual({ method: 'GET', path: '/api/v1/incidents' });
      // Nothing the client sent of any consequence reaches the answer.
      expect(failed.body).not.toMatch(/stack|select|sqlite|pool/i);
    });

    it('logs no body, cookie, token or query string', async () => {
      const answers = await Promise.all([
        broken.inject({ url: '/api/v1/incidents', headers: { authorization: `Bearer ${secrets.token}` } }),
        broken.inject({ url: '/api/v1/incidents', headers: { cookie: `jsi_session=${secrets.cookie}` } }),
        broken.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'someone@example.test', password: secrets.password } }),
      ]);
      expect(answers.map((a) => a.statusCode)).toEqual([500, 500, 500]);
      for (const a of answers) expect(lines.some((l) => l.includes(String(a.headers['x-request-id'])))).toBe(true);
      const log = lines.join('\n');
      for (const secret of Object.values(secrets)) expect(log).not.toContain(secret);
    });
  });
});
