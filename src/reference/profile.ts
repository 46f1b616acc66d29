import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { LANGUAGES } from './vocabulary.js';

/**
 * A country profile: the taxonomy, its framework mappings, the gazetteer, the legal codes and the
 * other lists that differ by country. It is data under `data/profiles/<name>/`; a new country is a
 * new folder, not new code.
 */

const labels = z.object(Object.fromEntries(LANGUAGES.map((l) => [l, z.string().min(1)])) as Record<
  (typeof LANGUAGES)[number],
  z.ZodString
>);
const appliesTo = z.enum(['person', 'organisation']);

const profileFiles = {
  'profile.json': z.object({
    country: z.string().length(2),
    name: labels,
    languages: z.array(z.enum(LANGUAGES)).min(1),
    default_language: z.enum(LANGUAGES),
    timezone: z.string(),
  }),
  'taxonomy.json': z.object({
    version: z.string(),
    types: z.array(
      z.object({ code: z.string(), parent: z.string().nullable(), labels, applies_to: z.array(appliesTo).min(1) }),
    ),
  }),
  'victim-groups.json': z.object({
    groups: z.array(z.object({ code: z.string(), applies_to: appliesTo, labels, sdg_16_10_1: z.string().nullable() })),
  }),
  'perpetrator-types.json': z.object({
    types: z.array(z.object({ code: z.string(), state: z.boolean().nullable(), labels })),
  }),
  'context-tags.json': z.object({ tags: z.array(z.object({ code: z.string(), labels })) }),
  'gazetteer.json': z.object({
    country: z.string(),
    regions: z.array(
      z.object({
        code: z.string(),
        kind: z.enum(['region', 'city']),
        labels,
        valid_from: z.string().nullable(),
        valid_to: z.string().nullable(),
        predecessors: z.array(z.string()).default([]),
      }),
    ),
  }),
  'legal-codes.json': z.object({
    books: z.array(z.object({ code: z.string(), labels })),
    articles: z.array(
      z.object({
        code: z.string(),
        book: z.string(),
        article: z.string(),
        part: z.string().nullable(),
        clause: z.string().nullable(),
        labels,
      }),
    ),
  }),
  'mappings.json': z.object({
    frameworks: z.array(
      z.object({ id: z.string(), name: labels, categories: z.array(z.object({ code: z.string(), labels })) }),
    ),
    rules: z.array(
      z.object({
        framework: z.string(),
        category: z.string(),
        act_types: z.array(z.string()),
        victim_applies_to: appliesTo.nullable().optional(),
      }),
    ),
  }),
} as const;

type Files = { [K in keyof typeof profileFiles]: z.output<(typeof profileFiles)[K]> };

export type Region = Files['gazetteer.json']['regions'][number];

export interface Profile {
  readonly name: string;
  readonly settings: Files['profile.json'];
  readonly taxonomy: Files['taxonomy.json'];
  readonly victimGroups: Files['victim-groups.json']['groups'];
  readonly perpetratorTypes: Files['perpetrator-types.json']['types'];
  readonly contextTags: Files['context-tags.json']['tags'];
  readonly regions: readonly Region[];
  readonly legalCodes: Files['legal-codes.json'];
  readonly mappings: Files['mappings.json'];
  readonly codes: {
    readonly actTypes: ReadonlySet<string>;
    readonly victimGroups: ReadonlyMap<string, 'person' | 'organisation'>;
    readonly perpetratorTypes: ReadonlySet<string>;
    readonly contextTags: ReadonlySet<string>;
    readonly regions: ReadonlyMap<string, Region>;
    readonly articles: ReadonlySet<string>;
  };
}

export const PROFILES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'profiles');

function readProfileFile<K extends keyof Files>(dir: string, file: K): Files[K] {
  const path = join(dir, file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`country profile file ${file}: ${(error as Error).message}`);
  }
  const parsed = profileFiles[file].safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`country profile file ${file}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data as Files[K];
}

const cache = new Map<string, Profile>();

/** Loads and checks a profile once per process; a broken profile stops the start with its file named. */
export function loadProfile(name: string, dir = join(PROFILES_DIR, name)): Profile {
  const cached = cache.get(dir);
  if (cached) return cached;
  const taxonomy = readProfileFile(dir, 'taxonomy.json');
  const groups = readProfileFile(dir, 'victim-groups.json').groups;
  const perpetratorTypes = readProfileFile(dir, 'perpetrator-types.json').types;
  const contextTags = readProfileFile(dir, 'context-tags.json').tags;
  const regions = readProfileFile(dir, 'gazetteer.json').regions;
  const legalCodes = readProfileFile(dir, 'legal-codes.json');
  const profile: Profile = {
    name,
    settings: readProfileFile(dir, 'profile.json'),
    taxonomy,
    victimGroups: groups,
    perpetratorTypes,
    contextTags,
    regions,
    legalCodes,
    mappings: readProfileFile(dir, 'mappings.json'),
    codes: {
      actTypes: new Set(taxonomy.types.map((t) => t.code)),
      victimGroups: new Map(groups.map((g) => [g.code, g.applies_to])),
      perpetratorTypes: new Set(perpetratorTypes.map((t) => t.code)),
      contextTags: new Set(contextTags.map((t) => t.code)),
      regions: new Map(regions.map((r) => [r.code, r])),
      articles: new Set(legalCodes.articles.map((a) => a.code)),
    },
  };
  cache.set(dir, profile);
  return profile;
}

/** True when a region existed on the given ISO date (a 2020 incident must use a 2020 region). */
export function regionValidOn(region: Region, isoDate: string): boolean {
  return (!region.valid_from || region.valid_from <= isoDate) && (!region.valid_to || isoDate <= region.valid_to);
}
