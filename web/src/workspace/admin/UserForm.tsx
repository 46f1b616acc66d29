import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { today } from '../cases/legalCase';
import type { SessionUser } from '../../session';
import { useErrorText } from '../SignIn';
import { fieldIssues } from './fieldIssues';
import { type Labels, useProfile } from './useProfile';

export const ROLES = ['administrator', 'editor', 'monitor', 'lawyer', 'analyst', 'partner'] as const;

/** What the form edits: an account without its id and second factor. */
export type UserValues = Omit<SessionUser, 'id' | 'two_factor'> & { disabled: boolean };

/**
 * Creating or changing an account. The server validates; its messages appear beside the field they
 * concern, in the reader's language where we know the field, otherwise in the server's words.
 */
export function UserForm({ initial, create, onSubmit, onCancel }: { initial: UserValues; create: boolean; onSubmit: (v: UserValues) => Promise<void>; onCancel?: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as keyof Labels;
  const errorText = useErrorText();
  const id = useId();
  const regions = useProfile<{ regions: { code: string; labels: Labels; valid_to: string | null }[] }>('regions');
  const [v, setV] = useState(initial);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const issues = fieldIssues(error);
  // A taken email is a conflict, not a field issue, but it belongs beside the email all the same.
  if (create && error instanceof ApiError && error.code === 'conflict') issues.email = [t('admin.users.issue.emailTaken')];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit(v);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const toggle = (list: string[], value: string) => (list.includes(value) ? list.filter((x) => x !== value) : [...list, value]);
  const problem = (field: string): ReactNode =>
    issues[field] ? (
      <span id={`${id}-${field}-error`} className="field-error">
        {issues[field].map((m) => t(`admin.users.issue.${field}`, { defaultValue: m })).filter((m, i, all) => all.indexOf(m) === i).join(' ')}
      </span>
    ) : null;
  const described = (field: string) => (issues[field] ? { 'aria-invalid': true, 'aria-describedby': `${id}-${field}-error` } : {});
  // Today's regions, and any older one the account already has, so it can be seen and removed.
  const shownRegions = (regions.data?.regions ?? []).filter((r) => !r.valid_to || r.valid_to >= today() || initial.regions.includes(r.code));
  const unplaced = Object.keys(issues).filter((f) => !['email', 'name', 'roles', 'regions', 'grants', 'language', 'disabled'].includes(f));

  return (
    <form className="form user-form" noValidate onSubmit={(e) => void submit(e)} aria-label={t(create ? 'admin.users.create' : 'admin.users.edit')}>
      {create ? (
        <div className="field">
          <label>
            {t('admin.users.email')}
            <input type="email" autoComplete="off" required value={v.email} onChange={(e) => setV({ ...v, email: e.target.value })} {...described('email')} />
          </label>
          {problem('email')}
        </div>
      ) : null}
      <div className="field">
        <label>
          {t('admin.users.name')}
          <input required value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} {...described('name')} />
        </label>
        {problem('name')}
      </div>
      <fieldset {...described('roles')}>
        <legend>{t('admin.users.roles')}</legend>
        {ROLES.map((r) => (
          <label key={r} className="choice">
            <input type="checkbox" checked={v.roles.includes(r)} onChange={() => setV({ ...v, roles: toggle(v.roles, r) })} />
            {t(`admin.role.${r}`)}
          </label>
        ))}
        {problem('roles')}
      </fieldset>
      <fieldset {...described('regions')}>
        <legend>{t('admin.users.regions')}</legend>
        <p className="meta">{t('admin.users.regionsHint')}</p>
        <div className="choices">
          {shownRegions.map((r) => (
            <label key={r.code} className="choice">
              <input type="checkbox" checked={v.regions.includes(r.code)} onChange={() => setV({ ...v, regions: toggle(v.regions, r.code) })} />
              {r.labels[lang]} <span className="meta">{r.code}</span>
            </label>
          ))}
        </div>
        {problem('regions')}
      </fieldset>
      <label className="choice">
        <input type="checkbox" checked={v.grants.includes('confidential')} onChange={() => setV({ ...v, grants: toggle(v.grants, 'confidential') })} />
        {t('admin.users.grantConfidential')}
      </label>
      {problem('grants')}
      <div className="field">
        <label>
          {t('admin.users.language')}
          <select value={v.language} onChange={(e) => setV({ ...v, language: e.target.value })} {...described('language')}>
            <option value="ru" lang="ru">Русский</option>
            <option value="kk" lang="kk">Қазақша</option>
            <option value="en" lang="en">English</option>
          </select>
        </label>
        {problem('language')}
      </div>
      {!create ? (
        <label className="choice">
          <input type="checkbox" checked={v.disabled} onChange={(e) => setV({ ...v, disabled: e.target.checked })} />
          {t('admin.users.disabled')}
        </label>
      ) : null}
      {error ? <p role="alert" className="error">{errorText(error)}{unplaced.length ? ` ${unplaced.map((f) => issues[f]!.join(' ')).join(' ')}` : ''}</p> : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>{t(create ? 'admin.users.createSubmit' : 'admin.users.save')}</button>
        {onCancel ? <button type="button" onClick={onCancel}>{t('admin.users.cancel')}</button> : null}
      </div>
    </form>
  );
}
