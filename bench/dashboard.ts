import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openContext } from '../src/app.js';
import { importFile } from '../src/exchange/import.js';
import { loadConfig } from '../src/platform/config.js';
import type { AppContext } from '../src/platform/context.js';
import { operatorReader, PUBLIC_READER, type Reader } from '../src/platform/reader.js';
import { chartSvg } from '../src/stats/charts/chart-svg.js';
import { computeDashboard } from '../src/stats/dashboard.js';
import { mapSvg } from '../src/stats/map/map-svg.js';
import { writeIncidentFile } from './generate.js';
import type { StatsBenchRow } from './stats.js';

/**
 * The statistics dashboard's server time: the six charts and both views of the map for one year
 * (what `GET /api/v1/stats/dashboard` computes), as the public and as staff see it, and the same
 * with every chart and map drawn to SVG (what a report embeds, for information). Target: under 500 ms at the sizes
 * `npm run bench` uses (1,000,000 incidents on SQLite, 100,000 on PostgreSQL).
 *
 * `npx tsx bench/dashboard.ts` runs it alone on a SQLite file of BENCH_DASHBOARD_N generated
 * incidents (default 20,000) in bench/out; BENCH_DASHBOARD_RUNS sets the measured runs (default 10).
 */

const here = dirname(fileURLToPath(import.meta.url));

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function dashboardBenchmark(ctx: AppContext, options: { label?: string; runs?: number } = {}): Promise<StatsBenchRow[]> {
  const label = options.label ?? (ctx.database.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL');
  const runs = options.runs ?? Number(process.env.BENCH_DASHBOARD_RUNS ?? 10);
  const n = Number((await sql<{ n: number }>`select cast(count(*) as integer) as n from incidents`.execute(ctx.database.db)).rows[0]?.n ?? 0);
  const years = (await sql<{ year: number }>`select distinct year from incidents where year is not null order by year`.execute(ctx.database.db)).rows.map((r) => Number(r.year));
  const year = (i: number) => years[i % years.length] ?? 2020;
  const target = 500;
  const rows: StatsBenchRow[] = [];
  const measure = async (what: string, body: (i: number) => Promise<unknown>, limit: number | null = target) => {
    await body(0);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await body(i + 1);
      times.push(performance.now() - t);
    }
    const p95 = percentile(times, 95);
    rows.push({ what: `${label}: ${what}, ${n.toLocaleString('en')} incidents`, result: `p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms`, target: limit ? `p95 < ${limit} ms` : '', ok: limit ? p95 < limit : null });
  };
  const staff: Reader = operatorReader('bench');
  await measure('dashboard (six charts and the map, one year) as the public sees it', (i) => computeDashboard(ctx, year(i), PUBLIC_READER, 'ru'));
  await measure('dashboard as staff see it', (i) => computeDashboard(ctx, year(i), staff, 'ru'));
  await measure('dashboard as staff see it, every chart and both maps drawn to SVG', async (i) => {
    const d = await computeDashboard(ctx, year(i), staff, 'kk');
    for (const c of d.charts) await chartSvg(c);
    mapSvg(d.maps.choropleth);
    mapSvg(d.maps.grid);
  }, null);
  return rows;
}

async function standalone(): Promise<void> {
  const n = Number(process.env.BENCH_DASHBOARD_N ?? 20_000);
  const out = join(here, 'out');
  mkdirSync(out, { recursive: true });
  const ctx = await openContext({ ...loadConfig({}), databaseUrl: join(out, `dashboard-${n}.db`) });
  try {
    const have = Number((await sql<{ n: number }>`select cast(count(*) as integer) as n from incidents`.execute(ctx.database.db)).rows[0]?.n ?? 0);
    if (have < n) {
      const file = join(out, `dashboard-incidents-${n}.jsonl`);
      await writeIncidentFile(file, n);
      const report = await importFile(ctx, file, { actor: 'bench' });
      if (report.errors.length) throw new Error(`benchmark data did not import: ${JSON.stringify(report.errors[0])}`);
      ctx.database.sqlite?.exec('analyze');
    }
    for (const r of await dashboardBenchmark(ctx)) console.log(`${r.ok === false ? '✗' : r.ok ? '✓' : '·'} ${r.what}: ${r.result} (target ${r.target})`);
  } finally {
    await ctx.database.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await standalone();
