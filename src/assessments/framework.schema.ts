import { z } from 'zod';

/**
 * A framework file (`data/frameworks/*.json`): one version of an assessment framework such as the
 * UNESCO Journalists' Safety Indicators, as a tree of categories, indicators and sub-indicators.
 * Ids are the framework's own numbering (A, A.1, B.3.iv…); labels are short names in each
 * language. A revised framework is a new file with a new `version`, loaded without code changes.
 */

const label = z.object({ en: z.string().trim().min(1).max(300), ru: z.string().trim().min(1).max(300), kk: z.string().trim().min(1).max(300) });

export const ELEMENT_LEVELS = ['category', 'indicator', 'sub_indicator'] as const;
export type ElementLevel = (typeof ELEMENT_LEVELS)[number];

/** A statement of the source that reads like a means of verification but is not a framework item: a note, never judged. */
const inferredMeans = z.object({ id: z.string().min(1).max(40), seed_line: z.number().int().positive(), inferred: z.literal(true) });

export interface FrameworkElement {
  readonly id: string;
  readonly level: ElementLevel;
  readonly label: { readonly en: string; readonly ru: string; readonly kk: string };
  readonly seed_lines: readonly number[];
  /** True when the element itself is our inference rather than an item seen in a source. */
  readonly inferred: boolean;
  /** True when the element was checked against the framework owner's own text. */
  readonly wording_verified: boolean;
  /** True when the source printed the item without a number and the id was given by us. */
  readonly id_assigned?: boolean;
  readonly letter_2013?: string;
  readonly inferred_means?: readonly z.infer<typeof inferredMeans>[];
  readonly children?: readonly FrameworkElement[];
}

export const frameworkElementSchema: z.ZodType<FrameworkElement> = z.lazy(() =>
  z.strictObject({
    id: z.string().regex(/^[A-Z](\.[0-9a-z]+)*$/, 'an id is a capital letter followed by dot-separated numbers or numerals, e.g. B.3.iv'),
    level: z.enum(ELEMENT_LEVELS),
    label,
    seed_lines: z.array(z.number().int().positive()).default([]),
    inferred: z.boolean(),
    wording_verified: z.boolean(),
    id_assigned: z.boolean().optional(),
    letter_2013: z.string().max(2).optional(),
    inferred_means: z.array(inferredMeans).optional(),
    children: z.array(frameworkElementSchema).optional(),
  }),
);

export const frameworkFileSchema = z.strictObject({
  /** The framework's id, the same across its versions, e.g. "jsi-national-2015". */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,60}$/, 'lowercase letters, digits and hyphens'),
  /** This version's name; loading a changed file needs a new one. */
  version: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,30}$/, 'letters, digits, dots and hyphens'),
  title: label,
  basis: z.object({ en: z.string().min(1), ru: z.string().min(1).optional(), kk: z.string().min(1).optional() }).optional(),
  sources: z.array(z.string().min(1)).default([]),
  categories: z.array(frameworkElementSchema).min(1),
});
export type FrameworkFile = z.infer<typeof frameworkFileSchema>;

/** The judgement scale (`data/frameworks/judgement-scale.json`): codes with labels, and whether a code counts as assessed. */
export const judgementScaleSchema = z.strictObject({
  id: z.string().min(1),
  values: z
    .array(z.strictObject({ code: z.string().regex(/^[a-z_]{1,40}$/), label, assessed: z.boolean() }))
    .min(1)
    .refine((values) => new Set(values.map((v) => v.code)).size === values.length, 'each code once'),
});
export type JudgementScale = z.infer<typeof judgementScaleSchema>;
