import type { Status } from '../reference/vocabulary.js';

/**
 * The verification workflow. An incident is received, checked, verified, then published; it can
 * be rejected, and reopened, at the steps where that makes sense. Merging is its own operation.
 */
export const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  received: ['under_verification', 'rejected'],
  under_verification: ['verified', 'rejected', 'received'],
  verified: ['published', 'under_verification', 'rejected'],
  published: ['verified'],
  rejected: ['received'],
  merged: [],
};

export function canTransition(from: Status, to: Status): boolean {
  return TRANSITIONS[from].includes(to);
}
