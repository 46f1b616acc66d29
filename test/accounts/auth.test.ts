import type { FastifyInstance } from 'fastify';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/accounts/users.service.js';
import { totpCode } from '../../src/accounts/totp.js';
import { buildApp } from '../../src/app.js';
import type { AppContext } from '../../src/platform/context.js';
import { operatorReader } from '../../src/platform/reader.js';
import { tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';
import { incidentDoc } from '../support/fixtures.js';

/** A mail server on this machine that keeps what it receives, for the password-reset mail. */
function localSmtp() {
  const received: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, done) {
      let text = '';
      stream.on('data', (c: Buffer) => (text += c.toString('utf8')));
      stream.on('end', () => {
        received.push(text);
        done();
      });
    },
  });
  return {
    received,
    start: () => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.server.address() as { port: number }).port))),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

onEachDatabase('accounts: sign-in, sessions, CSRF, 2FA, resets, tokens', (db) => {
  let app: FastifyInstance;
  let ctx: AppContext;
  const smtp = localSmtp();
  beforeAll(async () => {
    const port = await smtp.start();
    ctx = { ...db.ctx(), config: { ...db.ctx().config, smtpUrl: `smtp://127.0.0.1:${port}`, requireTwoFactor: false } };
    app = await buildApp(ctx);
  });
  afterAll(async () => {
    await app.close();
    await smtp.stop();
  });

  let n = 0;
  async function account(roles: string[] = ['editor'], regions: string[] = []) {
    const email = `person${++n}-${Date.now()}@example.test`;
    const { password } = await createUser(ctx, { email, name: 'Test Person', roles, regions }, operatorReader('test'));
    return { email, password };
  }
  const login = (email: string, password: string, totp?: string, ip = '10.0.0.1') =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password, totp }, remoteAddress: ip });
  function sessionOf(res: { headers: Record<string, unknown>; json: () => { csrf_token: string } }) {
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    return { cookie, csrf: res.json().csrf_token };
  }
  async function signedIn(roles: string[] = ['editor'], regions: string[] = []) {
    const { email, password } = await account(roles, regions);
    const first = sessionOf(await login(email, password));
    const newPassword = `a new long password ${n}`;
    const changed = await app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: { cookie: first.cookie, 'x-csrf-token': first.csrf }, payload: { current: password, password: newPassword } });
    expect(changed.statusCode, changed.body).toBe(200);
    return { email, password: newPassword, ...first };
  }

  it('signs in with a server-side session in a strict cookie, and holds back a one-time password', async () => {
    const { email, password } = await account();
    expect((await login(email, 'not the password')).statusCode).toBe(401);
    const res = await login(email, password);
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^jsi_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict/);
    expect(res.json().must_change_password).toBe(true);
    const { cookie, csrf } = sessionOf(res);
    const blocked = await app.inject({ url: '/api/v1/incidents/facets', headers: { cookie } });
    expect(blocked.statusCode).toBe(200);
    const write = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: { cookie, 'x-csrf-token': csrf }, payload: incidentDoc({ status: 'received' }) });
    expect(write.statusCode).toBe(403);
    expect(write.json().error.message).toBe('change your one-time password first');
    const short = await app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: { cookie, 'x-csrf-token': csrf }, payload: { current: password, password: 'short' } });
    expect(short.statusCode).toBe(400);
  });

  it('refuses a cookie write without its CSRF token, and takes it with', async () => {
    const s = await signedIn();
    const doc = incidentDoc({ status: 'received' });
    const without = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: { cookie: s.cookie }, payload: doc });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('csrf_token_missing');
    const wrong = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: { cookie: s.cookie, 'x-csrf-token': 'x'.repeat(43) }, payload: doc });
    expect(wrong.statusCode).toBe(403);
    expect((await app.inject({ url: `/api/v1/incidents/${doc.id}`, headers: { cookie: s.cookie } })).statusCode).toBe(404);
    const ok = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload: doc });
    expect(ok.statusCode).toBe(201);
  });

  it('ends the session on sign-out, for real', async () => {
    const s = await signedIn();
    expect((await app.inject({ url: '/api/v1/auth/session', headers: { cookie: s.cookie } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/v1/auth/session', headers: { cookie: s.cookie } })).statusCode).toBe(401);
  });

  it('locks an account after repeated failures, even for the right password, and logs the failures', async () => {
    const s = await signedIn();
    for (let i = 0; i < 5; i++) expect((await login(s.email, `wrong ${i}`, undefined, '10.0.0.2')).statusCode).toBe(401);
    const locked = await login(s.email, s.password, undefined, '10.0.0.3');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.message).toMatch(/try again in \d+ minute/);
    const failures = await ctx.database.db.selectFrom('history').select('action').where('record_id', '=', s.email).where('action', '=', 'login_failed').execute();
    expect(failures).toHaveLength(5);
  });

  it('requires the authenticator code once enrolled, and a code works only once', async () => {
    const s = await signedIn();
    const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
    const setup = await app.inject({ method: 'POST', url: '/api/v1/auth/two-factor', headers });
    const { secret, uri } = setup.json();
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/two-factor/confirm', headers, payload: { code: '000000' } })).statusCode).toBe(401);
    const t0 = Date.now() - 30_000;
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/two-factor/confirm', headers, payload: { code: totpCode(secret, t0) } })).statusCode).toBe(200);
    const noCode = await login(s.email, s.password, undefined, '10.0.1.1');
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().error.code).toBe('totp_required');
    expect((await login(s.email, s.password, '123456', '10.0.1.1')).json().error.code).toBe('totp_invalid');
    const code = totpCode(secret);
    expect((await login(s.email, s.password, code, '10.0.1.1')).statusCode).toBe(200);
    expect((await login(s.email, s.password, code, '10.0.1.1')).json().error.code).toBe('totp_invalid');
  });

  it('resets a password by a mailed one-time link, which cannot be used twice', async () => {
    const s = await signedIn();
    const before = smtp.received.length;
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: s.email } })).statusCode).toBe(202);
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'nobody@example.test' } })).statusCode).toBe(202);
    expect(smtp.received.length).toBe(before + 1);
    const mail = smtp.received.at(-1)!.replace(/=\r?\n/g, '');
    const token = /reset-password\?token=3D([A-Za-z0-9_-]+)|reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail);
    const secret = token?.[1] ?? token?.[2];
    expect(secret).toBeDefined();
    const reset = (password: string) => app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token: secret, password } });
    expect((await reset('the brand new password')).statusCode).toBe(200);
    expect((await reset('another new password')).statusCode).toBe(409);
    expect((await app.inject({ url: '/api/v1/auth/session', headers: { cookie: s.cookie } })).statusCode).toBe(401);
    expect((await login(s.email, 'the brand new password', undefined, '10.0.2.1')).statusCode).toBe(200);
    await ctx.database.db.updateTable('password_resets').set({ used_at: null, expires_at: '2000-01-01T00:00:00.000Z' }).execute();
    const expired = await reset('yet another password');
    expect(expired.statusCode).toBe(409);
    expect(expired.json().error.code).toBe('token_expired');
  });

  it('gives API tokens only the roles asked for, and revokes them', async () => {
    const s = await signedIn(['editor', 'analyst']);
    const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
    const created = await app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers, payload: { name: 'stats script', roles: ['analyst'] } });
    expect(created.statusCode).toBe(201);
    const token = { authorization: `Bearer ${created.json().token}` };
    expect((await app.inject({ url: '/api/v1/persons', headers: token })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: token, payload: incidentDoc() })).statusCode).toBe(403);
    const tooMuch = await app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers, payload: { name: 'x', roles: ['administrator'] } });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().error.issues).toEqual([{ path: 'roles', message: 'a token cannot carry roles you do not hold: administrator' }]);
    const stored = await ctx.database.db.selectFrom('api_tokens').select('token_hash').where('id', '=', created.json().id).executeTakeFirstOrThrow();
    expect(created.json().token).not.toContain(stored.token_hash);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/auth/tokens/${created.json().id}`, headers })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/v1/persons', headers: token })).statusCode).toBe(401);
  });

  it('keeps a monitor to own regions and own drafts', async () => {
    const mine = await tokenFor(ctx, ['monitor'], { regions: ['KZ-ALA'] });
    const other = await tokenFor(ctx, ['monitor'], { regions: ['KZ-KAR'] });
    const outside = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: mine.headers, payload: incidentDoc({ status: 'received', region: 'KZ-KAR' }) });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.message).toContain('only in your regions (KZ-ALA)');
    const doc = incidentDoc({ status: 'received', region: 'KZ-ALA' });
    expect((await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: mine.headers, payload: doc })).statusCode).toBe(201);
    expect((await app.inject({ url: `/api/v1/incidents/${doc.id}`, headers: other.headers })).statusCode).toBe(404);
    const colleague = await tokenFor(ctx, ['monitor'], { regions: ['KZ-ALA'] });
    const edit = await app.inject({ method: 'PUT', url: `/api/v1/incidents/${doc.id}`, headers: colleague.headers, payload: { version: 1, incident: { ...doc, settlement: 'Elsewhere' } } });
    expect(edit.statusCode).toBe(403);
    expect(edit.json().error.message).toBe('you may edit only incidents you recorded');
    const own = await app.inject({ method: 'PUT', url: `/api/v1/incidents/${doc.id}`, headers: mine.headers, payload: { version: 1, incident: { ...doc, settlement: 'Kaskelen' } } });
    expect(own.statusCode).toBe(200);
    const foreign = await app.inject({ method: 'PUT', url: `/api/v1/incidents/${doc.id}`, headers: other.headers, payload: { version: 2, incident: { ...doc, settlement: 'Karaganda' } } });
    expect(foreign.statusCode).toBe(403);
    expect((await app.inject({ url: `/api/v1/incidents/${doc.id}`, headers: mine.headers })).json().doc.settlement).toBe('Kaskelen');
  });

  it('logs refused requests in the audit log', async () => {
    const analyst = await tokenFor(ctx, ['analyst']);
    expect((await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: analyst.headers, payload: {} })).statusCode).toBe(403);
    const denied = await ctx.database.db.selectFrom('history').select(['actor', 'record_id']).where('action', '=', 'permission_denied').where('actor', '=', `user:${analyst.email}`).execute();
    expect(denied).toEqual([{ actor: `user:${analyst.email}`, record_id: 'POST /api/v1/incidents' }]);
  });

  it('disabling an account ends its sessions and tokens at once', async () => {
    const s = await signedIn(['analyst']);
    const admin = await tokenFor(ctx, ['administrator']);
    const target = (await app.inject({ url: '/api/v1/users', headers: admin.headers })).json().items.find((u: { email: string }) => u.email === s.email);
    expect((await app.inject({ method: 'PUT', url: `/api/v1/users/${target.id}`, headers: admin.headers, payload: { disabled: true } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/v1/auth/session', headers: { cookie: s.cookie } })).statusCode).toBe(401);
    expect((await login(s.email, s.password, undefined, '10.0.3.1')).statusCode).toBe(401);
  });

  it('sends strict security headers and no internals in errors', async () => {
    const res = await app.inject({ url: '/api/v1/incidents' });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const bad = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).not.toMatch(/at .*\.js|node_modules|SELECT/i);
  });
});

describe('two-factor authentication made mandatory', () => {
  onEachDatabase('for administrators and editors', (db) => {
    it('lets an editor without 2FA do nothing but enrol', async () => {
      const ctx = { ...db.ctx(), config: { ...db.ctx().config, requireTwoFactor: true } };
      const app = await buildApp(ctx);
      const email = `mfa-${Date.now()}@example.test`;
      const { password } = await createUser(ctx, { email, name: 'Editor', roles: ['editor'] }, operatorReader('test'));
      await ctx.database.db.updateTable('users').set({ must_change_password: 0 }).where('email', '=', email).execute();
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
      const cookie = String(res.headers['set-cookie']).split(';')[0]!;
      const csrf = res.json().csrf_token;
      const refused = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: { cookie, 'x-csrf-token': csrf }, payload: incidentDoc({ status: 'received' }) });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.message).toBe('set up two-factor authentication first');
      const { secret } = (await app.inject({ method: 'POST', url: '/api/v1/auth/two-factor', headers: { cookie, 'x-csrf-token': csrf } })).json();
      await app.inject({ method: 'POST', url: '/api/v1/auth/two-factor/confirm', headers: { cookie, 'x-csrf-token': csrf }, payload: { code: totpCode(secret) } });
      const allowed = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: { cookie, 'x-csrf-token': csrf }, payload: incidentDoc({ status: 'received' }) });
      expect(allowed.statusCode).toBe(201);
      await app.close();
    });
  });
});
