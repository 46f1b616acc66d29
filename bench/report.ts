import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openContext } from '../src/app.js';
import { findAssessmentId, renderReport } from '../src/assessments/report/report.service.js';
import { takeSnapshot } from '../src/assessments/snapshot.service.js';
import { loadDemo } from '../src/cli/database.command.js';
import { importFile } from '../src/exchange/import.js';
import { loadConfig } from '../src/platform/config.js';
import { operatorReader } from '../src/platform/reader.js';
import { loadProfile, regionValidOn } from '../src/reference/profile.js';
import { makeGenerator } from './generate.js';
import type { StatsBenchRow } from './stats.js';

/**
 * The national report of a year with BENCH_REPORT_N incidents (default 10,000): the demo
 * assessment, its year filled with generated incidents, a fresh snapshot, then the report as HTML
 * (target under 2 s) and as PDF (under 15 s), each timed from the database to the finished file.
 *
 * `npx tsx bench/report.ts` runs it alone on a SQLite file in bench/out; `bench/run.ts` calls
 * `reportBenchmark()`.
 */

const here = dirname(fileURLToPath(import.meta.url));

async function yearFile(path: string, n: number, year: number): Promise<void> {
  const next = makeGenerator(7);
  const regions = loadProfile('kz').codes.regions;
  const out = createWriteStream(path);
  for (let i = 0, written = 0; written < n; i++) {
    const doc = next(i);
    // Every generated incident falls in the report's year, published, so the snapshot counts it;
    // those placed in regions that did not exist that year are left out.
    const date = typeof doc.date === 'string' ? `${year}${doc.date.slice(4)}` : `${year}-06-15`;
    const region = doc.region ? regions.get(doc.region) : undefined;
    if (doc.region && (!region || !regionValidOn(region, `${year}-12-31`) || !regionValidOn(region, `${year}-01-01`))) continue;
    const line = JSON.stringify({ ...doc, id: `bench-report-${written++}`, date, status: 'published', confidential: false });
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

export async function reportBenchmark(n = Number(process.env.BENCH_REPORT_N ?? 10_000)): Promise<StatsBenchRow[]> {
  const dir = join(here, 'out');
  mkdirSync(dir, { recursive: true });
  const db = join(dir, 'report-bench.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
  const ctx = await openContext({ ...loadConfig({}), databaseUrl: db });
  try {
    await loadDemo(ctx);
    const file = join(dir, `report-year-${n}.jsonl`);
    await yearFile(file, n, 2020);
    const report = await importFile(ctx, file, { actor: 'bench' });
    if (report.errors.length) throw new Error(`benchmark data did not import: ${JSON.stringify(report.errors[0])}`);
    const id = await findAssessmentId(ctx, 'KZ', 2020);
    const snapshot = await takeSnapshot(ctx, id, operatorReader('bench'));
    const rows: StatsBenchRow[] = [];
    // The first render of a process also loads the chart library (about a second); later ones do not.
    for (const [format, limit, note] of [['html', 2000, ', first in the process'], ['html', 2000, ''], ['pdf', 15_000, '']] as const) {
      const t = performance.now();
      const out = await renderReport(ctx, id, 'ru', format);
      const ms = performance.now() - t;
      rows.push({
        what: `SQLite: national report as ${format.toUpperCase()} (Russian${note}), a year of ${snapshot.record_count.toLocaleString('en')} incidents (${(out.bytes.length / 1024).toFixed(0)} KB)`,
        result: `${(ms / 1000).toFixed(2)} s`,
        target: `< ${limit / 1000} s`,
        ok: ms < limit,
      });
    }
    return rows;
  } finally {
    await ctx.database.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const r of await reportBenchmark()) console.log(`${r.ok === false ? '✗' : '✓'} ${r.what}: ${r.result} (target ${r.target})`);
}
