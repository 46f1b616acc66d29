import type { Permission } from '../platform/reader.js';

export const ROLES = ['administrator', 'editor', 'monitor', 'lawyer', 'analyst', 'partner'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What each role may do. Which records each may see, and whose confidential fields, is decided
 * per record by incidents/incident.policy.ts; this table only opens or closes the routes.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  administrator: ['public', 'self', 'records:read', 'records:write', 'records:verify', 'records:merge', 'records:history', 'cases:write', 'exchange:import', 'users:manage', 'audit:read', 'assessments:read', 'assessments:write', 'assessments:review', 'assessments:approve', 'frameworks:manage'],
  editor: ['public', 'self', 'records:read', 'records:write', 'records:verify', 'records:merge', 'records:history', 'cases:write', 'exchange:import', 'assessments:read', 'assessments:write', 'assessments:review'],
  monitor: ['public', 'self', 'records:read', 'records:write'],
  lawyer: ['public', 'self', 'records:read', 'cases:write'],
  analyst: ['public', 'self', 'records:read', 'assessments:read', 'assessments:write'],
  partner: ['public', 'self', 'records:read'],
};

export function permissionsOf(roles: readonly string[]): Set<Permission> {
  return new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r as Role] ?? []));
}

/** Administrators and editors hold the keys to everything: a setting can make 2FA mandatory for them. */
export const PRIVILEGED_ROLES: readonly Role[] = ['administrator', 'editor'];
