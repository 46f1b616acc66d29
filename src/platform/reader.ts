/**
 * What a route may need. Every route declares one; `public` routes serve anyone, and what they
 * return is cut down by the presenters for readers without `records:read`.
 */
export const PERMISSIONS = [
  'public',
  'records:read',
  'records:write',
  'records:verify',
  'records:merge',
  'exchange:import',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Who is asking. Presenters and queries take it, so that what leaves the server fits the reader. */
export interface Reader {
  readonly actor: string;
  /** True for staff who may see unpublished records and confidential fields. */
  readonly seesConfidential: boolean;
  can(permission: Permission): boolean;
}

export const PUBLIC_READER: Reader = { actor: 'public', seesConfidential: false, can: (p) => p === 'public' };

/** The command line works on the database directly, as its operator. */
export function operatorReader(actor: string): Reader {
  return { actor, seesConfidential: true, can: () => true };
}
