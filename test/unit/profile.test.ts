import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadProfile, PROFILES_DIR, regionValidOn } from '../../src/reference/profile.js';

describe.each(readdirSync(PROFILES_DIR))('country profile %s', (name) => {
  const profile = loadProfile(name);

  it('has a parent for every nested act type, listed before it', () => {
    const seen = new Set<string>();
    for (const t of profile.taxonomy.types) {
      if (t.parent) {
        expect(seen.has(t.parent), `${t.code} before its parent ${t.parent}`).toBe(true);
        expect(t.code.startsWith(`${t.parent}.`)).toBe(true);
      }
      seen.add(t.code);
    }
  });

  it('maps every mapping rule to act types and categories that exist', () => {
    const categories = new Map(profile.mappings.frameworks.map((f) => [f.id, new Set(f.categories.map((c) => c.code))]));
    for (const rule of profile.mappings.rules) {
      expect(categories.get(rule.framework)?.has(rule.category), `${rule.framework}/${rule.category}`).toBe(true);
      for (const t of rule.act_types) expect(profile.codes.actTypes.has(t), t).toBe(true);
    }
  });

  it('covers the frameworks the product reports in', () => {
    expect(profile.mappings.frameworks.map((f) => f.id).sort()).toEqual(['coe', 'cpj', 'jfj', 'sdg_16_10_1', 'seed_a1']);
  });

  it('resolves every date to exactly one layout of regions', () => {
    const on = (date: string) => profile.regions.filter((r) => regionValidOn(r, date)).length;
    if (name === 'kz') {
      expect(on('2020-06-01')).toBe(17);
      expect(on('2024-06-01')).toBe(20);
    }
    for (const r of profile.regions) expect(r.labels.kk.length).toBeGreaterThan(0);
  });

  it('gives every legal article a book that exists and a parent for every part', () => {
    const books = new Set(profile.legalCodes.books.map((b) => b.code));
    for (const a of profile.legalCodes.articles) {
      expect(books.has(a.book), a.code).toBe(true);
      const parent = a.code.includes('.') ? a.code.slice(0, a.code.lastIndexOf('.')) : undefined;
      if (parent) expect(profile.codes.articles.has(parent), `${a.code} needs ${parent}`).toBe(true);
    }
  });
});
