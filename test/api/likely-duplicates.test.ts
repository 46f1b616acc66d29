import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { nameSimilarity } from '../../src/people/likely-duplicates.js';
import { tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';

describe('name similarity', () => {
  it('ignores word order, ё/е and the Kazakh letters, and forgives a small typo', () => {
    expect(nameSimilarity('Перхальский Сергей', 'Сергей Перхальский')).toBe(1);
    expect(nameSimilarity('Кайрат Алиев', 'Қайрат Әлиев')).toBe(1);
    expect(nameSimilarity('Семён', 'Семен')).toBe(1);
    expect(nameSimilarity('Перхальскии', 'Сергей Перхальский')).toBeGreaterThan(0.4);
    expect(nameSimilarity('Иван Петров', 'Сергей Перхальский')).toBe(0);
  });
});

onEachDatabase('likely duplicates of a person or an outlet', (db) => {
  let app: FastifyInstance;
  let editor: { authorization: string };
  let monitor: { authorization: string };
  beforeAll(async () => {
    app = await buildApp(db.ctx());
    editor = (await tokenFor(db.ctx(), ['editor'])).headers;
    monitor = (await tokenFor(db.ctx(), ['monitor'], { regions: ['KZ-ALA'] })).headers;
    for (const [id, name] of [
      ['LD-1', 'Сергей Перхальский'],
      ['LD-2', 'Қайрат Әлиев'],
      ['LD-3', 'Сергей Иванов'],
      ['LD-4', 'Айгуль Перхальская'],
    ]) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/persons', headers: editor, payload: { id, name } });
      expect(res.statusCode, res.body).toBe(201);
    }
    const outlet = await app.inject({ method: 'POST', url: '/api/v1/organisations', headers: editor, payload: { id: 'LD-O1', name: 'Радио Азаттык', kind: 'media_outlet' } });
    expect(outlet.statusCode, outlet.body).toBe(201);
  });
  afterAll(() => app.close());

  const suggest = async (path: string, name: string, headers = editor) => {
    const res = await app.inject({ url: `/api/v1/${path}/likely-duplicates?name=${encodeURIComponent(name)}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as { record: { id: string; name: string }; score: number }[];
  };

  it('puts the same name in another order first, with a full score', async () => {
    const items = await suggest('persons', 'Перхальский Сергей');
    expect(items[0]).toMatchObject({ record: { id: 'LD-1' }, score: 1 });
    expect(items.map((i) => i.record.id)).toContain('LD-3'); // shares the first name: a weaker suggestion
    expect(items.findIndex((i) => i.record.id === 'LD-3')).toBeGreaterThan(0);
  });

  it('finds a Kazakh name typed on a Russian keyboard, and a name with a typo', async () => {
    expect((await suggest('persons', 'Кайрат Алиев'))[0]).toMatchObject({ record: { id: 'LD-2' }, score: 1 });
    expect((await suggest('persons', 'Сергей Перхальскии'))[0]!.record.id).toBe('LD-1');
  });

  it('suggests outlets on their own path', async () => {
    expect((await suggest('organisations', 'азаттык радио'))[0]).toMatchObject({ record: { id: 'LD-O1' }, score: 1 });
  });

  it('shows a monitor nobody they may not know of', async () => {
    expect(await suggest('persons', 'Перхальский Сергей', monitor)).toEqual([]);
  });

  it('names the missing parameter', async () => {
    const res = await app.inject({ url: '/api/v1/persons/likely-duplicates', headers: editor });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('querystring.name');
  });
});
