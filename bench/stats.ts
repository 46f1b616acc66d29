import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openContext } from '../src/app.js';
import { importFile } from '../src/exchange/import.js';
import pg from 'pg';
import { loadConfig } from '../src/platform/config.js';
import { isPostgresUrl } from '../src/platform/db/connection.js';
import type { AppContext } from '../src/platform/context.js';
import { operatorReader, PUBLIC_READER, type Reader } from '../src/platform/reader.js';
import { adHocTable } from '../src/stats/stats.service.js';
import { writeIncidentFile } from './generate.js';

/**
 * Statistics speed: a two-dimension table (acts by region × victim group, and incidents by
 * region × top-level type) for one year, through the statistics engine, against hand-written SQL
 * that computes the same numbers over the same rows (`stats_acts`) on the same connection, the two
 * measured turn about. The ratio is the figure to watch (what the engine adds: resolving the
 * dimensions, cell filters, layout); the time is the machine's. The same table by hand over
 * `incidents ⋈ acts` shows what the stored join saves on SQLite.
 *
 * `npx tsx bench/stats.ts` runs it alone on BENCH_STATS_DATABASE (a SQLite file or a postgres://
 * URL, with BENCH_STATS_SCHEMA for a schema of its own; default bench/out/stats-<N>.db) holding
 * BENCH_STATS_N incidents (default 1,000,000), importing generated incidents first when it holds
 * fewer. BENCH_STATS_RUNS sets the number of measured runs (default 50).
 */

export interface StatsBenchRow {
  readonly what: string;
  readonly result: string;
  readonly target: string;
  readonly ok: boolean | null;
}

const here = dirname(fileURLToPath(import.meta.url));

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function timed(runs: number, body: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 5; i++) await body(i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await body(i);
    times.push(performance.now() - t);
  }
  return times;
}

/** Two bodies measured turn about, so that a busy moment of a shared machine falls on both alike. */
async function timedPair(runs: number, a: (i: number) => Promise<unknown>, b: (i: number) => Promise<unknown>): Promise<[number[], number[]]> {
  for (let i = 0; i < 5; i++) await Promise.all([a(i), b(i)]);
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    await a(i);
    ta.push(performance.now() - t);
    t = performance.now();
    await b(i);
    tb.push(performance.now() - t);
  }
  return [ta, tb];
}

const STATUSES = sql.join([sql.lit('verified'), sql.lit('published')]);

/** What a person would write by hand for the acts table: one GROUP BY over the same stored rows. */
function handActs(ctx: AppContext, year: number) {
  return sql`select region, act_victim_group, cast(count(*) as integer) as n
    from stats_acts where year = ${year} and status in (${STATUSES})
    group by region, act_victim_group`.execute(ctx.database.db);
}

/** The same numbers by hand from the tables as entered (incidents joined to acts, no stored join). */
function handActsJoined(ctx: AppContext, year: number) {
  return sql`select i.region, a.victim_group, cast(count(*) as integer) as n
    from incidents i join acts a on a.incident_id = i.id
    where i.year = ${year} and i.status in (${STATUSES})
    group by i.region, a.victim_group`.execute(ctx.database.db);
}

/** The incidents table by hand: distinct incidents per cell, per row, per column and in all. */
async function handIncidents(ctx: AppContext, year: number) {
  const top = sql`case when act_type like 'liberty%' then 'liberty' when act_type like 'attack%' then 'attack' when act_type like 'threat%' then 'threat'
    when act_type like 'prosecution%' then 'prosecution' when act_type like 'pressure%' then 'pressure' when act_type like 'cyber%' then 'cyber'
    when act_type like 'media%' then 'media' when act_type like 'killing%' then 'killing' else act_type end`;
  const from = sql`from stats_acts where year = ${year} and status in (${STATUSES})`;
  const n = sql`cast(count(distinct id) as integer) as n`;
  const db = ctx.database.db;
  return Promise.all([
    sql`select region, ${top} as t, ${n} ${from} group by 1, 2`.execute(db),
    sql`select region, ${n} ${from} group by 1`.execute(db),
    sql`select ${top} as t, ${n} ${from} group by 1`.execute(db),
    sql`select ${n} ${from}`.execute(db),
  ]);
}

