import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createToken, MAX_FAILURES_PER_ADDRESS } from '../../src/accounts/auth.service.js';
import { readerForUser } from '../../src/accounts/authenticate.js';
import { totpCode } from '../../src/accounts/totp.js';
import { createUser, findUser } from '../../src/accounts/users.service.js';
import { buildApp } from '../../src/app.js';
import type { AppContext } from '../../src/platform/context.js';
import { operatorReader } from '../../src/platform/reader.js';
import { tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';

/**
 * What one credential may do to the others: a token never widens itself or takes over its account,
 * an account with a chore still to do has no working credential, a password change or 2FA
 * enrolment shuts out whoever came in before, and the sign-in limits hit the account, not the office.
 */

interface Session {
  readonly cookie: string;
  readonly csrf: string;
}

function harness(db: { ctx: () => AppContext }, config: Partial<AppContext['config']> = {}) {
  const h = {} as { app: FastifyInstance; ctx: AppContext };
  beforeAll(async () => {
    h.ctx = { ...db.ctx(), config: { ...db.ctx().config, smtpUrl: undefined, requireTwoFactor: false, ...config } };
    h.app = await buildApp(h.ctx);
  });
  afterAll(() => h.app.close());
  return h;
}

let n = 0;
const uniqueEmail = (what: string) => `${what}-${++n}-${Date.now()}@example.test`;

/** An account as an administrator makes it: its one-time password still to be replaced. */
async function newAccount(ctx: AppContext, roles: string[]) {
  const email = uniqueEmail(roles.join('-'));
  const { user, password } = await createUser(ctx, { email, name: 'Test Person', roles }, operatorReader('test'));
  return { email, password, userId: user.id };
}

function login(app: FastifyInstance, email: string, password: string, totp?: string, ip = '10.1.0.1') {
  return app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password, totp }, remoteAddress: ip });
}

async function sessionFor(app: FastifyInstance, email: string, password: string, totp?: string): Promise<Session> {
  const res = await login(app, email, password, totp);
  expect(res.statusCode, res.body).toBe(200);
  return { cookie: String(res.headers['set-cookie']).split(';')[0]!, csrf: res.json().csrf_token };
}

const withSession = (s: Session) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** An account whose one-time password is already replaced, signed in. */
async function ready(app: FastifyInstance, ctx: AppContext, roles: string[]) {
  const account = await newAccount(ctx, roles);
  const first = await sessionFor(app, account.email, account.password);
  const password = `a long new password ${n}`;
  const changed = await app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: withSession(first), payload: { current: account.password, password } });
  expect(changed.statusCode, changed.body).toBe(200);
  return { ...account, password, session: first };
}

async function mintToken(app: FastifyInstance, s: Session, payload: { name: string; roles?: string[] }) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: withSession(s), payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; roles: string[]; token: string };
}

