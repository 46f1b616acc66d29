import { z } from 'zod';

/**
 * The shape of a demo assessment file (`data/demo/assessment-<country>-<year>.json`): a whole
 * assessment's content in one document, loaded into an empty database by `jsi seed demo`.
 * Everything in it is our own wording; `seed_lines` cite where each fact comes from.
 */

/** Markdown per language code (`en`, `ru`, `kk`); raw HTML is refused when the file is loaded. */
export const LocalisedMarkdown = z
  .partialRecord(z.enum(['en', 'ru', 'kk']), z.string().min(1))
  .refine((texts) => Object.keys(texts).length > 0, 'give the text in at least one language');
export type LocalisedMarkdown = z.infer<typeof LocalisedMarkdown>;

const Lang = z.enum(['en', 'ru', 'kk']);

export const DemoEvidence = z.discriminatedUnion('kind', [
  /** An incident of the register, by its id (e.g. "KZ2020-001"). */
  z.object({ kind: z.literal('incident'), ref: z.string().min(1) }),
  /** A named statistics table (a file name of data/profiles/<country>/tables without `.json`), frozen in the assessment's snapshot. */
  z.object({ kind: z.literal('stats_table'), ref: z.string().min(1) }),
  /** A small table typed in, e.g. the seed's internet providers by domains and market share. */
  z.object({
    kind: z.literal('dataset'),
    title: LocalisedMarkdown,
    columns: z.array(z.string().min(1)).min(1),
    rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))),
    seed_lines: z.array(z.number().int().positive()).optional(),
  }),
]);
export type DemoEvidence = z.infer<typeof DemoEvidence>;

export const DemoItem = z.object({
  /** A framework element id as in the framework file, e.g. "A.1", "B.3.iv", "E.4.1.s2". */
  element: z.string().min(1),
  /** A value of data/frameworks/judgement-scale.json: met | partly_met | not_met | not_applicable | not_assessed. */
  judgement: z.string().min(1).optional(),
  original_language: Lang,
  findings: LocalisedMarkdown,
  seed_lines: z.array(z.number().int().positive()).default([]),
  evidence: z.array(DemoEvidence).default([]),
  comments: z.array(z.object({ author: z.string().min(1), text: z.string().min(1) })).optional(),
});
export type DemoItem = z.infer<typeof DemoItem>;

export const DemoAssessment = z.object({
  /** ISO 3166-1 alpha-2, e.g. "KZ". */
  country: z.string().length(2),
  year: z.number().int().min(1990).max(2100),
  /** The framework version's id, e.g. "jsi-national-2015". */
  framework: z.string().min(1),
  title: z.object({ en: z.string().min(1), ru: z.string().min(1), kk: z.string().min(1).optional() }),
  team: z.array(z.object({ name: z.string().min(1), role: z.string().min(1) })).default([]),
  texts: z.object({
    foreword: LocalisedMarkdown,
    executive_summary: LocalisedMarkdown,
    introduction: LocalisedMarkdown,
    methodology: LocalisedMarkdown,
    recommendations: LocalisedMarkdown,
  }),
  items: z.array(DemoItem),
  bibliography: z.array(z.object({ id: z.string().min(1), citation: z.string().min(1), url: z.string().url().optional() })).default([]),
  abbreviations: z.array(z.object({ short: z.string().min(1), long: LocalisedMarkdown })).default([]),
});
export type DemoAssessment = z.infer<typeof DemoAssessment>;
