import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, type Role } from '../../src/accounts/roles.js';
import { buildApp } from '../../src/app.js';
import { importFile } from '../../src/exchange/import.js';
import { tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';
import { incidentDoc } from '../support/fixtures.js';

/**
 * Every route of the OpenAPI document, called by the public and by each role. The permission a
 * route declares (published as `x-permission`) must decide the answer:
 *
 * - `public` routes never answer 401 or 403, whoever asks;
 * - otherwise a caller whose role holds the permission never gets 401 or 403 (a 400 for the empty
 *   body, a 404 or a 409 is fine), the public gets 401 and a role without it gets 403.
 */

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const ROLES = Object.keys(ROLE_PERMISSIONS) as Role[];

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly permission: string | undefined;
  /** Refuses API tokens whatever their roles (`x-session-only`: the password, two-factor and tokens). */
  readonly sessionOnly: boolean;
}

interface Caller {
  readonly name: string;
  readonly headers: Record<string, string>;
  /** undefined: the public. */
  readonly role?: Role;
}

interface Outcome {
  readonly op: Operation;
  readonly caller: string;
  readonly status: number;
  readonly expected: string;
  readonly ok: boolean;
  readonly body: string;
}

function expectation(op: Operation, caller: Caller): { expected: string; ok: (status: number) => boolean } {
  const refused = (s: number) => s === 401 || s === 403;
  if (op.permission === 'public') return { expected: 'not 401/403', ok: (s) => !refused(s) };
  if (!caller.role) return { expected: '401', ok: (s) => s === 401 };
  // The callers here use API tokens, which the session-only routes refuse whatever their roles.
  if (op.sessionOnly) return { expected: '403 (session only)', ok: (s) => s === 403 };
  const holds = (ROLE_PERMISSIONS[caller.role] as readonly string[]).includes(op.permission ?? '');
  return holds ? { expected: 'not 401/403', ok: (s) => !refused(s) } : { expected: '403', ok: (s) => s === 403 };
}

function table(rows: readonly Outcome[]): string {
  const head = ['method', 'path', 'x-permission', 'caller', 'status', 'expected', 'answer'];
  const lines = rows.map((r) => [r.op.method, r.op.path, r.op.permission ?? '(none)', r.caller, String(r.status), r.expected, r.body.replace(/\s+/g, ' ').slice(0, 110)]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('-+-'), ...lines.map(fmt)].join('\n');
}

onEachDatabase('route permissions for the public and every role', (db) => {
  let app: FastifyInstance;
  let dir: string;
  let operations: Operation[] = [];
  const callers: Caller[] = [];
  /** Ids that exist, per path parameter context, so that the routes reach their handlers. */
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const ctx = db.ctx();
    // One incident with a person, an organisation and a legal case, so `{id}` can name real records.
    const doc = incidentDoc({ id: 'PERM-1', status: 'published' });
    doc.acts.push({ type: 'media.blocking', victim_group: 'media_outlet', organisation: { id: 'PERM-org', name: 'Perm Outlet', kind: 'media_outlet' } });
    doc.legal_cases = [{ id: 'PERM-case', kind: 'criminal', title: 'A case', against_journalist: true, charges: [{ article: 'KZ-CC-274.4.2' }] }];
    dir = mkdtempSync(join(tmpdir(), 'jsi-perm-'));
    const file = join(dir, 'perm.jsonl');
    writeFileSync(file, `${JSON.stringify(doc)}\n`);
    const report = await importFile(ctx, file, { actor: 'test' });
    expect(report.errors).toEqual([]);

    app = await buildApp(ctx);
    callers.push({ name: 'public', headers: {} });
    for (const role of ROLES) {
      const { headers } = await tokenFor(ctx, [role], role === 'monitor' ? { regions: ['KZ-ALA'] } : {});
      callers.push({ name: role, role, headers });
    }
    // An account that the user-management routes may change without touching the callers.
    const bystander = await tokenFor(ctx, ['partner']);
    Object.assign(ids, {
      incidents: 'PERM-1',
      persons: doc.acts[0]!.person!.id,
      organisations: 'PERM-org',
      'legal-cases': 'PERM-case',
      users: bystander.userId,
      // Not an existing token: revoking a caller's own token would turn its later calls into 401s.
      tokens: 'tok-does-not-exist',
    });

    const res = await app.inject({ url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths as Record<string, Record<string, { 'x-permission'?: string; 'x-session-only'?: boolean }>>;
    operations = Object.entries(paths).flatMap(([path, item]) =>
      HTTP_METHODS.filter((m) => item[m]).map((m) => ({ method: m.toUpperCase(), path, permission: item[m]!['x-permission'], sessionOnly: item[m]!['x-session-only'] === true })),
    );
  });
  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const urlOf = (path: string) =>
    path.replace(/\{(\w+)\}/g, (_, _name: string, offset: number) => {
      // The collection the parameter belongs to: /api/v1/<collection>/{id} or /api/v1/auth/<collection>/{id}.
      const collection = path.slice(0, offset).split('/').filter(Boolean).at(-1) ?? '';
      return encodeURIComponent(ids[collection] ?? 'no-such-id');
    });

  it('lists at least 40 operations, each with the permission its route declares', () => {
    expect(operations.length).toBeGreaterThanOrEqual(40);
    const undeclared = operations.filter((o) => !o.permission).map((o) => `${o.method} ${o.path}`);
    expect(undeclared, 'operations without x-permission').toEqual([]);
    const known = new Set(Object.values(ROLE_PERMISSIONS).flat());
    const unknown = operations.filter((o) => o.permission && !known.has(o.permission as never)).map((o) => `${o.method} ${o.path}: ${o.permission}`);
    expect(unknown, 'x-permission values that no role holds').toEqual([]);
  });

  it('answers the public and every role as the declared permission says', async () => {
    const outcomes: Outcome[] = [];
    for (const op of operations) {
      for (const caller of callers) {
        const url = urlOf(op.path);
        const withBody = op.method !== 'GET';
        const isImport = op.path.endsWith('/import');
        const res = await app.inject({
          method: op.method as 'GET',
          url,
          headers: { ...caller.headers, ...(withBody ? { 'content-type': isImport ? 'application/x-ndjson' : 'application/json' } : {}) },
          ...(withBody ? { payload: '{}' } : {}),
        });
        const { expected, ok } = expectation(op, caller);
        outcomes.push({ op, caller: caller.name, status: res.statusCode, expected, ok: ok(res.statusCode), body: res.body });
      }
    }
    expect(outcomes.length).toBe(operations.length * callers.length);
    const wrong = outcomes.filter((o) => !o.ok);
    const validatedFirst = wrong.filter((o) => o.status === 400 && o.body.includes('validation_failed'));
    const note = validatedFirst.length
      ? `\n${validatedFirst.length} of them answered 400 validation_failed: the request is validated before its permission is checked, so callers without the permission learn about the body instead of being refused.`
      : '';
    expect(wrong.length, `${wrong.length} permission mismatches of ${outcomes.length} calls:\n${table(wrong)}${note}\n`).toBe(0);
  });
});