onEachDatabase('credentials: tokens stay within their maker', (db) => {
  const h = harness(db);

  it('lets a token neither mint tokens, nor list or revoke them, nor touch 2FA or the password', async () => {
    const person = await ready(h.app, h.ctx, ['editor', 'analyst']);
    const analystOnly = await mintToken(h.app, person.session, { name: 'stats script', roles: ['analyst'] });
    const headers = bearer(analystOnly.token);
    const attempts = [
      await h.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers, payload: { name: 'wider' } }),
      await h.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers, payload: { name: 'wider', roles: ['editor'] } }),
      await h.app.inject({ url: '/api/v1/auth/tokens', headers }),
      await h.app.inject({ method: 'DELETE', url: `/api/v1/auth/tokens/${analystOnly.id}`, headers }),
      await h.app.inject({ method: 'POST', url: '/api/v1/auth/two-factor', headers }),
      await h.app.inject({ method: 'POST', url: '/api/v1/auth/two-factor/confirm', headers, payload: { code: '123456' } }),
      await h.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers, payload: { current: person.password, password: 'taken over by a script' } }),
    ];
    for (const res of attempts) {
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error.message).toBe('an API token cannot manage the password, two-factor authentication or API tokens; sign in to do it');
    }
    const owner = (await findUser(h.ctx.database.db, person.userId))!;
    expect(owner.totp_secret).toBeNull();
    const tokens = await h.ctx.database.db.selectFrom('api_tokens').select(['roles', 'revoked_at']).where('user_id', '=', person.userId).execute();
    expect(tokens).toEqual([{ roles: '["analyst"]', revoked_at: null }]);
    // The password is still the person's own.
    expect((await login(h.app, person.email, person.password, undefined, '10.1.0.2')).statusCode).toBe(200);
  });

  it('says in the OpenAPI document which routes refuse every token', async () => {
    const paths = (await h.app.inject({ url: '/api/v1/openapi.json' })).json().paths as Record<string, Record<string, { 'x-session-only'?: boolean }>>;
    const marked = Object.entries(paths).flatMap(([path, item]) => Object.entries(item).filter(([, op]) => op['x-session-only']).map(([method]) => `${method.toUpperCase()} ${path}`));
    expect(marked.sort()).toEqual(
      ['DELETE /api/v1/auth/tokens/{id}', 'GET /api/v1/auth/tokens', 'POST /api/v1/auth/password', 'POST /api/v1/auth/tokens', 'POST /api/v1/auth/two-factor', 'POST /api/v1/auth/two-factor/confirm'].sort(),
    );
  });

  it('refuses roles the creating credential does not hold with 422 naming roles, and defaults to its roles', async () => {
    const person = await ready(h.app, h.ctx, ['editor', 'analyst']);
    const refused = await h.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: withSession(person.session), payload: { name: 'x', roles: ['analyst', 'administrator'] } });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.issues).toEqual([{ path: 'roles', message: 'a token cannot carry roles you do not hold: administrator' }]);
    expect((await mintToken(h.app, person.session, { name: 'everything I hold' })).roles).toEqual(['editor', 'analyst']);

    // The rule holds in the service too, whatever credential reaches it: a token's reader has the token's roles.
    const row = (await findUser(h.ctx.database.db, person.userId))!;
    const analystReader = await readerForUser(h.ctx.database.db, row, ['analyst'], false, 'token');
    expect((await createToken(h.ctx, analystReader, { name: 'default' })).roles).toEqual(['analyst']);
    await expect(createToken(h.ctx, analystReader, { name: 'wider', roles: ['editor'] })).rejects.toMatchObject({ status: 422, issues: [{ path: 'roles' }] });
  });
});

onEachDatabase('credentials: nothing works until the account has done its chores', (db) => {
  const h = harness(db);

  it('refuses a token of an account that has not replaced its one-time password, and such a session mints none', async () => {
    const account = await newAccount(h.ctx, ['editor']);
    const restricted = await sessionFor(h.app, account.email, account.password);
    const mint = await h.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: withSession(restricted), payload: { name: 'early' } });
    expect(mint.statusCode).toBe(403);
    expect(mint.json().error.message).toBe('change your one-time password first');
    expect(await h.ctx.database.db.selectFrom('api_tokens').select('id').where('user_id', '=', account.userId).execute()).toEqual([]);

    // A token that exists anyway (made before an administrator required a new password) does nothing but what the public may.
    const { headers, userId: owner } = await tokenFor(h.ctx, ['editor']);
    expect((await h.app.inject({ url: '/api/v1/persons', headers })).statusCode).toBe(200);
    await h.ctx.database.db.updateTable('users').set({ must_change_password: 1 }).where('id', '=', owner).execute();
    const read = await h.app.inject({ url: '/api/v1/persons', headers });
    expect(read.statusCode).toBe(403);
    expect(read.json().error.message).toBe('change your one-time password first');
    expect((await h.app.inject({ url: '/api/v1/auth/session', headers })).statusCode).toBe(403);
    expect((await h.app.inject({ url: '/api/v1/incidents', headers })).statusCode).toBe(200);
  });
});

