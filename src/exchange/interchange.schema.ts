import { z } from 'zod';
import {
  CASE_EVENT_KINDS,
  CASE_KINDS,
  CASE_OUTCOMES,
  CONFIDENTIAL_FIELDS,
  EMPLOYMENTS,
  GENDERS,
  INSTANCES,
  INVESTIGATION_STATUSES,
  INVOLVEMENT_DEGREES,
  LANGUAGES,
  PARTY_ROLES,
  RELIABILITIES,
  SOURCE_KINDS,
  STATUSES,
  TRANSLATION_STATUSES,
} from '../reference/vocabulary.js';

/**
 * The interchange format: one incident with everything that hangs from it. JSON Lines carries it
 * as one object per line; CSV and XLSX carry the same data as linked tables (see tables.ts).
 * Codes (act types, regions, articles…) are checked against the country profile after parsing.
 */

/** Record ids are stable across databases, so re-importing a file updates instead of duplicating. */
export const recordId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'letters, digits and . _ : - only, at most 100 characters');
export const code = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/, 'not a valid code');

/** A date as precise as known: 2020, 2020-05 or 2020-05-14. */
export const partialDate = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'expected YYYY, YYYY-MM or YYYY-MM-DD')
  .refine((s) => s.length < 10 || !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'no such day');
export const fullDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

/**
 * Dates the register can hold: nothing before 1900 (a typo such as 0202 or 1020), and for things
 * that happened, nothing after tomorrow (tomorrow, not today, so that a report entered in
 * Kazakhstan shortly after midnight is not refused by a server running on UTC). Read at each
 * check, never when the module loads, so a long-running server moves with the calendar.
 */
const EARLIEST_YEAR = '1900';
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
/** A partial date of something that has happened: its earliest possible day may not be after tomorrow. */
export const eventDate = partialDate
  .refine((s) => s.slice(0, 4) >= EARLIEST_YEAR, `a date before ${EARLIEST_YEAR} is not plausible`)
  .refine((s) => s <= tomorrow(), { error: (issue) => `${String(issue.input)} is in the future` });
/** A deadline may lie ahead, but not before 1900. */
export const deadlineDate = fullDate.refine((s) => s.slice(0, 4) >= EARLIEST_YEAR, `a date before ${EARLIEST_YEAR} is not plausible`);

/** Addresses a reader can open: http and https only (never javascript:, data: or file:). */
export const webUrl = z.url({ protocol: /^https?$/, error: 'expected an http or https address' });

const shortText = (max: number) => z.string().trim().min(1).max(max);

export const localizedText = z.object({
  title: shortText(300),
  description: z.string().max(20_000).default(''),
  translation: z.enum(TRANSLATION_STATUSES).default('original'),
});

/**
 * People and organisations are records of their own. Inside an incident they are given in full
 * (created or updated with it) or by id alone, as a reference to one already stored.
 */
export const organisationFields = z.object({
  id: recordId,
  name: shortText(300).optional(),
  kind: code.optional().describe('an organisation victim group of the profile, e.g. media_outlet'),
  region: code.nullish(),
});
const organisationRule = (o: { name?: string; kind?: string }) => !o.name || Boolean(o.kind);
const organisationRuleMessage = { message: 'an organisation given by name needs its kind', path: ['kind'] };
export const organisationSchema = organisationFields.refine(organisationRule, organisationRuleMessage);
/** What the API takes to create an organisation: the id may be left to the server. */
export const organisationCreateSchema = organisationFields.partial({ id: true }).refine(organisationRule, organisationRuleMessage);

export const personSchema = z.object({
  id: recordId,
  name: shortText(300).optional(),
  gender: z.enum(GENDERS).nullish(),
  birth_year: z.number().int().min(1900).max(2100).nullish(),
  employment: z.enum(EMPLOYMENTS).nullish(),
  outlet: organisationSchema.nullish(),
  contact: z.string().max(2_000).nullish().describe('always confidential'),
  notes: z.string().max(5_000).nullish(),
  confidential_fields: z.array(z.enum(CONFIDENTIAL_FIELDS.person)).default([]),
});

