import type { FieldIssue } from '../../exchange/check-codes.js';

/**
 * Where a request's parameters or JSON body hold the NUL character, in keys or values. No text of
 * ours means anything with it, and PostgreSQL cannot store it: refused as bad input, on both
 * databases alike, before any route sees it.
 */
export function nulCharacterIssues(parts: Readonly<Record<string, unknown>>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const visit = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      if (value.includes('\u0000')) issues.push({ path, message: 'must not contain the NUL character' });
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${path}.${i}`));
    } else if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
      for (const [key, v] of Object.entries(value)) {
        if (key.includes('\u0000')) issues.push({ path, message: 'has a field name with the NUL character' });
        else visit(v, `${path}.${key}`);
      }
    }
  };
  for (const [where, value] of Object.entries(parts)) visit(value, where);
  return issues;
}
