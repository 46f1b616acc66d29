import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { frameworkWithExtraIndicator } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'jsi-asm-cli-'));
// Each call starts the program anew (tsx, migrations): slow on a busy machine.
const SLOW = 300_000;
const env = { ...process.env, DATABASE_URL: join(dir, 'cli.db') };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function jsi(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/jsi.js', ...args], { env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('jsi framework and jsi assessment', () => {
  it('loads framework versions from files, and names the element of a bad one', () => {
    const first = jsi('framework', 'load', 'data/frameworks/jsi-national-2015.json');
    expect(first.code).toBe(0);
    expect(first.out).toContain('jsi-national-2015@1: loaded (70 elements)');
    expect(jsi('framework', 'load', 'data/frameworks/jsi-national-2015.json').out).toContain('already loaded, unchanged');

    const revised = join(dir, 'revised.json');
    writeFileSync(revised, JSON.stringify(frameworkWithExtraIndicator('2')));
    expect(jsi('framework', 'load', revised).out).toContain('jsi-national-2015@2: loaded (71 elements)');

    const broken = JSON.parse(readFileSync(revised, 'utf8'));
    broken.version = '3';
    broken.categories[3].children[4].children[1].label = { en: 'only English' };
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(broken));
    const refused = jsi('framework', 'load', bad);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('categories.3.children.4.children.1.label.ru: element "D.5.ii"');
    expect(jsi('framework', 'list').out.trim().split('\n')).toHaveLength(2);
  }, SLOW);

  it('lists, shows, snapshots and summarises the demo assessment', () => {
    expect(jsi('seed', 'demo').code).toBe(0);
    const list = jsi('assessment', 'list', '--country', 'kz');
    expect(list.code).toBe(0);
    const [line] = list.out.trim().split('\n');
    const [id, country, year, framework] = line!.split('\t');
    // The demo names the framework without a version: the latest loaded, here the revised one.
    expect([country, year, framework]).toEqual(['KZ', '2020', 'jsi-national-2015@2']);

    const show = JSON.parse(jsi('assessment', 'show', id!).out);
    expect(show.items).toHaveLength(71);

    const overview = jsi('assessment', 'overview', id!);
    expect(overview.out).toMatch(/assessed: \d+ of 71 elements/);
    expect(overview.out).toContain('awaiting review: none');

    const snapshot = jsi('assessment', 'snapshot', id!);
    expect(snapshot.out).toMatch(/snap-[0-9a-f-]+: 12 tables of 2020, 65 records, taken /);

    const trends = jsi('assessment', 'trends', '--country', 'KZ');
    expect(trends.out.split('\n')[0]).toBe('element\t2020');
    expect(trends.out).toMatch(/\nA\.1\t\w+/);

    const missing = jsi('assessment', 'overview', 'asm-nope');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('assessment "asm-nope" does not exist');
  }, SLOW);
});
