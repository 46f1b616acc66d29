import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { onEachDatabase } from '../support/databases.js';
import { PUBLIC_READER } from '../../src/platform/reader.js';

onEachDatabase('OpenAPI document and route permissions', (db) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(db.ctx());
  });
  afterAll(() => app.close());

  it('documents the API, generated from the request schemas', async () => {
    const res = await app.inject({ url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const paths = Object.keys(doc.paths);
    for (const p of ['/api/v1/incidents', '/api/v1/incidents/{id}', '/api/v1/incidents/{id}/transitions', '/api/v1/persons/{id}/merge', '/api/v1/legal-cases', '/api/v1/export', '/api/v1/import']) {
      expect(paths).toContain(p);
    }
    const create = doc.paths['/api/v1/incidents'].post.requestBody.content['application/json'].schema;
    expect(create.properties.acts.minItems).toBe(1);
    expect(create.properties.date.pattern).toBeDefined();
  });

  it('serves the JSON Schema of the interchange record', async () => {
    const schema = (await app.inject({ url: '/api/v1/exchange/schema.json' })).json();
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'date', 'source_language', 'texts', 'acts']));
  });

  it('refuses to start a route that declares no permission', async () => {
    const { buildServer } = await import('../../src/platform/http/server.js');
    const careless = async (a: FastifyInstance) => {
      a.get('/oops', async () => 'hello');
    };
    await expect(buildServer(db.ctx(), { routes: [careless], authenticate: async () => ({ reader: PUBLIC_READER }) })).rejects.toThrow(/declares no permission/);
  });

  it('answers an unknown record with 404 and a machine code, and hides internal errors', async () => {
    const res = await app.inject({ url: '/api/v1/incidents/NOPE' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toEqual({ code: 'not_found', message: 'incident "NOPE" does not exist', issues: [] });
  });
});
