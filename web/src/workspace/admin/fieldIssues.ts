import { ApiError } from '../../api';

/**
 * The API's field issues grouped by the form field they concern ("body.email" → "email"), so each
 * message can stand beside its field.
 */
export function fieldIssues(error: unknown): Record<string, string[]> {
  const byField: Record<string, string[]> = {};
  if (!(error instanceof ApiError)) return byField;
  for (const issue of error.issues) {
    const field = issue.path.replace(/^body\./, '').split('.')[0] || 'form';
    (byField[field] ??= []).push(issue.message);
  }
  return byField;
}
