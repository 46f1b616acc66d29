import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { incidentFilterSchema } from '../incidents/incident.filters.js';
import { PROFILES_DIR, type Profile } from '../reference/profile.js';
import { type DimensionId, type DimensionSpec, type TableDefinition, tableDefinitionSchema } from './definition.schema.js';
import { articleHierarchy, typeHierarchy } from './hierarchy.js';
import { VALUE_LABELS } from './labels.js';

/**
 * The named, versioned tables of a country profile (`data/profiles/<country>/tables/*.json`),
 * read and checked once per process: a table naming a code the profile does not have stops the
 * start with the file and the code named, as a broken profile does.
 */

const cache = new Map<string, ReadonlyMap<string, TableDefinition>>();

/** The id of a table asked for ad hoc; it and the indicators' names are not table ids. */
export const AD_HOC_ID = 'query';
const RESERVED_IDS = new Set([AD_HOC_ID, 'sdg-16-10-1', 'impunity']);

/** A table's own filters: the incident filters, nothing else. Built once: zod compiles a schema on its first use. */
export const tableFiltersSchema = incidentFilterSchema.strict();

/** The codes a dimension's categories and restrictions may name, from the profile. */
function knownCodes(dimension: DimensionId, profile: Profile): ReadonlySet<string> | undefined {
  switch (dimension) {
    case 'type':
      return new Set(typeHierarchy(profile).codes);
    case 'article':
      return new Set(articleHierarchy(profile).codes);
    case 'victim_group':
      return new Set(profile.codes.victimGroups.keys());
    case 'perpetrator_type':
      return profile.codes.perpetratorTypes;
    case 'context':
      return profile.codes.contextTags;
    case 'region':
      return new Set(profile.codes.regions.keys());
    case 'gender':
    case 'victim_kind':
    case 'proceeding':
    case 'stage':
    case 'outcome':
    case 'status':
      return new Set(Object.keys(VALUE_LABELS[dimension] ?? {}));
    default:
      return undefined;
  }
}

function checkCodes(dimension: DimensionId, codes: readonly string[], profile: Profile, where: string): void {
  const known = knownCodes(dimension, profile);
  if (!known) return;
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length) throw new Error(`${where}: unknown ${dimension} code(s) ${unknown.map((c) => `"${c}"`).join(', ')}`);
}

/** Checks a table against the profile: codes, frameworks and filters. Throws naming the problem. */
export function checkDefinition(def: TableDefinition, profile: Profile, where: string): void {
  const parsed = tableFiltersSchema.safeParse(def.filters);
  if (!parsed.success) throw new Error(`${where}: filters.${String(parsed.error.issues[0]?.path[0])}: ${parsed.error.issues[0]?.message}`);
  const specs: DimensionSpec[] = [...def.rows, ...def.columns];
  specs.forEach((spec) => {
    for (const c of spec.categories ?? []) checkCodes(spec.dimension, c.values, profile, `${where}: ${spec.dimension} category "${c.code}"`);
    if (spec.framework && spec.dimension === 'type' && !profile.mappings.frameworks.some((f) => f.id === spec.framework)) {
      throw new Error(`${where}: no framework "${spec.framework}" in mappings.json`);
    }
    if (spec.level && spec.dimension !== 'type' && spec.dimension !== 'article') throw new Error(`${where}: ${spec.dimension} has no levels`);
  });
  for (const [dim, codes] of Object.entries(def.restrict) as [DimensionId, string[]][]) checkCodes(dim, codes, profile, `${where}: restrict.${dim}`);
}

export function loadTableDefinitions(profile: Profile, dir = join(PROFILES_DIR, profile.name, 'tables')): ReadonlyMap<string, TableDefinition> {
  const cached = cache.get(dir);
  if (cached) return cached;
  const tables = new Map<string, TableDefinition>();
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch {
    // A profile without tables has no named tables; ad-hoc queries still work.
  }
  for (const file of files) {
    const where = `statistics table ${file}`;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`);
    }
    const parsed = tableDefinitionSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${where}: ${issue?.path.join('.')}: ${issue?.message}`);
    }
    checkDefinition(parsed.data, profile, where);
    if (RESERVED_IDS.has(parsed.data.id)) throw new Error(`${where}: the id "${parsed.data.id}" is reserved`);
    if (tables.has(parsed.data.id)) throw new Error(`${where}: the id "${parsed.data.id}" is used twice`);
    tables.set(parsed.data.id, parsed.data);
  }
  cache.set(dir, tables);
  return tables;
}
