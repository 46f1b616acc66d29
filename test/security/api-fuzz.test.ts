import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadFrameworkVersion } from '../../src/assessments/framework.service.js';
import { buildApp } from '../../src/app.js';
import { importFile } from '../../src/exchange/import.js';
import { operatorReader } from '../../src/platform/reader.js';
import { defaultFramework } from '../assessments/support.js';
import { sessionFor, tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';
import { incidentDoc } from '../support/fixtures.js';
import { hostileUrlText, hostileValue, type JsonSchema, schemaArbitrary } from '../support/schema-arbitrary.js';

/**
 * Requests generated from the OpenAPI document, for every path and method: path parameters (ids
 * that exist, ids that do not, hostile text), query parameters and JSON bodies drawn from the
 * route's own schemas and mixed with wrong types, huge strings, unicode, lone surrogates, missing
 * and unknown fields. Sent by the public and by a signed-in administrator (session cookie and
 * CSRF token). Whatever is sent, the server must never answer 5xx: bad input is the client's
 * error and must be answered as such.
 */

/** Routes left out, and why. */
const SKIPPED: Record<string, string> = {
  // Renders the national report (Chromium, seconds a request) in a job that outlives the request;
  // test/assessments/report*.test.ts covers it.
  'POST /api/v1/assessments/{id}/report': 'renders a report',
  // Ends the administrator's session, which would turn the rest of the run anonymous.
  'POST /api/v1/auth/logout': 'ends the session under test',
};

/** Requests per route and caller: about 1,500 requests per database (some 20 to 40 seconds). */
const RUNS_PER_ROUTE = 8;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly schema: JsonSchema;
}

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly Parameter[];
  readonly body?: JsonSchema;
}

interface FuzzRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly payload?: string;
}

/** Percent-encodes a text as a client's encoder does (its UTF-8 bytes: a lone surrogate becomes U+FFFD). */
function percentEncoded(text: string): string {
  return encodeURIComponent(Buffer.from(text, 'utf8').toString('utf8'));
}

/** A query or header value as a client would put any JSON value there. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? '';
}

/** Segments no encoder produces: broken escapes, an encoded lone surrogate, an encoded NUL. */
const rawSegment = fc.constantFrom('%', '%zz', '%ED%A0%80', '%00', '%C0%AF', '..', '.', '%2F');

function requestArbitrary(op: Operation, known: (path: string, param: string) => readonly string[]): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const segments = pathParams.map((p) => {
    const existing = known(op.path, p.name);
    return fc.oneof(
      ...(existing.length ? [{ weight: 3, arbitrary: fc.constantFrom(...existing).map(percentEncoded) }] : []),
      { weight: 2, arbitrary: schemaArbitrary(p.schema, 'url').map((v) => percentEncoded(asText(v))) },
      { weight: 1, arbitrary: hostileUrlText.map(percentEncoded) },
      { weight: 1, arbitrary: rawSegment },
    );
  });
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const query = fc.tuple(
    fc.record(Object.fromEntries(queryParams.map((p) => [p.name, schemaArbitrary(p.schema, 'url')])), { requiredKeys: [] }),
    fc.oneof({ weight: 7, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.tuple(hostileUrlText, hostileUrlText) }),
  );
  const headerParams = op.parameters.filter((p) => p.in === 'header');
  const headers = fc.record(Object.fromEntries(headerParams.map((p) => [p.name, schemaArbitrary(p.schema, 'url')])), { requiredKeys: [] });
  const body = op.body
    ? fc.oneof({ weight: 8, arbitrary: schemaArbitrary(op.body).map((v) => JSON.stringify(v)) }, { weight: 1, arbitrary: fc.constantFrom('{', '', 'null', '[]', '{"a":') })
    : fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: hostileValue.map((v) => JSON.stringify(v)) });
  return fc.record({ segments: fc.tuple(...segments), query, headers, body }).map(({ segments: values, query: [params, unknown], headers: extra, body: payload }) => {
    let i = 0;
    const path = op.path.replace(/\{\w+\}/g, () => values[i++]!);
    const search: string[] = [];
    const add = (name: string, value: unknown) => search.push(`${percentEncoded(name)}=${percentEncoded(asText(value))}`);
    for (const [name, value] of Object.entries(params)) {
      // An array becomes a repeated parameter, as a form would send it.
      if (Array.isArray(value)) value.forEach((v) => add(name, v));
      else add(name, value);
    }
    if (unknown) add(unknown[0], unknown[1]);
    // Header values are Latin-1 on the wire; anything else a client cannot send.
    const headerValues = Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, asText(v).replace(/[^\x20-\x7e]/g, '?')]));
    return {
      method: op.method,
      url: search.length ? `${path}?${search.join('&')}` : path,
      headers: payload === null || payload === undefined ? headerValues : { ...headerValues, 'content-type': 'application/json' },
      ...(payload === null || payload === undefined ? {} : { payload }),
    };
  });
}

