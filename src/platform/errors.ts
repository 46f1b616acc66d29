import type { FieldIssue } from '../exchange/check-codes.js';

/**
 * The errors the product reports, each with a machine code, an HTTP status and a message a person
 * can act on. Anything else is an internal error and is reported without its details.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
  }
}

export const errors = {
  /** zod's issues as field issues, their paths under an optional prefix. */
  fromZod: (issues: readonly { path: PropertyKey[]; message: string }[], prefix = '') =>
    errors.validation(issues.map((i) => ({ path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'), message: i.message }))),
  validation: (issues: readonly FieldIssue[]) =>
    new AppError('validation_failed', 400, issues.map((i) => `${i.path || '(record)'}: ${i.message}`).join('; '), issues),
  notFound: (what: string, id: string) => new AppError('not_found', 404, `${what} "${id}" does not exist`),
  conflict: (message: string) => new AppError('conflict', 409, message),
  invalidTransition: (message: string) => new AppError('invalid_transition', 409, message),
  unauthorized: () => new AppError('unauthorized', 401, 'sign in or send a valid API token'),
  forbidden: (permission: string) => new AppError('forbidden', 403, `this needs the permission "${permission}"`),
  forbiddenBecause: (reason: string) => new AppError('forbidden', 403, reason),
  csrf: () => new AppError('csrf_token_missing', 403, 'this write needs the X-CSRF-Token header of your session'),
  tooLarge: (message: string) => new AppError('too_large', 413, message),
  tooManyAttempts: (minutes: number) => new AppError('too_many_attempts', 429, `too many attempts; try again in ${minutes} minute(s)`),
};
