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
  url: z.url().max(2_000).nullish(),
  published_on: partialDate.nullish(),
  reliability: z.enum(RELIABILITIES),
  public: z.boolean().default(false),
  identity: z.string().max(1_000).nullish().describe('who the source is; always confidential'),
  confidential_fields: z.array(z.enum(CONFIDENTIAL_FIELDS.source)).default([]),
});

export const caseEventSchema = z.object({
  date: partialDate,
  kind: z.enum(CASE_EVENT_KINDS),
  instance: z.enum(INSTANCES).nullish(),
  outcome: z.enum(CASE_OUTCOMES).nullish(),
  detail: z.string().max(5_000).nullish(),
  deadline: fullDate.nullish(),
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
  date: partialDate.describe('start of the incident, as precise as known'),
  date_end: partialDate.nullish().describe('for incidents that span a period'),
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

type IncidentShape = Pick<z.output<typeof incidentFields>, 'texts' | 'source_language' | 'date' | 'date_end' | 'status' | 'merged_into'>;
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