function describeRequest(req: FuzzRequest): string {
  const cut = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}… (${s.length} characters)` : s);
  return `${req.method} ${cut(req.url)} ${JSON.stringify(req.headers)} ${cut(req.payload ?? '')}`;
}

onEachDatabase('API fuzz: no request earns a 5xx', (db) => {
  let app: FastifyInstance;
  let dir: string;
  let operations: Operation[] = [];
  const callers: { name: string; headers: Record<string, string> }[] = [{ name: 'public', headers: {} }];
  /** Values that name existing records, by the path segment before the parameter. */
  const existing: Record<string, string[]> = {};

  beforeAll(async () => {
    // Thousands of anonymous requests from one address: the public rate limit is not under test.
    const ctx = { ...db.ctx(), config: { ...db.ctx().config, publicRateLimit: 1_000_000 } };
    const doc = incidentDoc({ id: 'FUZZ-1', status: 'published' });
    doc.acts.push({ type: 'media.blocking', victim_group: 'media_outlet', organisation: { id: 'FUZZ-org', name: 'Fuzz Outlet', kind: 'media_outlet' } });
    doc.legal_cases = [{ id: 'FUZZ-case', kind: 'criminal', title: 'A case', against_journalist: true, charges: [{ article: 'KZ-CC-274.4.2' }] }];
    dir = mkdtempSync(join(tmpdir(), 'jsi-fuzz-'));
    writeFileSync(join(dir, 'fuzz.jsonl'), `${JSON.stringify(doc)}\n${JSON.stringify(incidentDoc({ id: 'FUZZ-2', status: 'received' }))}\n`);
    expect((await importFile(ctx, join(dir, 'fuzz.jsonl'), { actor: 'test' })).errors).toEqual([]);
    const framework = await loadFrameworkVersion(ctx, defaultFramework(), operatorReader('test'));

    app = await buildApp(ctx);
    const admin = await sessionFor(ctx, app, ['administrator']);
    callers.push({ name: 'administrator', headers: admin.headers });
    const bystander = await tokenFor(ctx, ['partner']);
    const assessment = await app.inject({ method: 'POST', url: '/api/v1/assessments', headers: admin.headers, payload: { country: 'KZ', year: 2020, framework: framework.version.id, title: { en: 'Fuzz' } } });
    expect(assessment.statusCode, assessment.body).toBe(201);
    const assessmentId: string = assessment.json().id;
    const snapshot = await app.inject({ method: 'POST', url: `/api/v1/assessments/${assessmentId}/snapshots`, headers: admin.headers });
    expect(snapshot.statusCode, snapshot.body).toBe(201);
    const tables = (await app.inject({ url: '/api/v1/stats/tables' })).json() as { items?: { id: string }[] } | { id: string }[];
    const charts = (await app.inject({ url: '/api/v1/stats/charts' })).json() as { items?: { file?: string; id?: string }[] };
    Object.assign(existing, {
      incidents: ['FUZZ-1', 'FUZZ-2'],
      persons: [doc.acts[0]!.person!.id!],
      organisations: ['FUZZ-org'],
      'legal-cases': ['FUZZ-case'],
      users: [bystander.userId],
      frameworks: [framework.version.id],
      assessments: [assessmentId],
      items: ['A', 'A.1', 'B.2'],
      snapshots: [snapshot.json().id as string],
      tables: (Array.isArray(tables) ? tables : (tables.items ?? [])).map((t) => t.id),
      charts: (charts.items ?? []).flatMap((c) => (c.file ? [c.file] : [])),
    });

    const res = await app.inject({ url: '/api/v1/openapi.json' });
    const paths = res.json().paths as Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>;
    operations = Object.entries(paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m] && !SKIPPED[`${m.toUpperCase()} ${path}`]).map((m) => ({
        method: m.toUpperCase(),
        path,
        parameters: item[m]!.parameters ?? [],
        body: item[m]!.requestBody?.content['application/json']?.schema,
      })),
    );
  });
  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const known = (path: string, param: string) => {
    const before = path.slice(0, path.indexOf(`{${param}}`)).split('/').filter(Boolean).at(-1) ?? '';
    return existing[before] ?? [];
  };

  it('answers every generated request, anonymous or signed in, with less than 500', { timeout: 240_000 }, async () => {
    expect(operations.length).toBeGreaterThan(90);
    const failures: string[] = [];
    for (const op of operations) {
      for (const caller of callers) {
        const seed = Date.now() ^ Math.floor(Math.random() * 2 ** 31);
        let last = '';
        const property = fc.asyncProperty(requestArbitrary(op, known), async (req) => {
          const res = await app.inject({ method: req.method as 'GET', url: req.url, headers: { ...req.headers, ...caller.headers }, payload: req.payload });
          if (res.statusCode >= 500) last = `${describeRequest(req)}\n  → ${res.statusCode} ${res.body.slice(0, 300)}`;
          return res.statusCode < 500;
        });
        try {
          await fc.assert(property, { numRuns: RUNS_PER_ROUTE, seed });
        } catch (error) {
          failures.push(`${caller.name}: ${op.method} ${op.path} (fast-check seed ${seed}); smallest failing request:\n  ${last || String(error).slice(0, 1000)}`);
        }
      }
    }
    expect(failures, failures.join('\n\n')).toEqual([]);
  });
});