describe('credentials when 2FA is mandatory', () => {
  onEachDatabase('an editor not yet enrolled', (db) => {
    const h = harness(db, { requireTwoFactor: true });

    it('has no working token and cannot mint one until enrolled', async () => {
      const account = await newAccount(h.ctx, ['editor', 'analyst']);
      await h.ctx.database.db.updateTable('users').set({ must_change_password: 0 }).where('id', '=', account.userId).execute();
      const session = await sessionFor(h.app, account.email, account.password);
      const mint = await h.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: withSession(session), payload: { name: 'early', roles: ['analyst'] } });
      expect(mint.statusCode).toBe(403);
      expect(mint.json().error.message).toBe('set up two-factor authentication first');

      const row = (await findUser(h.ctx.database.db, account.userId))!;
      const { token } = await createToken(h.ctx, await readerForUser(h.ctx.database.db, row, ['analyst'], false), { name: 'made earlier', roles: ['analyst'] });
      const read = await h.app.inject({ url: '/api/v1/persons', headers: bearer(token) });
      expect(read.statusCode).toBe(403);
      expect(read.json().error.message).toBe('set up two-factor authentication first');

      const { secret } = (await h.app.inject({ method: 'POST', url: '/api/v1/auth/two-factor', headers: withSession(session) })).json();
      const enrolled = await h.app.inject({ method: 'POST', url: '/api/v1/auth/two-factor/confirm', headers: withSession(session), payload: { code: totpCode(secret) } });
      expect(enrolled.statusCode).toBe(200);
      expect((await h.app.inject({ url: '/api/v1/persons', headers: bearer(token) })).statusCode).toBe(200);
      expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: withSession(session), payload: { name: 'now' } })).statusCode).toBe(201);
    });
  });
});

onEachDatabase('credentials: password resets tell nobody which addresses exist', (db) => {
  const h = harness(db, { smtpUrl: undefined });

  it('answers the same 202 for a known address whose mail fails as for an unknown one, and logs the failure', async () => {
    const known = await newAccount(h.ctx, ['partner']);
    const logged = vi.spyOn(h.app.log, 'error');
    try {
      const forKnown = await h.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: known.email } });
      const forUnknown = await h.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'nobody-here@example.test' } });
      expect(forKnown.statusCode).toBe(202);
      expect(forKnown.body).toBe(forUnknown.body);
      expect(forUnknown.statusCode).toBe(202);
      expect(logged).toHaveBeenCalledTimes(1);
      expect(logged.mock.calls[0]![1]).toBe('the password-reset mail could not be sent');
      expect(String((logged.mock.calls[0]![0] as { err: Error }).err.message)).toContain('SMTP_URL');
    } finally {
      logged.mockRestore();
    }
  });
});

onEachDatabase('credentials: an authenticator code signs in once', (db) => {
  const h = harness(db);

  it('lets exactly one of three simultaneous sign-ins with the same code through', async () => {
    const person = await ready(h.app, h.ctx, ['editor']);
    const { secret } = (await h.app.inject({ method: 'POST', url: '/api/v1/auth/two-factor', headers: withSession(person.session) })).json();
    const confirm = await h.app.inject({ method: 'POST', url: '/api/v1/auth/two-factor/confirm', headers: withSession(person.session), payload: { code: totpCode(secret, Date.now() - 30_000) } });
    expect(confirm.statusCode).toBe(200);
    const code = totpCode(secret);
    const answers = await Promise.all([1, 2, 3].map((i) => login(h.app, person.email, person.password, code, `10.1.1.${i}`)));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 401, 401]);
    expect(answers.filter((a) => a.statusCode === 401).map((a) => a.json().error.code)).toEqual(['totp_invalid', 'totp_invalid']);
    expect(await h.ctx.database.db.selectFrom('sessions').select('id_hash').where('user_id', '=', person.userId).execute()).toHaveLength(2);
  });
});

