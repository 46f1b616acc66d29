import { execSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { buildApp, openContext } from '../src/app.js';
import { importFile } from '../src/exchange/import.js';
import { loadConfig } from '../src/platform/config.js';
import type { AppContext } from '../src/platform/context.js';
import { createToken } from '../src/accounts/auth.service.js';
import { readerForUser } from '../src/accounts/authenticate.js';
import { createUser, findUser } from '../src/accounts/users.service.js';
import { operatorReader } from '../src/platform/reader.js';
import { bareInsert } from './baseline.js';
import { dashboardBenchmark } from './dashboard.js';
import { personName, writeIncidentFile } from './generate.js';
import { reportBenchmark } from './report.js';
import { statsBenchmark } from './stats.js';

/**
 * `npm run bench`: import speed against a bare-insert baseline, list and search latency, and the
 * server's memory, on SQLite at BENCH_SQLITE_N incidents (default 1,000,000) and on PostgreSQL at
 * BENCH_PG_N (default 100,000). Results go to the console and to bench/RESULTS.md.
 */

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'out');
const SQLITE_N = Number(process.env.BENCH_SQLITE_N ?? 1_000_000);
const PG_N = Number(process.env.BENCH_PG_N ?? 100_000);
const PG_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);

interface Row {
  readonly what: string;
  readonly result: string;
  readonly target: string;
  readonly ok: boolean | null;
}
const rows: Row[] = [];
const record = (what: string, result: string, target = '', ok: boolean | null = null) => {
  rows.push({ what, result, target, ok });
  console.log(`${ok === false ? '✗' : ok ? '✓' : '·'} ${what}: ${result}${target ? ` (target ${target})` : ''}`);
};

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function dataFile(n: number): Promise<string> {
  mkdirSync(out, { recursive: true });
  const path = join(out, `incidents-${n}.jsonl`);
  if (!existsSync(path)) {
    const t = performance.now();
    await writeIncidentFile(path, n);
    console.log(`generated ${n} incidents (${(statSync(path).size / n).toFixed(0)} bytes each) in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
  return path;
}

async function timedImport(ctx: AppContext, path: string, n: number, label: string): Promise<number> {
  const t = performance.now();
  const report = await importFile(ctx, path, { actor: 'bench' });
  const seconds = (performance.now() - t) / 1000;
  if (report.errors.length) throw new Error(`benchmark data did not import: ${JSON.stringify(report.errors[0])}`);
  const rate = n / seconds;
  record(`${label}: jsi import of ${n.toLocaleString('en')} incidents (validated, indexed for search)`, `${Math.round(rate).toLocaleString('en')} incidents/s (${seconds.toFixed(1)} s)`, '≥ 25,000/s', rate >= 25_000);
  return rate;
}

/**
 * Server time of requests through the whole HTTP stack, as the server reports it in its
 * Server-Timing header (from the request's arrival to the answer handed to the socket).
 */
async function latency(ctx: AppContext, label: string, urls: () => string, target: number) {
  const app = await buildApp(ctx);
  const headers = (await benchToken(ctx)).headers;
  const times: number[] = [];
  for (let i = 0; i < 20; i++) await app.inject({ url: urls(), headers });
  for (let i = 0; i < REQUESTS; i++) {
    const url = urls();
    const res = await app.inject({ url, headers });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    times.push(Number(/dur=([\d.]+)/.exec(String(res.headers['server-timing']))?.[1]));
  }
  await app.close();
  const p95 = percentile(times, 95);
  record(label, `p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`, `p95 < ${target} ms`, p95 < target);
}

/** An editor's API token: lists and searches are measured as staff see them (the widest view). */
async function benchToken(ctx: AppContext) {
  const email = `bench-${Date.now()}@example.test`;
  const { user } = await createUser(ctx, { email, name: 'Benchmark', roles: ['editor'] }, operatorReader('bench'));
  const reader = await readerForUser(ctx.database.db, (await findUser(ctx.database.db, user.id))!, ['editor'], false);
  return { headers: { authorization: `Bearer ${(await createToken(ctx, reader, { name: 'bench' })).token}` } };
}

let seed = 7;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;

async function queryBenchmarks(ctx: AppContext, label: string, n: number) {
  const regions = ctx.profile.regions;
  const types = ['liberty', 'attack', 'prosecution', 'pressure.obstruction', 'media'];
  await latency(ctx, `${label}: list page, two filters (year + region, or year + act type)`, () => {
    const year = 2010 + Math.floor(rand() * 16);
    const valid = regions.filter((r) => (!r.valid_from || r.valid_from <= `${year}-06-30`) && (!r.valid_to || `${year}-06-30` <= r.valid_to));
    return rand() < 0.5 ? `/api/v1/incidents?year=${year}&region=${pick(valid).code}` : `/api/v1/incidents?year=${year}&type=${pick(types)}`;
  }, 20);
  // What people search for: a victim's name, an outlet, a town with a word.
  await latency(ctx, `${label}: full-text search (a victim's name, an outlet, a town and a word)`, () => {
    const k = Math.floor(rand() * Math.min(200_000, n));
    const r = rand();
    const q = r < 0.4 ? personName(k) : r < 0.7 ? `Outlet ${k % 5000}` : `${pick(['Костанай', 'Орал', 'Семей'])} ${pick(['штраф', 'пикет', 'угроз'])}`;
    return `/api/v1/incidents?q=${encodeURIComponent(q)}`;
  }, 50);
}

/** The server as a user runs it, on the benchmark database: its resident memory after some work. */
async function serverMemory(databaseUrl: string, n: number) {
  const port = 18_000 + Math.floor(rand() * 1000);
  const child = spawn(process.execPath, [join(here, '..', 'bin', 'jsi.js'), 'serve', '--no-demo'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1' },
    stdio: 'ignore',
  });
  try {
    let up = false;
    for (let i = 0; i < 120 && !up; i++) {
      await new Promise((r) => setTimeout(r, 500));
      up = await fetch(`http://127.0.0.1:${port}/api/v1/openapi.json`).then((r) => r.ok, () => false);
    }
    if (!up) throw new Error('the server did not start');
    for (let i = 0; i < 200; i++) {
      await fetch(`http://127.0.0.1:${port}/api/v1/incidents?year=${2010 + (i % 16)}&limit=50`).then((r) => r.arrayBuffer());
      await fetch(`http://127.0.0.1:${port}/api/v1/incidents?q=${encodeURIComponent(`Outlet ${i}`)}`).then((r) => r.arrayBuffer());
    }
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    record(`SQLite: server resident memory with ${n.toLocaleString('en')} incidents stored`, `${rss.toFixed(0)} MB`, '< 300 MB', rss < 300);
  } finally {
    child.kill('SIGTERM');
  }
}

/** The statistics engine against hand-written SQL (bench/stats.ts), and the whole dashboard's server time (bench/dashboard.ts). */
async function statisticsBenchmarks(ctx: AppContext) {
  for (const r of [...(await statsBenchmark(ctx)), ...(await dashboardBenchmark(ctx))]) record(r.what, r.result, r.target, r.ok);
}

async function sqliteBench() {
  const path = await dataFile(SQLITE_N);
  const fresh = (name: string) => {
    const file = join(out, `${name}.db`);
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    return file;
  };
  const baseCtx = await openContext({ ...loadConfig({}), databaseUrl: fresh('baseline') });
  const t = performance.now();
  const n = await bareInsert(baseCtx.database.sqlite!, path);
  const bareRate = n / ((performance.now() - t) / 1000);
  await baseCtx.database.close();
  record(`SQLite: bare prepared-insert loop, same rows, no validation`, `${Math.round(bareRate).toLocaleString('en')} incidents/s`);

  const ctx = await openContext({ ...loadConfig({}), databaseUrl: fresh('bench') });
  const rate = await timedImport(ctx, path, SQLITE_N, 'SQLite');
  const ratio = rate / bareRate;
  record('SQLite: import speed / bare-insert speed', ratio.toFixed(2), '≥ 0.5', ratio >= 0.5);
  await queryBenchmarks(ctx, 'SQLite', SQLITE_N);
  await statisticsBenchmarks(ctx);
  for (const r of await reportBenchmark()) record(r.what, r.result, r.target, r.ok);
  await ctx.database.close();
  await serverMemory(join(out, 'bench.db'), SQLITE_N);
}

async function postgresBench() {
  const path = await dataFile(PG_N);
  const schema = `bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  try {
    const ctx = await openContext({ ...loadConfig({}), databaseUrl: PG_URL }, { searchPath: schema });
    await timedImport(ctx, path, PG_N, 'PostgreSQL');
    await queryBenchmarks(ctx, 'PostgreSQL', PG_N);
    await statisticsBenchmarks(ctx);
    await ctx.database.close();
  } finally {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}

function writeResults() {
  const date = new Date().toISOString().slice(0, 10);
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${date}: Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB.`,
    `SQLite at ${SQLITE_N.toLocaleString('en')} synthetic incidents, PostgreSQL at ${PG_N.toLocaleString('en')} (bench/generate.ts: one to three acts, recurring victims,`,
    'texts in Russian, Kazakh and English, a legal case on one incident in five). Latencies are server time through the HTTP stack, over',
    `${REQUESTS} requests after a warm-up. The machine is shared and noisy: compare ratios between runs rather than single times.`,
    '',
    '| measure | result | target | met |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.what} | ${r.result} | ${r.target} | ${r.ok === null ? '' : r.ok ? 'yes' : '**no**'} |`),
    '',
  ];
  const notes = join(here, 'NOTES.md');
  if (existsSync(notes)) lines.push(readFileSync(notes, 'utf8'));
  writeFileSync(join(here, 'RESULTS.md'), lines.join('\n'));
}

/** What the public pages make a visitor download on first load, gzipped. */
function webBundle() {
  execSync('node scripts/ensure-web-build.mjs', { cwd: join(here, '..'), stdio: 'inherit' });
  const dist = join(here, '..', 'web', 'dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  const bytes = (ext: string) => assets.filter((a) => a.endsWith(ext)).reduce((sum, a) => sum + gzipSync(readFileSync(join(dist, a))).length, 0);
  const js = bytes('.js') / 1024;
  record('Public pages: JavaScript on first load, gzipped', `${js.toFixed(0)} KB (+ ${(bytes('.css') / 1024).toFixed(1)} KB CSS)`, '< 250 KB', js < 250);
}

const only = process.env.BENCH_ONLY;
if (!only || only === 'web') webBundle();
if (!only || only === 'sqlite') await sqliteBench();
if (!only || only === 'postgres') await postgresBench();
writeResults();
console.log('written to bench/RESULTS.md');
