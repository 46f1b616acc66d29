import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const LANGS = ['en', 'ru', 'kk'] as const;
type Tree = { [key: string]: string | Tree };
const load = (lang: string) => JSON.parse(readFileSync(new URL(`../../web/locales/${lang}.json`, import.meta.url), 'utf8')) as Tree;
const flatten = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : flatten(v, `${prefix}${k}.`)));
const PLURAL = /_(zero|one|two|few|many|other)$/;

describe('translations of the web application', () => {
  const keys = Object.fromEntries(LANGS.map((l) => [l, flatten(load(l))]));

  it('have every key in every language', () => {
    const base = (k: string) => k.replace(PLURAL, '');
    const all = new Set(LANGS.flatMap((l) => keys[l]!.map(base)));
    for (const lang of LANGS) {
      const mine = new Set(keys[lang]!.map(base));
      expect([...all].filter((k) => !mine.has(k)), `missing in ${lang}`).toEqual([]);
    }
  });

  it('have every plural form each language needs (Russian one/few/many/other)', () => {
    for (const lang of LANGS) {
      const forms = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      const plurals = new Set(keys[lang]!.filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
      for (const key of plurals) {
        for (const form of forms) expect(keys[lang], `${lang}: ${key}_${form}`).toContain(`${key}_${form}`);
      }
    }
  });

  it('leave no text empty', () => {
    for (const lang of LANGS) {
      const tree = load(lang);
      const empty = flatten(tree).filter((k) => !k.split('.').reduce<Tree | string>((t, p) => (t as Tree)[p]!, tree));
      expect(empty, lang).toEqual([]);
    }
  });
});
