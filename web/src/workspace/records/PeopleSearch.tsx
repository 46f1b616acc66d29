import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../api';
import { follow, navigate } from '../../navigate';
import { useErrorText } from '../SignIn';
import { PATHS, type PeopleKind, pageOf, type PersonRecord } from './people';

/** /staff/people: find a person or an outlet by name (any part of it, ё and Kazakh letters folded). */
export function PeopleSearch({ search }: { search: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const params = new URLSearchParams(search);
  const kind: PeopleKind = params.get('kind') === 'organisation' ? 'organisation' : 'person';
  const q = params.get('q') ?? '';
  const [draft, setDraft] = useState({ kind, q });
  const [items, setItems] = useState<PersonRecord[]>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    setItems(undefined);
    setError(undefined);
    const query = new URLSearchParams({ limit: '100', ...(q ? { q } : {}) });
    getJson<{ items: PersonRecord[] }>(`${PATHS[kind].api}?${query}`).then((r) => setItems(r.items), setError);
  }, [kind, q]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/staff/people?${new URLSearchParams({ kind: draft.kind, ...(draft.q.trim() ? { q: draft.q.trim() } : {}) })}`);
  };
  return (
    <section aria-labelledby="people-heading">
      <h1 id="people-heading">{t('records.search.heading')}</h1>
      <form className="filters" role="search" onSubmit={submit}>
        <label>
          {t('records.search.kind')}
          <select value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as PeopleKind })}>
            <option value="person">{t('records.kind.person')}</option>
            <option value="organisation">{t('records.kind.organisation')}</option>
          </select>
        </label>
        <label>
          {t('records.search.name')}
          <input type="search" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
        </label>
        <button type="submit">{t('records.search.submit')}</button>
      </form>
      {error ? <p role="alert" className="error">{errorText(error)}</p> : null}
      {items === undefined && !error ? <p aria-busy="true">{t('records.loading')}</p> : null}
      {items ? <p className="status" aria-live="polite">{t('records.search.found', { count: items.length })}</p> : null}
      {items?.length ? (
        <ul className="people-results">
          {items.map((p) => (
            <li key={p.id}>
              <a href={pageOf(kind, p.id)} onClick={follow}>{p.name ?? t('records.unnamed')}</a>
              <span className="meta"> · {p.id}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
