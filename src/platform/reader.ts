/**
 * What a route may need. Every route declares one and it is checked before any domain code runs;
 * `public` routes serve anyone, and what they return is cut down to the reader by the presenters.
 */
export const PERMISSIONS = [
  'public',
  'self',
  'records:read',
  'records:write',
  'records:verify',
  'records:merge',
  'records:history',
  'cases:write',
  'exchange:import',
  'users:manage',
  'audit:read',
  /** The JSI assessment: read it, write findings and evidence, review, approve; load framework versions. */
  'assessments:read',
  'assessments:write',
  'assessments:review',
  'assessments:approve',
  'frameworks:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Who is asking: the roles and grants that decide what they may do, and the scope of what they
 * may see (a monitor's regions, a lawyer's cases). Built by accounts/ from a session or an API
 * token; queries and presenters take it so that what leaves the server fits the reader.
 */
export interface Reader {
  readonly actor: string;
  readonly userId: string | null;
  readonly roles: readonly string[];
  /** Regions a monitor works in. */
  readonly regions: readonly string[];
  /** Extra rights beyond the roles, e.g. `confidential` for an analyst. */
  readonly grants: readonly string[];
  /** Legal cases assigned to a lawyer. */
  readonly assignedCases: ReadonlySet<string>;
  can(permission: Permission): boolean;
}

export const PUBLIC_READER: Reader = {
  actor: 'public',
  userId: null,
  roles: [],
  regions: [],
  grants: [],
  assignedCases: new Set(),
  can: (p) => p === 'public',
};

/** The command line works on the database directly, as its operator, with every right. */
export function operatorReader(actor: string): Reader {
  return { actor, userId: null, roles: ['administrator'], regions: [], grants: [], assignedCases: new Set(), can: () => true };
}

export const isStaff = (reader: Reader) => reader.roles.includes('administrator') || reader.roles.includes('editor');
