import { z } from 'zod';
import { STATUSES } from '../reference/vocabulary.js';

/**
 * The shape of a statistics table: what is counted, along which dimensions, over which records.
 * The seed's tables are files of this shape in `data/profiles/<country>/tables/`; an ad-hoc query
 * (`GET /stats/query`) builds the same shape from its parameters.
 */

export const COUNT_UNITS = ['incidents', 'acts', 'persons', 'charges'] as const;
export type CountUnit = (typeof COUNT_UNITS)[number];

export const DIMENSIONS = [
  'year',
  'quarter',
  'month',
  'region',
  'type',
  'victim_kind',
  'victim_group',
  'gender',
  'perpetrator_type',
  'article',
  'proceeding',
  'stage',
  'outcome',
  'status',
  'context',
] as const;
export type DimensionId = (typeof DIMENSIONS)[number];

export const SHARE_BASES = ['total', 'row', 'column'] as const;

const code = z.string().regex(/^[A-Za-z0-9._-]{1,80}$/, 'not a valid code');
export const labelsSchema = z.object({ en: z.string().min(1), ru: z.string().min(1), kk: z.string().min(1) });

/** A named group of stored codes (`values` match at any level below them, as filters do). */
export const categorySchema = z.object({
  code,
  labels: labelsSchema,
  values: z.array(code).min(1),
  /** Only acts whose victim is a person (or an organisation) fall in this category. */
  victim_kind: z.enum(['person', 'organisation']).optional(),
});
export type Category = z.output<typeof categorySchema>;

export const dimensionSpecSchema = z
  .object({
    dimension: z.enum(DIMENSIONS),
    /** A level of a hierarchy: act types (1 = top), articles (1 = code book, 2 = article, 3 = part, 4 = clause). */
    level: z.number().int().min(1).max(4).optional(),
    /** A mapping from the profile: a framework of mappings.json for types, `sdg_16_10_1` for victim groups, `state` for perpetrators. */
    framework: code.optional(),
    categories: z.array(categorySchema).min(1).optional(),
    /** Show values outside the categories as "Other" (false: leave those records out of the table). */
    other: z.boolean().default(true),
    /** Show records without a value (no region, no charge…) as "Not recorded" (false: leave them out). */
    none: z.boolean().default(true),
  })
  .refine((d) => [d.level, d.framework, d.categories].filter((x) => x !== undefined).length <= 1, {
    message: 'give at most one of level, framework and categories',
  });
export type DimensionSpec = z.output<typeof dimensionSpecSchema>;

/** A fact the seed prints, for comparison: a cell (row and column codes), a row or column total, or the grand total. */
export const seedFactSchema = z.object({
  row: z.string().optional(),
  column: z.string().optional(),
  value: z.number().int().min(0),
  line: z.number().int().positive(),
});

export const tableDefinitionSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,60}$/, 'lower-case letters, digits and dashes'),
  version: z.string().min(1),
  section: z.string().optional(),
  title: labelsSchema,
  methodology: labelsSchema,
  count: z.enum(COUNT_UNITS),
  /** Which verification statuses count; verified and published unless the table says otherwise. */
  statuses: z.array(z.enum(STATUSES)).min(1).default(['verified', 'published']),
  /** Filters in the words of the incident list (`type`, `victim_group`…), as a query string has them. */
  filters: z.record(z.string(), z.string()).default({}),
  /** Keeps only records whose value of a dimension is one of these codes (any level below them). */
  restrict: z.partialRecord(z.enum(DIMENSIONS), z.array(code).min(1)).default({}),
  rows: z.array(dimensionSpecSchema).min(1).max(3),
  columns: z.array(dimensionSpecSchema).max(2).default([]),
  shares: z.enum(SHARE_BASES).default('total'),
  seed: z
    .object({
      lines: z.array(z.number().int().positive()).min(1),
      printed: z.array(seedFactSchema).default([]),
      /** Why our records cannot give the seed's figure, where we know it. */
      differences: labelsSchema.optional(),
    })
    .optional(),
});
export type TableDefinition = z.output<typeof tableDefinitionSchema>;
export type TableDefinitionInput = z.input<typeof tableDefinitionSchema>;
