import { createContext, type ReactNode, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { issueText } from './issues';

/** The issues of the last attempt to save, by field path (see form-model.ts placeIssues). */
export const IssuesContext = createContext<Record<string, string[]>>({});

export const fieldId = (path: string) => `f-${path.replace(/\./g, '-')}`;
export const issueId = (path: string) => `e-${path.replace(/\./g, '-')}`;

/** What a control needs to be tied to its label and to its issue message. */
export interface ControlProps {
  id: string;
  'aria-invalid': boolean | undefined;
  'aria-describedby': string | undefined;
}

/**
 * A labelled control with its issue beside it: the message is linked by aria-describedby, so a
 * screen reader reads it with the field, and the field is marked invalid.
 */
export function Field({ path, label, children, extra, hint }: { path: string; label: string; children: (props: ControlProps) => ReactNode; extra?: ReactNode; hint?: string }) {
  const issues = useContext(IssuesContext)[path];
  const describedBy = [issues ? issueId(path) : '', hint ? `${fieldId(path)}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <div className="field-head">
        <label htmlFor={fieldId(path)}>{label}</label>
        {extra}
      </div>
      {children({ id: fieldId(path), 'aria-invalid': issues ? true : undefined, 'aria-describedby': describedBy })}
      {hint && <p className="hint" id={`${fieldId(path)}-hint`}>{hint}</p>}
      <FieldIssues path={path} />
    </div>
  );
}

export function FieldIssues({ path }: { path: string }) {
  const { t } = useTranslation();
  const issues = useContext(IssuesContext)[path];
  if (!issues) return null;
  return (
    <p className="error field-issue" id={issueId(path)}>
      {issues.map((m) => issueText(t, m)).join(' ')}
    </p>
  );
}

/** A button beside a field that marks it confidential: hidden from the public and from partners. */
export function ConfidentialToggle({ pressed, onToggle, what }: { pressed: boolean; onToggle: () => void; what: string }) {
  const { t } = useTranslation();
  return (
    // One name whatever the state (a toggle's state is aria-pressed); it starts with the visible words.
    <button type="button" className="confidential-toggle" aria-pressed={pressed} onClick={onToggle} aria-label={t('editor.confidential.toggle', { what })}>
      {t('editor.confidential.label')}
    </button>
  );
}

/** Adds or removes a field name in a list of confidential fields. */
export const toggled = (list: string[], field: string) => (list.includes(field) ? list.filter((f) => f !== field) : [...list, field]);
