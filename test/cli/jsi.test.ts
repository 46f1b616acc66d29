import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { incidentDoc } from '../support/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'jsi-cli-'));
const env = { ...process.env, DATABASE_URL: join(dir, 'cli.db') };

function jsi(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/jsi.js', ...args], { env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the jsi command line', () => {
  it('lists its commands', () => {
    const { code, out } = jsi('--help');
    expect(code).toBe(0);
    for (const c of ['serve', 'migrate', 'import', 'export', 'seed']) expect(out).toContain(c);
  });

  it('imports, refuses a bad file naming the row, and exports with filters', () => {
    const good = join(dir, 'good.jsonl');
    writeFileSync(good, [incidentDoc({ id: 'CLI-1', date: '2020-01-05' }), incidentDoc({ id: 'CLI-2', date: '2021-01-05' })].map((d) => JSON.stringify(d)).join('\n'));
    const dry = jsi('import', good, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('dry run, nothing written: 2 records: 2 new');
    expect(jsi('import', good).out).toContain('imported 2 records: 2 new');
    expect(jsi('import', good).out).toContain('2 unchanged');

    const bad = join(dir, 'bad.jsonl');
    const broken = incidentDoc({ id: 'CLI-3' });
    broken.acts[0]!.type = 'nonsense';
    writeFileSync(bad, [incidentDoc({ id: 'CLI-4' }), broken].map((d) => JSON.stringify(d)).join('\n'));
    const refused = jsi('import', bad);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('line 2 (CLI-3): acts.0.type: unknown act type "nonsense"');
    expect(refused.err).toContain('nothing was written');

    const out = join(dir, 'out.jsonl');
    expect(jsi('export', '--year', '2020', '--out', out).code).toBe(0);
    const ids = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l).id);
    expect(ids).toEqual(['CLI-1']);
  });

  it('refuses a ZIP bomb, an empty file and a semicolon CSV with a message and exit code 1', async () => {
    const { strToU8, zipSync } = await import('fflate');
    const bomb = join(dir, 'bomb.zip');
    writeFileSync(bomb, zipSync({ 'incidents.csv': strToU8('id\n'), 'padding.txt': new Uint8Array(32 * 1024 ** 2) }, { level: 9 }));
    const refused = jsi('import', bomb);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('refused: the archive unpacks to more than 40 times its own size');
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    const none = jsi('import', empty);
    expect(none.code).toBe(1);
    expect(none.err).toContain('no records');
    const semicolons = join(dir, 'semicolons.zip');
    writeFileSync(semicolons, zipSync({ 'incidents.csv': strToU8('id;status;date\nX-1;received;2020\n') }));
    const dialect = jsi('import', semicolons);
    expect(dialect.code).toBe(1);
    expect(dialect.err).toContain('line 1: incidents.csv: the columns are separated by ";"');
  });

  it('fails clearly on bad arguments', () => {
    const year = jsi('export', '--year', 'soon');
    expect(year.code).toBe(1);
    expect(year.err).toContain('--year');
    expect(jsi('export', '--format', 'pdf').err).toMatch(/Allowed choices are jsonl, csv, xlsx/);
    expect(jsi('import', join(dir, 'missing.jsonl')).err).toContain('cannot read');
    expect(jsi('seed', 'everything').err).toContain('unknown dataset "everything"');
    expect(jsi('export', '--nonsense').code).not.toBe(0);
  });
});