export const involvementSchema = z.object({
  perpetrator_type: code,
  name: z.string().trim().max(300).nullish().describe('the named body or person, where known'),
  degree: z.enum(INVOLVEMENT_DEGREES).default('perpetrator'),
});

export const actSchema = z
  .object({
    id: recordId.optional(),
    type: code,
    victim_group: code,
    person: personSchema.nullish(),
    organisation: organisationSchema.nullish(),
    outcome: z.string().max(5_000).nullish(),
    perpetrators: z.array(involvementSchema).default([]),
    confidential_fields: z.array(z.enum(CONFIDENTIAL_FIELDS.act)).default([]),
  })
  .refine((a) => Boolean(a.person) !== Boolean(a.organisation), {
    message: 'an act has exactly one victim: a person or an organisation',
    path: ['person'],
  });

export const sourceSchema = z.object({
  id: recordId.optional(),
  kind: z.enum(SOURCE_KINDS),
  citation: shortText(1_000),
  url: webUrl.max(2_000).nullish(),
  published_on: eventDate.nullish(),
  reliability: z.enum(RELIABILITIES),
  public: z.boolean().default(false),
  identity: z.string().max(1_000).nullish().describe('who the source is; always confidential'),
  confidential_fields: z.array(z.enum(CONFIDENTIAL_FIELDS.source)).default([]),
});

export const caseEventSchema = z.object({
  date: eventDate,
  kind: z.enum(CASE_EVENT_KINDS),
  instance: z.enum(INSTANCES).nullish(),
  outcome: z.enum(CASE_OUTCOMES).nullish(),
  detail: z.string().max(5_000).nullish(),
  deadline: deadlineDate.nullish(),
});

export const legalCaseSchema = z.object({
  id: recordId,
  kind: z.enum(CASE_KINDS),
  title: shortText(500),
  case_number: z.string().max(200).nullish(),
  court: z.string().max(300).nullish(),
  against_journalist: z.boolean().describe('true: the journalist is prosecuted or sued; false: a crime against the journalist'),
  investigation_status: z.enum(INVESTIGATION_STATUSES).nullish(),
  parties: z
    .array(
      z
        .object({ person: recordId.nullish(), organisation: recordId.nullish(), name: z.string().max(300).nullish(), role: z.enum(PARTY_ROLES) })
        .refine((p) => p.person || p.organisation || p.name, { message: 'a party needs a person, an organisation or a name' }),
    )
    .default([]),
  charges: z.array(z.object({ article: code, person: recordId.nullish() })).default([]),
  events: z.array(caseEventSchema).default([]),
  notes: z.string().max(10_000).nullish(),
  confidential_fields: z.array(z.enum(CONFIDENTIAL_FIELDS.legal_case)).default([]),
});

const incidentFields = z.object({
  id: recordId,
  status: z.enum(STATUSES).default('received'),
  merged_into: recordId.nullish(),
  date: eventDate.describe('start of the incident, as precise as known'),
  date_end: eventDate.nullish().describe('for incidents that span a period'),
  region: code.nullish(),
  settlement: z.string().max(300).nullish(),
  source_language: z.enum(LANGUAGES),
  texts: z.partialRecord(z.enum(LANGUAGES), localizedText),
  context: z.array(code).default([]),
  confidential: z.boolean().default(false),
  confidential_fields: z.array(z.enum(CONFIDENTIAL_FIELDS.incident)).default([]),
  acts: z.array(actSchema).min(1, 'an incident needs at least one act'),
  sources: z.array(sourceSchema).default([]),
  legal_cases: z.array(legalCaseSchema).default([]),
});