/** Runs the measures on an open database; the main benchmark can call this with its own context. */
export async function statsBenchmark(ctx: AppContext, options: { label?: string; runs?: number } = {}): Promise<StatsBenchRow[]> {
  const label = options.label ?? (ctx.database.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL');
  const runs = options.runs ?? Number(process.env.BENCH_STATS_RUNS ?? 50);
  const n = Number((await sql<{ n: number }>`select cast(count(*) as integer) as n from incidents`.execute(ctx.database.db)).rows[0]?.n ?? 0);
  const years = (await sql<{ year: number }>`select distinct year from incidents where year is not null order by year`.execute(ctx.database.db)).rows.map((r) => Number(r.year));
  const year = (i: number) => years[i % years.length] ?? 2020;
  const staff: Reader = operatorReader('bench');
  const rows: StatsBenchRow[] = [];
  const size = `${n.toLocaleString('en')} incidents`;

  const measure = async (what: string, engine: (i: number) => Promise<unknown>, hand: (i: number) => Promise<unknown>, target: { ms?: number; ratio?: number }) => {
    const [engineTimes, handTimes] = await timedPair(runs, engine, hand);
    const p95 = percentile(engineTimes, 95);
    const ratio = p95 / percentile(handTimes, 95);
    rows.push({ what: `${label}: ${what}, ${size}`, result: `p50 ${percentile(engineTimes, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`, target: target.ms ? `p95 < ${target.ms} ms` : '', ok: target.ms ? p95 < target.ms : null });
    rows.push({ what: `${label}: ${what}, engine p95 / hand-written SQL p95`, result: `${ratio.toFixed(2)} (SQL p95 ${percentile(handTimes, 95).toFixed(1)} ms)`, target: target.ratio ? `≤ ${target.ratio}` : '', ok: target.ratio ? ratio <= target.ratio : null });
  };

  const target = { ms: 100, ratio: 1.5 };
  await measure(
    'acts by region × victim group, one year',
    (i) => adHocTable(ctx, { count: 'acts', rows: 'region', columns: 'victim_group' }, { year: year(i) }, staff, { lang: 'en' }),
    (i) => handActs(ctx, year(i)),
    target,
  );
  await measure(
    'incidents by region × top-level type, one year (an incident under each of its types)',
    (i) => adHocTable(ctx, { count: 'incidents', rows: 'region', columns: 'type:1' }, { year: year(i) }, staff, { lang: 'en' }),
    (i) => handIncidents(ctx, year(i)),
    target,
  );
  // For comparison: the acts table written by hand over the tables as entered, without the stored join.
  const joined = await timed(Math.min(runs, 20), (i) => handActsJoined(ctx, year(i)));
  rows.push({ what: `${label}: the acts table by hand over incidents ⋈ acts (no stored join), ${size}`, result: `p50 ${percentile(joined, 50).toFixed(1)} ms, p95 ${percentile(joined, 95).toFixed(1)} ms`, target: '', ok: null });
  // As the public asks: published, non-confidential records only (the visibility clause added).
  const pub = await timed(runs, (i) => adHocTable(ctx, { count: 'acts', rows: 'region', columns: 'victim_group' }, { year: year(i) }, PUBLIC_READER, { lang: 'en' }));
  rows.push({ what: `${label}: the same acts table as the public sees it, ${size}`, result: `p50 ${percentile(pub, 50).toFixed(1)} ms, p95 ${percentile(pub, 95).toFixed(1)} ms`, target: '', ok: null });
  return rows;
}

async function standalone(): Promise<void> {
  const n = Number(process.env.BENCH_STATS_N ?? 1_000_000);
  const out = join(here, 'out');
  mkdirSync(out, { recursive: true });
  const url = process.env.BENCH_STATS_DATABASE ?? join(out, `stats-${n}.db`);
  // On PostgreSQL, BENCH_STATS_SCHEMA keeps the benchmark's tables in a schema of their own.
  const schema = process.env.BENCH_STATS_SCHEMA;
  if (schema && isPostgresUrl(url)) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema if not exists "${schema.replace(/"/g, '')}"`);
    await admin.end();
  }
  const ctx = await openContext({ ...loadConfig({}), databaseUrl: url }, schema ? { searchPath: schema } : {});
  try {
    const have = Number((await sql<{ n: number }>`select cast(count(*) as integer) as n from incidents`.execute(ctx.database.db)).rows[0]?.n ?? 0);
    if (have < n) {
      const file = join(out, `incidents-${n}.jsonl`);
      if (!existsSync(file)) await writeIncidentFile(file, n);
      console.log(`importing ${n.toLocaleString('en')} incidents into ${url} (it holds ${have.toLocaleString('en')}); this takes a while`);
      const report = await importFile(ctx, file, { actor: 'bench' });
      if (report.errors.length) throw new Error(`benchmark data did not import: ${JSON.stringify(report.errors[0])}`);
    }
    if (ctx.database.sqlite) ctx.database.sqlite.exec('analyze');
    else await sql`analyze`.execute(ctx.database.db);
    for (const r of await statsBenchmark(ctx)) console.log(`${r.ok === false ? '✗' : r.ok ? '✓' : '·'} ${r.what}: ${r.result}${r.target ? ` (target ${r.target})` : ''}`);
  } finally {
    await ctx.database.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await standalone();
