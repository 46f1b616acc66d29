import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';
import { incidentDoc } from '../support/fixtures.js';

onEachDatabase('creating an incident with an Idempotency-Key', (db) => {
  let app: FastifyInstance;
  let monitor: { authorization: string };
  let other: { authorization: string };
  beforeAll(async () => {
    app = await buildApp(db.ctx());
    monitor = (await tokenFor(db.ctx(), ['monitor'], { regions: ['KZ-ALA'] })).headers;
    other = (await tokenFor(db.ctx(), ['monitor'], { regions: ['KZ-ALA'] })).headers;
  });
  afterAll(() => app.close());

  /** A quick report as the phone sends it: no id, the server chooses one. */
  const report = (title: string) => {
    const { id: _server_chooses, ...doc } = incidentDoc({ status: 'received', texts: { ru: { title, description: 'Сообщение корреспондента' } } });
    return doc;
  };
  const post = (doc: object, key: string, headers = monitor) =>
    app.inject({ method: 'POST', url: '/api/v1/incidents', headers: { ...headers, 'idempotency-key': key }, payload: doc });
  const titled = async (title: string) =>
    (await db.ctx().database.db.selectFrom('incident_texts').select('incident_id').where('title', '=', title).execute()).map((r) => r.incident_id);

  it('creates one incident from two identical submissions and answers the second with the first', async () => {
    const doc = report('Повтор отправки 1');
    const first = await post(doc, 'key-aaaaaaaa-1');
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotent-replayed']).toBe('false');
    const second = await post(doc, 'key-aaaaaaaa-1');
    expect(second.statusCode, second.body).toBe(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json().doc.id).toBe(first.json().doc.id);
    expect(await titled('Повтор отправки 1')).toEqual([first.json().doc.id]);
  });

  it('creates one incident when the same report arrives twice at the same moment', async () => {
    const doc = report('Повтор отправки 2');
    const answers = await Promise.all([post(doc, 'key-bbbbbbbb-2'), post(doc, 'key-bbbbbbbb-2'), post(doc, 'key-bbbbbbbb-2')]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 201]);
    expect(new Set(answers.map((a) => a.json().doc.id)).size).toBe(1);
    expect(await titled('Повтор отправки 2')).toHaveLength(1);
  });

  it('refuses a key reused for a different report, and creates nothing for it', async () => {
    expect((await post(report('Повтор отправки 3'), 'key-cccccccc-3')).statusCode).toBe(201);
    const reused = await post(report('Совсем другое событие'), 'key-cccccccc-3');
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.message).toMatch(/Idempotency-Key/);
    expect(await titled('Совсем другое событие')).toEqual([]);
  });

  it('keeps keys apart per account', async () => {
    const doc = report('Повтор отправки 4');
    expect((await post(doc, 'key-dddddddd-4')).statusCode).toBe(201);
    expect((await post(doc, 'key-dddddddd-4', other)).statusCode).toBe(201);
    expect(await titled('Повтор отправки 4')).toHaveLength(2);
  });

  it('stores no key for a refused request, so the corrected report can use it', async () => {
    const bad = { ...report('Повтор отправки 5'), date: '2020-13-40' };
    const refused = await post(bad, 'key-eeeeeeee-5');
    expect(refused.statusCode).toBe(400);
    const fixed = await post(report('Повтор отправки 5'), 'key-eeeeeeee-5');
    expect(fixed.statusCode, fixed.body).toBe(201);
    expect(await titled('Повтор отправки 5')).toHaveLength(1);
  });

  it('refuses a key too short to be unique, naming the header', async () => {
    const res = await post(report('Повтор отправки 6'), 'abc');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('headers.idempotency-key');
  });
});
