import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, send } from '../../api';
import type { SessionUser } from '../../session';
import { useErrorText } from '../SignIn';
import { UserForm, type UserValues } from './UserForm';

/** An account as the administrators' API presents it: the session's user, and whether it is disabled. */
interface User extends SessionUser {
  disabled: boolean;
}

const BLANK: UserValues = { email: '', name: '', roles: [], regions: [], grants: [], language: 'ru', disabled: false };

/**
 * Accounts: the list, a new account (its one-time password shown here once and never again),
 * changes of roles, regions, grants or language, disabling, and removing a lost second factor.
 */
export function UsersAdmin() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [users, setUsers] = useState<User[]>();
  const [error, setError] = useState<unknown>();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<string>();
  const [created, setCreated] = useState<{ email: string; password: string }>();
  const [notice, setNotice] = useState('');
  const [loads, setLoads] = useState(0);
  useEffect(() => {
    getJson<{ items: User[] }>('/api/v1/users').then((r) => setUsers(r.items), setError);
  }, [loads]);
  const reload = () => setLoads((n) => n + 1);

  const create = async (v: UserValues) => {
    const { disabled: _ignored, ...body } = v;
    const res = await send<{ user: User; password: string }>('POST', '/api/v1/users', body);
    setCreated({ email: res.user.email, password: res.password });
    setCreating(false);
    reload();
  };
  const update = (id: string) => async (v: UserValues) => {
    const { email: _fixed, ...body } = v;
    await send('PUT', `/api/v1/users/${encodeURIComponent(id)}`, body);
    setEditing(undefined);
    setNotice(t('admin.users.saved'));
    reload();
  };
  const resetTwoFactor = async (u: User) => {
    if (!window.confirm(t('admin.users.resetConfirm', { email: u.email }))) return;
    try {
      await send('POST', `/api/v1/users/${encodeURIComponent(u.id)}/reset-two-factor`);
      setNotice(t('admin.users.resetDone', { email: u.email }));
      reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section aria-labelledby="users-heading">
      <h2 id="users-heading">{t('admin.section.users')}</h2>
      {created ? (
        <div className="card one-time" role="status">
          <p>{t('admin.users.createdFor', { email: created.email })}</p>
          <p>
            {t('admin.users.oneTimePassword')} <code className="secret">{created.password}</code>
          </p>
          <p className="note">{t('admin.users.shownOnce')}</p>
          <button type="button" onClick={() => setCreated(undefined)}>{t('admin.users.done')}</button>
        </div>
      ) : null}
      {notice ? <p role="status" className="status">{notice}</p> : null}
      {error ? <p role="alert" className="error">{errorText(error)}</p> : null}
      {creating ? (
        <UserForm initial={BLANK} create onSubmit={create} onCancel={() => setCreating(false)} />
      ) : (
        <button type="button" className="primary" onClick={() => { setCreating(true); setCreated(undefined); setNotice(''); }}>{t('admin.users.create')}</button>
      )}
      {users ? (
        <div className="table-scroll">
          <table className="records-table">
            <caption className="visually-hidden">{t('admin.section.users')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.users.email')}</th>
                <th scope="col">{t('admin.users.name')}</th>
                <th scope="col">{t('admin.users.roles')}</th>
                <th scope="col">{t('admin.users.regions')}</th>
                <th scope="col">{t('admin.users.state')}</th>
                <th scope="col">{t('admin.users.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>{u.email}</td>
                  <td>{u.name}</td>
                  <td>{u.roles.map((r) => t(`admin.role.${r}`, { defaultValue: r })).join(', ')}</td>
                  <td>{u.regions.join(', ') || '—'}</td>
                  <td>
                    {u.disabled ? t('admin.users.isDisabled') : t('admin.users.isActive')}
                    {u.two_factor ? ` · ${t('admin.users.twoFactorOn')}` : ''}
                  </td>
                  <td>
                    <button type="button" onClick={() => { setEditing(u.id); setNotice(''); }} aria-label={t('admin.users.editOf', { email: u.email })}>{t('admin.users.edit')}</button>
                    {u.two_factor ? (
                      <button type="button" onClick={() => void resetTwoFactor(u)} aria-label={t('admin.users.resetOf', { email: u.email })}>{t('admin.users.reset')}</button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {editing && users ? (() => {
        const u = users.find((x) => x.id === editing)!;
        return (
          <section aria-labelledby="edit-heading" className="card">
            <h3 id="edit-heading">{t('admin.users.editOf', { email: u.email })}</h3>
            <UserForm key={u.id} initial={{ ...u }} create={false} onSubmit={update(u.id)} onCancel={() => setEditing(undefined)} />
          </section>
        );
      })() : null}
    </section>
  );
}
