import { z } from 'zod';
import { LANGUAGES, TRANSLATION_STATUSES } from '../reference/vocabulary.js';
import { ITEM_STATUSES } from './workflow.js';

/** Request bodies of the assessment API; the same schemas check the demo loader's input. */

// An HTML tag or comment as Markdown would pass it through; `<https://…>` (an autolink) and `x < y` are not.
const RAW_HTML = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>|<!--/;

/** Findings are Markdown; raw HTML is refused so that nothing typed here can run in a page or a report. */
export const markdown = z
  .string()
  .max(100_000)
  .refine((text) => !RAW_HTML.test(text), 'raw HTML is not allowed; write Markdown');

export const lang = z.enum(LANGUAGES);
export const elementParam = z.string().regex(/^[A-Z](\.[0-9a-z]+)*$/, 'a framework element id, e.g. B.3.iv');
export const assessmentId = z.string().regex(/^[A-Za-z0-9-]{1,80}$/);

export const createAssessmentBody = z.object({
  country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code, e.g. KZ'),
  year: z.number().int().min(1990).max(2100),
  /** A framework version id (`jsi-national-2015@1`) or a framework id, meaning its latest version. */
  framework: z.string().min(1).max(100),
  title: z.object({ en: z.string().trim().min(1).max(300), ru: z.string().trim().min(1).max(300).optional(), kk: z.string().trim().min(1).max(300).optional() }),
  team: z.array(z.object({ name: z.string().trim().min(1).max(200), role: z.string().trim().min(1).max(200), user_id: z.string().max(100).optional() })).max(100).default([]),
});
export type CreateAssessment = z.infer<typeof createAssessmentBody>;

/** What can change after creation: the title and the team. Country, year and framework version stay. */
export const updateAssessmentBody = createAssessmentBody.pick({ title: true, team: true }).extend({ version: z.number().int().min(1) });
export type UpdateAssessment = z.infer<typeof updateAssessmentBody>;

export const findingInput = z.object({
  lang,
  text: markdown,
  translation: z.enum(TRANSLATION_STATUSES).default('draft'),
});

export const updateItemBody = z.object({
  /** The version read: a change made meanwhile by someone else is not overwritten. */
  version: z.number().int().min(1),
  judgement: z.string().max(40).nullable().optional(),
  original_language: lang.nullable().optional(),
  /** Replaces the findings of the languages given; an empty text removes that language. */
  findings: z
    .array(findingInput)
    .max(LANGUAGES.length)
    .refine((list) => new Set(list.map((f) => f.lang)).size === list.length, 'each language once')
    .optional(),
  seed_lines: z.array(z.number().int().positive()).max(200).optional(),
});
export type UpdateItem = z.infer<typeof updateItemBody>;

export const transitionBody = z.object({ to: z.enum(ITEM_STATUSES), reason: z.string().trim().max(2000).default('') });
export const commentBody = z.object({ text: z.string().trim().min(1).max(10_000) });

const cell = z.union([z.string().max(2000), z.number(), z.null()]);
export const datasetInput = z.object({
  kind: z.literal('dataset'),
  title: z.partialRecord(lang, z.string().trim().min(1).max(300)).refine((t) => Object.keys(t).length > 0, 'give the title in at least one language'),
  columns: z.array(z.string().trim().min(1).max(200)).min(1).max(50),
  rows: z.array(z.array(cell)).max(2000),
  seed_lines: z.array(z.number().int().positive()).max(50).optional(),
});

/**
 * Evidence an item can cite. Survey results are not a kind yet: there are no surveys in the
 * product to cite; the kind is added with them.
 */
export const evidenceBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('incident'), ref: z.string().min(1).max(100) }),
  /** A statistics table as frozen in one of the assessment's snapshots. */
  z.object({ kind: z.literal('stats_table'), ref: z.string().regex(/^[a-z0-9-]{1,80}$/), snapshot_id: z.string().min(1).max(100) }),
  z.object({ kind: z.literal('document'), ref: z.string().min(1).max(100) }),
  datasetInput,
]);
export type EvidenceInput = z.infer<typeof evidenceBody>;
export const EVIDENCE_KINDS = ['incident', 'stats_table', 'document', 'dataset'] as const;
