import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { StatsTable } from '../../src/stats/table.types.js';
import { tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';
import { importDocs, incident, personAct } from './support.js';

/**
 * The statistics count over `stats_acts`, the join of incidents and acts kept by triggers. Every way
 * the register changes must reach it: imports and re-imports, status transitions, merges of people.
 */
onEachDatabase('the stored join the statistics count over', (db) => {
  let app: FastifyInstance;
  let editor: Record<string, string>;
  const docs = () => [
    incident('J-1', [personAct('liberty.detention.protest', 'journalist', 'J-P1', { gender: 'female' }), personAct('attack.physical', 'journalist', 'J-P2')], { date: '2020-03-01' }),
    incident('J-2', [personAct('threat.life', 'blogger', 'J-P3', { gender: 'male' })], { date: '2020-04-01' }),
  ];
  const count = async (query: string, headers: Record<string, string> = editor) => {
    const res = await app.inject({ url: `/api/v1/stats/query?${query}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as StatsTable;
  };
  /** The stored rows and counts against the join and the counts computed now: they must be the same. */
  const inStep = async () => {
    const k = db.ctx().database.db;
    const stored = await sql<Record<string, unknown>>`select act_id, id, status, region, year, month, act_type, act_victim_group, act_person_id, act_gender, act_victim_hidden
      from stats_acts order by act_id`.execute(k);
    const joined = await sql<Record<string, unknown>>`select a.id as act_id, i.id, i.status, i.region, i.year, i.month, a.type as act_type, a.victim_group as act_victim_group,
      a.person_id as act_person_id, p.gender as act_gender, case when a.confidential_fields like '%"victim"%' then 1 else 0 end as act_victim_hidden
      from acts a join incidents i on i.id = a.incident_id left join persons p on p.id = a.person_id order by a.id`.execute(k);
    expect(stored.rows.map((r) => ({ ...r, act_victim_hidden: Number(r.act_victim_hidden) }))).toEqual(joined.rows);
    const key = sql.raw('year, month, quarter, region, status, confidential, created_by');
    const kept = await sql<Record<string, unknown>>`select ${key}, cast(sum(n) as integer) as n from stats_incident_counts group by ${key} having sum(n) > 0 order by ${key}`.execute(k);
    const counted = await sql<Record<string, unknown>>`select ${key}, cast(count(*) as integer) as n from incidents group by ${key} order by ${key}`.execute(k);
    expect(kept.rows).toEqual(counted.rows);
  };

  beforeAll(async () => {
    await importDocs(db.ctx(), docs());
    app = await buildApp(db.ctx());
    editor = (await tokenFor(db.ctx(), ['editor'])).headers;
  });
  afterAll(() => app.close());

  it('holds every act after an import', async () => {
    await inStep();
    expect((await count('count=acts&rows=year&year=2020')).total.value).toBe(3);
    // A search narrows the count as it narrows the list: the acts of the incident naming P1.
    expect((await count('count=acts&rows=year&year=2020&q=p1')).total.value).toBe(2);
    expect((await count('count=incidents&rows=year&q=p1')).total.value).toBe(1);
  });

  it('follows a status transition', async () => {
    expect((await count('count=incidents&rows=year&year=2020', {})).total.value).toBe(2);
    const res = await app.inject({ method: 'POST', url: '/api/v1/incidents/J-2/transitions', headers: editor, payload: { to: 'verified', reason: 'second look' } });
    expect(res.statusCode, res.body).toBe(200);
    expect((await count('count=incidents&rows=year&year=2020', {})).total.value).toBe(1);
    expect((await count('count=incidents&rows=year&year=2020')).total.value).toBe(2);
    await inStep();
  });

  it('follows a re-import that changes the acts and the date', async () => {
    const changed = docs();
    changed[1]!.acts = [personAct('attack.physical', 'blogger', 'J-P3', { gender: 'male' })];
    changed[1]!.date = '2020-07-15';
    await importDocs(db.ctx(), changed);
    const t = await count('count=acts&rows=type:1&year=2020');
    expect(Object.fromEntries(t.rows.map((r) => [r.key[0], r.total.value]))).toEqual({ liberty: 1, attack: 2 });
    const months = await count('count=incidents&rows=month&year=2020');
    expect(months.rows.find((r) => r.key[0] === '2020-07')!.total.value).toBe(1);
    await inStep();
  });

  it("follows a change of a victim's gender and of the victim's confidentiality", async () => {
    const changed = docs();
    changed[0]!.acts[1]!.person = { id: 'J-P2', name: 'Person J-P2', gender: 'male' };
    changed[0]!.acts[0]!.confidential_fields = ['victim'];
    await importDocs(db.ctx(), changed);
    const staff = await count('count=acts&rows=gender&year=2020');
    expect(Object.fromEntries(staff.rows.map((r) => [r.key[0], r.total.value]))).toEqual({ female: 1, male: 2 });
    // The public does not learn the hidden victim's gender: that act is counted without one.
    const pub = await count('count=acts&rows=gender&year=2020', {});
    expect(pub.rows.find((r) => r.key[0] === 'female')?.total.value ?? 0).toBe(0);
    await inStep();
  });

  it("counts for a lawyer the confidential incidents of the lawyer's cases, and not for the public", async () => {
    const secret = incident('J-3', [personAct('threat.life', 'journalist', 'J-P4')], { date: '2020-05-01', confidential: true });
    secret.legal_cases = [{ id: 'J-case', kind: 'criminal', title: 'Threats', against_journalist: false, charges: [] }];
    await importDocs(db.ctx(), [secret]);
    const lawyer = await tokenFor(db.ctx(), ['lawyer']);
    await db.ctx().database.db.insertInto('case_assignments').values({ case_id: 'J-case', user_id: lawyer.userId }).execute();
    const seen = async (headers: Record<string, string>) => (await count('count=incidents&rows=month&year=2020', headers)).rows.find((r) => r.key[0] === '2020-05')?.total.value ?? 0;
    expect(await seen(lawyer.headers)).toBe(1);
    expect(await seen({})).toBe(0);
    await inStep();
  });

  it('follows a merge of two people', async () => {
    // Four victims so far (the confidential J-3's among them, as staff count it).
    expect((await count('count=persons&rows=year&year=2020')).total.value).toBe(4);
    const res = await app.inject({ method: 'POST', url: '/api/v1/persons/J-P3/merge', headers: editor, payload: { into: 'J-P2', reason: 'the same person' } });
    expect(res.statusCode, res.body).toBe(200);
    expect((await count('count=persons&rows=year&year=2020')).total.value).toBe(3);
    await inStep();
  });
});