onEachDatabase('credentials: a new password or a second factor shuts out whoever came in before', (db) => {
  const h = harness(db);

  it('ends the other sessions on a password change, keeps the current one, and revokes tokens when asked', async () => {
    const person = await ready(h.app, h.ctx, ['analyst']);
    const elsewhere = await sessionFor(h.app, person.email, person.password);
    const kept = await mintToken(h.app, person.session, { name: 'kept' });
    const change = (current: string, password: string, revoke_tokens?: boolean) =>
      h.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: withSession(person.session), payload: { current, password, revoke_tokens } });

    const first = await change(person.password, 'the second long password');
    expect(first.json()).toEqual({ changed: true, ended_sessions: 1, revoked_tokens: 0, remaining_tokens: 1 });
    expect((await h.app.inject({ url: '/api/v1/auth/session', headers: { cookie: elsewhere.cookie } })).statusCode).toBe(401);
    expect((await h.app.inject({ url: '/api/v1/auth/session', headers: { cookie: person.session.cookie } })).statusCode).toBe(200);
    expect((await h.app.inject({ url: '/api/v1/persons', headers: bearer(kept.token) })).statusCode).toBe(200);

    await mintToken(h.app, person.session, { name: 'second' });
    const second = await change('the second long password', 'the third long password', true);
    expect(second.json()).toEqual({ changed: true, ended_sessions: 0, revoked_tokens: 2, remaining_tokens: 0 });
    expect((await h.app.inject({ url: '/api/v1/persons', headers: bearer(kept.token) })).statusCode).toBe(401);
    expect((await h.app.inject({ url: '/api/v1/auth/session', headers: { cookie: person.session.cookie } })).statusCode).toBe(200);
  });

  it('ends the other sessions on 2FA enrolment and revokes tokens when asked', async () => {
    const person = await ready(h.app, h.ctx, ['analyst']);
    const before = await sessionFor(h.app, person.email, person.password);
    const token = await mintToken(h.app, person.session, { name: 'before 2FA' });
    const { secret } = (await h.app.inject({ method: 'POST', url: '/api/v1/auth/two-factor', headers: withSession(person.session) })).json();
    const enrolled = await h.app.inject({ method: 'POST', url: '/api/v1/auth/two-factor/confirm', headers: withSession(person.session), payload: { code: totpCode(secret), revoke_tokens: true } });
    expect(enrolled.json()).toEqual({ two_factor: true, ended_sessions: 1, revoked_tokens: 1, remaining_tokens: 0 });
    expect((await h.app.inject({ url: '/api/v1/auth/session', headers: { cookie: before.cookie } })).statusCode).toBe(401);
    expect((await h.app.inject({ url: '/api/v1/persons', headers: bearer(token.token) })).statusCode).toBe(401);
    expect((await h.app.inject({ url: '/api/v1/auth/session', headers: { cookie: person.session.cookie } })).statusCode).toBe(200);
  });

  it("ends an account's sessions when an administrator removes its second factor", async () => {
    const person = await ready(h.app, h.ctx, ['analyst']);
    const admin = await tokenFor(h.ctx, ['administrator']);
    const reset = await h.app.inject({ method: 'POST', url: `/api/v1/users/${person.userId}/reset-two-factor`, headers: admin.headers });
    expect(reset.statusCode).toBe(200);
    expect((await h.app.inject({ url: '/api/v1/auth/session', headers: { cookie: person.session.cookie } })).statusCode).toBe(401);
  });
});

onEachDatabase('credentials: sign-in limits lock the account, not the office', (db) => {
  const h = harness(db);

  it('lets a colleague sign in from an address many mistyped passwords came from', async () => {
    const office = '192.0.2.10';
    for (let i = 0; i < 25; i++) expect((await login(h.app, uniqueEmail('typo'), 'not my password', undefined, office)).statusCode).toBe(401);
    const colleague = await ready(h.app, h.ctx, ['monitor']);
    expect((await login(h.app, colleague.email, colleague.password, undefined, office)).statusCode).toBe(200);
  });

  it('locks the account after five wrong passwords from five addresses, and only that account', async () => {
    const target = await ready(h.app, h.ctx, ['editor']);
    const neighbour = await ready(h.app, h.ctx, ['editor']);
    for (let i = 1; i <= 5; i++) expect((await login(h.app, target.email, `guess ${i}`, undefined, `198.51.100.${i}`)).statusCode).toBe(401);
    const locked = await login(h.app, target.email, target.password, undefined, '198.51.100.77');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.message).toMatch(/try again in 1[45] minute/);
    expect((await login(h.app, neighbour.email, neighbour.password, undefined, '198.51.100.1')).statusCode).toBe(200);
  });

  it(`refuses an address after ${MAX_FAILURES_PER_ADDRESS} failures in the window`, async () => {
    const person = await ready(h.app, h.ctx, ['partner']);
    const at = new Date().toISOString();
    const flood = '203.0.113.9';
    const rows = Array.from({ length: MAX_FAILURES_PER_ADDRESS }, () => ({ key: `ip:${flood}`, at }));
    await h.ctx.database.db.insertInto('login_attempts').values(rows).execute();
    expect((await login(h.app, person.email, person.password, undefined, flood)).statusCode).toBe(429);
    expect((await login(h.app, person.email, person.password, undefined, '203.0.113.10')).statusCode).toBe(200);
  });
});
