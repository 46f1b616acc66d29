import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';
import { incidentDoc } from '../support/fixtures.js';

/**
 * Search results come in the list's order (start date, then id) page after page, however the
 * search index stores them: many matches share a day, ids do not follow the order of writing, and
 * a record whose date changes moves with it.
 */
onEachDatabase('search pages in the list order', (db) => {
  let app: FastifyInstance;
  let staff: { authorization: string };
  const written = new Map<string, ReturnType<typeof incidentDoc>>();
  /** Every fourth record is about threats, not a detention. */
  const threats = new Set<string>();
  const DATES = ['2021-03-02', '2021-03-02', '2021-03-01', '2020-12-31', '2021-03', '2021-03-02', '2019', '2021-03-01'];

  const pages = async (query: string) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await app.inject({ url: `/api/v1/incidents?limit=3&${query}${cursor ? `&cursor=${cursor}` : ''}`, headers: staff });
      expect(res.statusCode, res.body).toBe(200);
      const body: { items: { id: string }[]; next_cursor: string | null } = res.json();
      seen.push(...body.items.map((i) => i.id));
      cursor = body.next_cursor;
    } while (cursor);
    return seen;
  };
  /** The same records listed without the search, which orders by the incidents' own index. */
  const listed = async (query: string, match: (id: string) => boolean) => (await pages(query)).filter(match);

  beforeAll(async () => {
    app = await buildApp(db.ctx());
    staff = (await tokenFor(db.ctx(), ['editor'])).headers;
    // Written in an order unrelated to both the dates and the ids.
    const ids = Array.from({ length: 24 }, (_, i) => `SO-${String((i * 7) % 24).padStart(2, '0')}`);
    for (const [i, id] of ids.entries()) {
      const doc = incidentDoc({ id, status: 'received', date: DATES[i % DATES.length]!, region: i % 3 === 0 ? 'KZ-AST' : 'KZ-ALA', settlement: 'Town' });
      doc.texts.ru!.title = i % 4 === 3 ? `Угрозы редакции ${id}` : `Задержание журналиста ${id}`;
      doc.texts.ru!.description = '';
      if (i % 4 === 3) threats.add(id);
      written.set(id, doc);
      const res = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: staff, payload: doc });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(() => app.close());

  it('newest and oldest first, with and without another filter', async () => {
    const isMatch = (id: string) => id.startsWith('SO-');
    for (const sort of ['', '&sort=date']) {
      const all = await listed(`year=2021${sort}`, isMatch);
      expect(await pages(`q=задержание&year=2021${sort}`)).toEqual(all.filter((id) => !threats.has(id)));
      expect(await pages(`q=SO${sort}`)).toEqual(await listed(sort.slice(1) || 'sort=-date', isMatch));
      expect(await pages(`q=SO&region=KZ-AST${sort}`)).toEqual(await listed(`region=KZ-AST${sort}`, isMatch));
    }
  });

  it('moves a record whose date changes', async () => {
    const doc = { ...written.get('SO-05')!, date: '2021-12-31' };
    const res = await app.inject({ method: 'PUT', url: '/api/v1/incidents/SO-05', headers: staff, payload: { version: 1, incident: doc } });
    expect(res.statusCode, res.body).toBe(200);
    const found = await pages('q=SO');
    expect(found[0]).toBe('SO-05');
    expect(found.filter((id) => id === 'SO-05')).toHaveLength(1);
    expect(found).toEqual(await listed('sort=-date', (id) => id.startsWith('SO-')));
  });
});
