import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const LANGS = ['en', 'ru', 'kk'] as const;
type Tree = { [key: string]: string | Tree };
const folder = (lang: string) => new URL(`../../web/locales/${lang}/`, import.meta.url);
const areas = (lang: string) => readdirSync(folder(lang)).filter((f) => f.endsWith('.json')).sort();
const read = (lang: string, file: string) => JSON.parse(readFileSync(new URL(file, folder(lang)), 'utf8')) as Tree;
/** The application merges a language's files at the top level, as web/src/i18n.ts does. */
const load = (lang: string): Tree => Object.assign({}, ...areas(lang).map((f) => read(lang, f))) as Tree;
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

  it('come in the same files in every language, each file owning its own top-level keys', () => {
    for (const lang of LANGS) expect(areas(lang), lang).toEqual(areas('en'));
    for (const lang of LANGS) {
      const owner = new Map<string, string>();
      for (const file of areas(lang)) {
        for (const key of Object.keys(read(lang, file))) {
          expect(owner.get(key), `${lang}: "${key}" is defined in ${owner.get(key)} and ${file}`).toBeUndefined();
          owner.set(key, file);
        }
      }
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
