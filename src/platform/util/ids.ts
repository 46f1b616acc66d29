import { randomUUID } from 'node:crypto';

/** A new record id: a readable prefix and a random UUID, never reused and safe in URLs. */
export function newId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}
