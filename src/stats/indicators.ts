import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PROFILES_DIR, type Profile } from '../reference/profile.js';
import { labelsSchema } from './definition.schema.js';

/**
 * What the indicators take from the country profile (`data/profiles/<country>/indicators/`): the
 * SDG 16.10.1 export's fixed columns and code lists, and which crimes the impunity figures follow.
 * Each file carries its methodology in the three languages.
 */

const codeMap = z.record(z.string(), z.string().min(1));

export const sdgConfigSchema = z.object({
  indicator: z.string(),
  goal: z.string(),
  target: z.string(),
  geo_area_code: z.string(),
  geo_area_name: z.string(),
  series_code: z.string(),
  series_description: z.string(),
  nature: z.string(),
  units: z.string(),
  reporting_type: z.string(),
  source: z.string(),
  codes: z.object({
    total: z.string(),
    sex: z.object({ female: z.string(), male: z.string(), other: z.string(), unknown: z.string(), total: z.string() }),
    occupation: codeMap,
    violation: codeMap,
    perpetrator: z.object({ state: z.string(), non_state: z.string(), unknown: z.string() }),
  }),
  /** When a person is recorded in two groups, the group they are counted under. */
  group_precedence: z.array(z.string()).min(1),
  methodology: labelsSchema,
});
export type SdgConfig = z.output<typeof sdgConfigSchema>;

export const impunityConfigSchema = z.object({
  /** Act types (any level) that are crimes against the victim. */
  crime_types: z.array(z.string()).min(1),
  victim_groups: z.array(z.string()).min(1),
  methodology: labelsSchema,
});
export type ImpunityConfig = z.output<typeof impunityConfigSchema>;

const cache = new Map<string, unknown>();

function read<T>(profile: Profile, file: string, schema: z.ZodType<T>): T {
  const path = join(PROFILES_DIR, profile.name, 'indicators', file);
  const cached = cache.get(path);
  if (cached) return cached as T;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`indicator file ${file}: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`indicator file ${file}: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  cache.set(path, parsed.data);
  return parsed.data;
}

export const sdgConfig = (profile: Profile) => read(profile, 'sdg-16-10-1.json', sdgConfigSchema);
export const impunityConfig = (profile: Profile) => read(profile, 'impunity.json', impunityConfigSchema);
