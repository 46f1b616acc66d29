import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, type IncidentSummary, loadReference, type Reference } from '../api';
import { navigate } from '../navigate';
import { formatDate, label, place } from '../format';

/** Filters a statistics cell links with (its records), kept from the address as they came. */
const CELL_FILTER_KEYS = ['from', 'to', 'region', 'victim_group', 'gender', 'perpetrator_type', 'article', 'context', 'person', 'organisation', 'status'];

const YEARS = Array.from({ length: new Date().getFullYear() - 2009 }, (_, i) => new Date().getFullYear() - i);

/** The public list: published incidents, newest first, with search and the main filters. */
export function IncidentList() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const params = new URLSearchParams(window.location.search);
  const [q, setQ] = useState(params.get('q') ?? '');
  const [year, setYear] = useState(params.get('year') ?? '');
  const [type, setType] = useState(params.get('type') ?? '');
  const [cellFilter] = useState(() => CELL_FILTER_KEYS.flatMap((k) => (params.get(k) ? [[k, params.get(k)!] as const] : [])));
  const [items, setItems] = useState<IncidentSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | string>('loading');
  const [ref, setRef] = useState<Reference>();

  useEffect(() => {
    void loadReference().then(setRef, () => undefined);
  }, []);

  const query = (after?: string) => {
    const p = new URLSearchParams({ limit: '20' });
    if (q.trim()) p.set('q', q.trim());
    if (year) p.set('year', year);
    if (type) p.set('type', type);
    for (const [k, v] of cellFilter) p.set(k, v);
    if (after) p.set('cursor', after);
    return p;
  };
  const load = async (after?: string) => {
    setState('loading');
    try {
      const page = await getJson<{ items: IncidentSummary[]; next_cursor: string | null }>(`/api/v1/incidents?${query(after)}`);
      setItems((old) => (after ? [...old, ...page.items] : page.items));
      setCursor(page.next_cursor);
      setState('ready');
    } catch (error) {
      setState((error as Error).message);
    }
  };
  useEffect(() => {
    void load();
    // Loads once on arrival; later loads follow the form.
  }, []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = query();
    p.delete('limit');
    window.history.replaceState({}, '', `/?${p}`);
    void load();
  };
  const topTypes = ref ? [...ref.types.entries()].filter(([code]) => !code.includes('.')) : [];

  return (
    <section aria-labelledby="list-heading">
      <h1 id="list-heading">{t('list.heading')}</h1>
      <form className="filters" role="search" onSubmit={submit}>
        <label>
          {t('list.search')}
          <input type="search" value={q} placeholder={t('list.searchPlaceholder')} onChange={(e) => setQ(e.target.value)} />
        </label>
        <label>
          {t('list.year')}
          <select value={year} onChange={(e) => setYear(e.target.value)}>
            <option value="">{t('list.allYears')}</option>
            {YEARS.map((y) => (
              <option key={y} value={y}>{y}</option>
            ))}
          </select>
        </label>
        <label>
          {t('list.type')}
          <select value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">{t('list.allTypes')}</option>
            {topTypes.map(([code, labels]) => (
              <option key={code} value={code}>{label(labels, lang, code)}</option>
            ))}
          </select>
        </label>
        <button type="submit">{t('list.apply')}</button>
      </form>
      <p aria-live="polite" className="status">
        {state === 'loading' ? t('list.loading') : state === 'ready' ? (items.length ? t('list.shown', { count: items.length }) : t('list.empty')) : t('list.error', { message: state })}
      </p>
      <ol className="incidents">
        {items.map((item) => (
          <li key={item.id}>
            <a href={`/incidents/${encodeURIComponent(item.id)}`} onClick={(e) => { e.preventDefault(); navigate(`/incidents/${encodeURIComponent(item.id)}`); }}>
              {item.titles[lang] ?? item.titles[item.source_language] ?? item.id}
            </a>
            <p className="meta">
              <time dateTime={item.date}>{formatDate(item.date, lang)}</time>
              {place(item.settlement, item.region ? label(ref?.regions.get(item.region), lang, item.region) : undefined)}
            </p>
            <p className="tags">{item.types.map((code) => label(ref?.types.get(code), lang, code)).join(' · ')}</p>
          </li>
        ))}
      </ol>
      {cursor && state === 'ready' ? (
        <button type="button" className="more" onClick={() => void load(cursor)}>
          {t('list.more')}
        </button>
      ) : null}
    </section>
  );
}
