/**
 * Closed vocabularies that belong to the method, not to a country. Everything a country may want
 * to change (act types, victim groups, perpetrator types, context tags, regions, legal articles)
 * lives in its profile under `data/profiles/`, not here.
 */

export const LANGUAGES = ['en', 'ru', 'kk'] as const;
export type Language = (typeof LANGUAGES)[number];

/** How precise an incident date is; a range is a start and an end of any precision. */
export const DATE_PRECISIONS = ['day', 'month', 'year'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

/** The verification workflow; `merged` records point at the record that absorbed them. */
export const STATUSES = ['received', 'under_verification', 'verified', 'published', 'rejected', 'merged'] as const;
export type Status = (typeof STATUSES)[number];

export const TRANSLATION_STATUSES = ['original', 'machine', 'draft', 'reviewed'] as const;

export const GENDERS = ['female', 'male', 'other'] as const;
export const EMPLOYMENTS = ['staff', 'freelance'] as const;

export const INVOLVEMENT_DEGREES = ['perpetrator', 'instigator', 'accomplice'] as const;

export const SOURCE_KINDS = [
  'publication',
  'interview',
  'document',
  'court_record',
  'victim',
  'monitor_report',
  'social_media',
  'assessment_report',
  'other',
] as const;
/** Reliability of a source, from the strongest; SDG 16.10.1 wants two independent reliable ones. */
export const RELIABILITIES = ['confirmed', 'reliable', 'unconfirmed', 'doubtful'] as const;

export const CASE_KINDS = ['criminal', 'civil', 'administrative'] as const;
export const PARTY_ROLES = ['defendant', 'victim', 'plaintiff', 'respondent', 'complainant', 'witness', 'suspect'] as const;
export const INSTANCES = ['pre_trial', 'first', 'appeal', 'cassation', 'supervisory'] as const;
export const CASE_EVENT_KINDS = [
  'complaint',
  'registration_refused',
  'investigation_opened',
  'investigation_suspended',
  'investigation_closed',
  'preventive_measure',
  'charged',
  'sent_to_court',
  'claim_filed',
  'hearing',
  'decision',
  'appeal_filed',
  'appeal_decision',
  'cassation_decision',
  'other',
] as const;
export const CASE_OUTCOMES = [
  'convicted',
  'acquitted',
  'dismissed',
  'terminated',
  'mediation',
  'claim_satisfied',
  'claim_partly_satisfied',
  'claim_denied',
  'claim_withdrawn',
  'fine',
  'warning',
  'administrative_arrest',
  'restriction_of_liberty',
  'suspended_sentence',
  'imprisonment',
  'house_arrest',
  'custody',
  'released',
  'pending',
] as const;
/** How the state handled a crime against a journalist (the basis of the impunity figures). */
export const INVESTIGATION_STATUSES = [
  'not_registered',
  'refused',
  'opened',
  'suspended',
  'sent_to_court',
  'perpetrators_convicted',
  'masterminds_identified',
] as const;

/** Fields that may be marked confidential, per record kind. */
export const CONFIDENTIAL_FIELDS = {
  incident: ['description', 'settlement', 'sources'],
  act: ['outcome', 'victim'],
  person: ['name', 'contact', 'notes', 'birth_year'],
  source: ['identity', 'url', 'citation'],
  legal_case: ['case_number', 'notes', 'parties'],
} as const;
