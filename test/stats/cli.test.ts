import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'jsi-stats-cli-'));
const env = { ...process.env, DATABASE_URL: join(dir, 'stats.db') };

function jsi(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/jsi.js', ...args], { env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('jsi stats on a SQLite file with the demo data', { timeout: 120_000 }, () => {
  beforeAll(() => {
    expect(jsi('seed', 'demo').code).toBe(0);
  }, 120_000);

  it('lists the tables', () => {
    const { code, out } = jsi('stats', '--list');
    expect(code).toBe(0);
    for (const id of ['criminal-charges-by-article', 'threats-by-gender', 'sdg-16-10-1', 'impunity']) expect(out).toContain(id);
  });

  it('prints a table as Markdown, and writes XLSX to a file', () => {
    const { code, out } = jsi('stats', 'criminal-charges-by-article', '--year', '2020', '--format', 'md');
    expect(code).toBe(0);
    expect(out).toContain('# Criminal charges by article of the Criminal Code and victim group');
    expect(out).toMatch(/\| \*\*Total\*\* \| \*\*1\*\* \| \*\*7\*\* \| \*\*3\*\* \| \*\*11\*\* \|/);
    const file = join(dir, 'table.xlsx');
    expect(jsi('stats', 'threats-by-gender', '--year', '2020', '--format', 'xlsx', '--out', file, '--lang', 'kk').code).toBe(0);
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
  });

  it('prints SDG 16.10.1 as CSV in the UN layout', () => {
    const { code, out } = jsi('stats', 'sdg-16-10-1', '--from', '2020-01-01', '--to', '2020-12-31', '--format', 'csv');
    expect(code).toBe(0);
    const [header, total] = out.split('\n');
    expect(header).toMatch(/^\uFEFFGoal,Target,Indicator,SeriesCode,SeriesDescription,GeoAreaCode,GeoAreaName,TimePeriod,Value,Time_Detail/);
    expect(total).toMatch(/,398,Kazakhstan,2020,\d+,2020-01-01\/2020-12-31,/);
  });

  it('runs an ad-hoc query and the impunity figures', () => {
    const q = jsi('stats', 'query', '--count', 'persons', '--rows', 'region', '--columns', 'type:1', '--year', '2020', '--format', 'csv');
    expect(q.code).toBe(0);
    expect(q.out).toContain('Almaty,');
    const imp = jsi('stats', 'impunity', '--year', '2020', '--format', 'json');
    expect(imp.code).toBe(0);
    expect(JSON.parse(imp.out).funnel[0].stage).toBe('incident');
  });

  it('fails clearly on bad arguments', () => {
    const cases: [string[], RegExp][] = [
      [['stats'], /name a table/],
      [['stats', 'no-such-table'], /statistics table "no-such-table" does not exist; `jsi stats --list`/],
      [['stats', 'a1-overview', '--year', 'soon'], /--year/],
      [['stats', 'a1-overview', '--format', 'pdf'], /Allowed choices are json, csv, md, xlsx/],
      [['stats', 'a1-overview', '--compare'], /--compare: .*--year/],
      [['stats', 'sdg-16-10-1', '--from', '2020-01-01', '--to', '2021-06-30', '--format', 'csv'], /--to: the window is longer than twelve months/],
      [['stats', 'sdg-16-10-1', '--format', 'csv'], /--from and --to/],
      [['stats', 'sdg-16-10-1', '--year', '2020', '--format', 'md'], /--format: sdg-16-10-1 is written as csv or json/],
      [['stats', 'query', '--count', 'acts', '--rows', 'colour'], /--rows: unknown dimension "colour"/],
    ];
    for (const [args, message] of cases) {
      const r = jsi(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err, args.join(' ')).toMatch(message);
    }
  });
});
