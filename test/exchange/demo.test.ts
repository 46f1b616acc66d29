import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadDemo } from '../../src/cli/database.command.js';
import { onEachDatabase } from '../support/databases.js';

onEachDatabase('the 2020 Kazakhstan demo data', (db) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    await loadDemo(db.ctx());
    app = await buildApp(db.ctx());
  });
  afterAll(() => app.close());

  async function all(query: string) {
    const items: { doc: { id: string; sources: { citation: string }[]; acts: { person?: { id: string } }[] } }[] = [];
    let cursor: string | null = null;
    do {
      const res = await app.inject({ url: `/api/v1/incidents?${query}&view=full&limit=20${cursor ? `&cursor=${cursor}` : ''}` });
      expect(res.statusCode).toBe(200);
      const page: { items: typeof items; next_cursor: string | null } = res.json();
      items.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor);
    return items;
  }

  it('publishes the 65 incidents of 2020, each citing the assessment line it comes from', async () => {
    const items = await all('year=2020');
    expect(items).toHaveLength(65);
    expect(new Set(items.map((i) => i.doc.id)).size).toBe(65);
    for (const { doc } of items) expect(doc.sources.some((s) => /line/.test(s.citation)), doc.id).toBe(true);
  });

  it('shows a repeat victim: one person across several incidents', async () => {
    const items = await all('year=2020');
    const incidentsPerPerson = new Map<string, number>();
    for (const { doc } of items) {
      for (const id of new Set(doc.acts.flatMap((a) => (a.person ? [a.person.id] : [])))) incidentsPerPerson.set(id, (incidentsPerPerson.get(id) ?? 0) + 1);
    }
    expect(Math.max(...incidentsPerPerson.values())).toBeGreaterThanOrEqual(3);
  });

  it('answers filters a monitor would use on it', async () => {
    expect((await all('year=2020&type=liberty.administrative_arrest')).length).toBe(7);
    expect((await all('year=2020&article=KZ-CC-274')).length).toBeGreaterThan(0);
    expect((await all('q=Ratel')).length).toBeGreaterThan(0);
  });

  it('loads again without changing anything', async () => {
    const again = await loadDemo(db.ctx());
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 65 });
  });
});
