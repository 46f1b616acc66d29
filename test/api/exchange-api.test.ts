import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';
import { incidentDoc } from '../support/fixtures.js';

let staff: { authorization: string };

onEachDatabase('import and export over the API', (db) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(db.ctx());
    staff = (await tokenFor(db.ctx(), ['editor'])).headers;
  });
  afterAll(() => app.close());

  const upload = (body: string, query = '', headers: Record<string, string> = staff) =>
    app.inject({ method: 'POST', url: `/api/v1/import${query}`, headers: { ...headers, 'content-type': 'application/x-ndjson' }, payload: body });

  it('imports JSON Lines, checks a dry run first, and names the bad row of a refused file', async () => {
    const good = [incidentDoc({ id: 'XA-1', status: 'received' }), incidentDoc({ id: 'XA-2' })].map((d) => JSON.stringify(d)).join('\n');
    const dry = await upload(good, '?dry_run=true');
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ records: 2, created: 2, written: false });
    expect((await app.inject({ url: '/api/v1/incidents/XA-1', headers: staff })).statusCode).toBe(404);
    expect((await upload(good)).json()).toMatchObject({ created: 2, written: true });

    const bad = incidentDoc({ id: 'XA-3' });
    bad.region = 'KZ-NOWHERE';
    const refused = await upload([JSON.stringify(incidentDoc({ id: 'XA-4' })), JSON.stringify(bad)].join('\n'));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([{ line: 2, id: 'XA-3', field: 'region', message: 'unknown region "KZ-NOWHERE"' }]);
    expect((await app.inject({ url: '/api/v1/incidents/XA-4', headers: staff })).statusCode).toBe(404);
  });

  it('refuses imports from the public and files of an unknown type', async () => {
    expect((await upload('{}', '', {})).statusCode).toBe(401);
    const res = await app.inject({ method: 'POST', url: '/api/v1/import', headers: { ...staff, 'content-type': 'text/plain' }, payload: 'x' });
    expect(res.statusCode).toBe(415);
  });

  it('exports with filters in each format; the public export holds published records only', async () => {
    const jsonl = await app.inject({ url: '/api/v1/export?format=jsonl&q=xa', headers: staff });
    expect(jsonl.headers['content-type']).toContain('application/x-ndjson');
    expect(jsonl.body.trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(['XA-1', 'XA-2']);
    const publicExport = await app.inject({ url: '/api/v1/export?format=jsonl&q=xa' });
    expect(publicExport.body.trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(['XA-2']);
    const xlsx = await app.inject({ url: '/api/v1/export?format=xlsx&q=xa', headers: staff });
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const csv = await app.inject({ url: '/api/v1/export?format=csv&q=xa', headers: staff });
    expect(csv.headers['content-disposition']).toContain('incidents.csv.zip');
    expect((await app.inject({ url: '/api/v1/export?format=pdf' })).statusCode).toBe(400);
  });
});