type IncidentShape = Pick<z.output<typeof incidentFields>, 'texts' | 'source_language' | 'date' | 'date_end' | 'status' | 'merged_into' | 'acts' | 'sources'> & {
  id?: string;
};
function incidentRules(i: IncidentShape, ctx: z.RefinementCtx): void {
  if (i.texts[i.source_language] === undefined) {
    ctx.addIssue({ code: 'custom', message: 'the text in the source language is required', path: ['texts', i.source_language] });
  }
  if (i.date_end && i.date_end < i.date) {
    ctx.addIssue({ code: 'custom', message: 'the end date must follow the start date', path: ['date_end'] });
  }
  if ((i.status === 'merged') !== Boolean(i.merged_into)) {
    ctx.addIssue({ code: 'custom', message: 'merged_into is required exactly when the status is merged', path: ['merged_into'] });
  }
  if (i.id && i.merged_into === i.id) {
    ctx.addIssue({ code: 'custom', message: 'an incident cannot be merged into itself', path: ['merged_into'] });
  }
  const ids = childIds(i);
  uniqueChildIds(ids.acts, 'acts', 'act', ctx);
  uniqueChildIds(ids.sources, 'sources', 'source', ctx);
  for (const { path } of loneSurrogates(i)) {
    ctx.addIssue({ code: 'custom', message: 'holds half of a UTF-16 surrogate pair, which is not a character; the text is damaged', path });
  }
}

/**
 * The ids acts and sources are stored under: the explicit id, or the default `<incident>.a<n>` /
 * `<incident>.s<n>` (n from 1). Without an incident id (a create that leaves it to the server)
 * only explicit ids are known.
 */
/** The id an act (`a`) or a source (`s`) is stored under when the document gives none. */
export const defaultChildId = (incidentId: string, kind: 'a' | 's', index: number): string => `${incidentId}.${kind}${index + 1}`;

export function childIds(doc: { id?: string; acts: readonly { id?: string }[]; sources: readonly { id?: string }[] }): {
  acts: (string | undefined)[];
  sources: (string | undefined)[];
} {
  const byDefault = (letter: 'a' | 's', index: number) => (doc.id ? defaultChildId(doc.id, letter, index) : undefined);
  return { acts: doc.acts.map((a, i) => a.id ?? byDefault('a', i)), sources: doc.sources.map((s, i) => s.id ?? byDefault('s', i)) };
}

/**
 * Acts and sources are stored under their ids, explicit or by default (`<incident>.a<n>`), so two
 * of them may not end up with the same one: `a2` given the id `X.a1` collides with the first act.
 */
function uniqueChildIds(ids: readonly (string | undefined)[], list: string, kind: string, ctx: z.RefinementCtx): void {
  const first = new Map<string, number>();
  ids.forEach((id, index) => {
    if (id === undefined) return;
    const earlier = first.get(id);
    if (earlier === undefined) first.set(id, index);
    else ctx.addIssue({ code: 'custom', message: `${kind} id "${id}" is already used by ${list}.${earlier}`, path: [list, index, 'id'] });
  });
}

/**
 * Strings holding an unpaired surrogate (JSON allows the escape "\ud800"): no database can store
 * them as text, and UTF-8 would silently turn them into U+FFFD.
 */
// With the u flag a proper pair is one code point, so only a half on its own matches.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
function* loneSurrogates(value: unknown, path: (string | number)[] = []): Generator<{ path: (string | number)[] }> {
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) yield { path };
  } else if (Array.isArray(value)) {
    for (const [k, v] of value.entries()) yield* loneSurrogates(v, [...path, k]);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) yield* loneSurrogates(v, [...path, k]);
  }
}

export const incidentSchema = incidentFields.superRefine(incidentRules);
/** What the API takes to create an incident: the id may be left to the server. */
export const incidentCreateSchema = incidentFields.extend({ id: recordId.optional() }).superRefine(incidentRules);

export type IncidentDoc = z.output<typeof incidentSchema>;
export type IncidentInput = z.input<typeof incidentSchema>;
export type ActDoc = z.output<typeof actSchema>;
export type PersonDoc = z.output<typeof personSchema>;
export type OrganisationDoc = z.output<typeof organisationSchema>;
export type SourceDoc = z.output<typeof sourceSchema>;
export type LegalCaseDoc = z.output<typeof legalCaseSchema>;
