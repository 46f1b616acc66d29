import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, send } from '../../api';
import { follow } from '../../navigate';
import { useErrorText } from '../SignIn';
import type { SavedFilter } from './types';

/** The signed-in user's own named views of the list: applying one is following its link. */
export function SavedFilters({ query }: { query: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [items, setItems] = useState<SavedFilter[]>([]);
  const [name, setName] = useState('');
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const nameId = useId();

  const reload = () => getJson<{ items: SavedFilter[] }>('/api/v1/saved-filters').then((r) => setItems(r.items), (err: unknown) => setError(errorText(err)));
  useEffect(() => {
    void reload();
    // Once on arrival; saving and deleting reload it themselves.
  }, []);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    setMessage('');
    try {
      const saved = await send<SavedFilter>('POST', '/api/v1/saved-filters', { name: name.trim(), query });
      setName('');
      setMessage(t('desk.saved.saved', { name: saved.name }));
      await reload();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const remove = async (filter: SavedFilter) => {
    setError('');
    setMessage('');
    try {
      await send('DELETE', `/api/v1/saved-filters/${encodeURIComponent(filter.id)}`);
      setMessage(t('desk.saved.deleted', { name: filter.name }));
      await reload();
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <section className="saved-filters" aria-labelledby={`${nameId}-heading`}>
      <h2 id={`${nameId}-heading`}>{t('desk.saved.heading')}</h2>
      {items.length === 0 ? (
        <p className="status">{t('desk.saved.none')}</p>
      ) : (
        <ul>
          {items.map((f) => (
            <li key={f.id}>
              <a href={f.query ? `/staff/incidents?${f.query}` : '/staff/incidents'} onClick={follow} aria-current={f.query === query ? 'true' : undefined}>
                {f.name}
              </a>{' '}
              <button type="button" className="link" aria-label={t('desk.saved.delete', { name: f.name })} onClick={() => void remove(f)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="form" onSubmit={(e) => void save(e)}>
        <label htmlFor={nameId}>{t('desk.saved.name')}</label>
        <input id={nameId} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="secondary" disabled={!name.trim()}>{t('desk.saved.save')}</button>
      </form>
      <p aria-live="polite" className="status">{message}</p>
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
