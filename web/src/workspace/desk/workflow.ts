import { getJson } from '../../api';
import type { Session } from '../../session';

export const STATUSES = ['received', 'under_verification', 'verified', 'published', 'rejected', 'merged'] as const;

let rules: Promise<Record<string, string[]>> | undefined;

/** Which status may follow which, asked of the server once per page load (it owns the rules). */
export function loadWorkflow(): Promise<Record<string, string[]>> {
  rules ??= getJson<{ transitions: Record<string, string[]> }>('/api/v1/incidents/workflow').then(
    (r) => r.transitions,
    (error: unknown) => {
      rules = undefined; // ask again next time rather than remember a dropped connection
      throw error;
    },
  );
  return rules;
}

/** Roles holding `records:verify` (src/accounts/roles.ts); the server checks again on every request. */
export const mayVerify = (session: Session | null | undefined) => Boolean(session?.user.roles.some((r) => r === 'administrator' || r === 'editor'));
