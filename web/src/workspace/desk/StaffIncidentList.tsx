import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../api';
import { formatDate, formatNumber, place } from '../../format';
import { follow, navigate, usePath } from '../../navigate';
import { useErrorText } from '../SignIn';
import { FacetGroup } from './FacetGroup';
import { useCodeLabel, useDeskReference } from './labels';
import { FACETS, type ListState, listQuery, parseListState, toggle } from './listQuery';
import { SavedFilters } from './SavedFilters';
import type { FacetCounts, StaffSummary } from './types';

const PAGE = 25;
const BASE = '/staff/incidents';
/** The API's dates as precise as known: 2020, 2020-05 or 2020-05-14. */
const PARTIAL_DATE = '\\d{4}(-\\d{2}(-\\d{2})?)?';

/**
 * Every incident the signed-in reader may see, in any status: facets with counts, free-text
 * search, order, and pages fetched one at a time by the API's cursor, so a register of a million
 * records never loads whole. The view lives in the address (see listQuery.ts).
 */
export function StaffIncidentList() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const path = usePath();
  const search = path.includes('?') ? path.slice(path.indexOf('?')) : '';
  const state = parseListState(search);
  const canonical = listQuery(state).toString();
  const ref = useDeskReference();
  const labelOf = useCodeLabel(ref);
  const errorText = useErrorText();
  const [q, setQ] = useState(state.q);
  const [from, setFrom] = useState(state.from);
  const [to, setTo] = useState(state.to);
  const [items, setItems] = useState<StaffSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [facets, setFacets] = useState<FacetCounts>();
  const [phase, setPhase] = useState<'loading' | 'ready' | { error: string }>('loading');
  const latest = useRef('');

  const go = (next: ListState) => {
    const qs = listQuery(next).toString();
    navigate(qs ? `${BASE}?${qs}` : BASE);
  };

  useEffect(() => {
    setQ(state.q);
    setFrom(state.from);
    setTo(state.to);
    latest.current = canonical;
    setPhase('loading');
    const filter = listQuery(state, { sort: false });
    const list = new URLSearchParams(listQuery(state));
    list.set('limit', String(PAGE));
    Promise.all([
      getJson<{ items: StaffSummary[]; next_cursor: string | null }>(`/api/v1/incidents?${list}`),
      getJson<{ facets: FacetCounts }>(`/api/v1/incidents/facets?${filter}`),
    ]).then(
      ([page, f]) => {
        if (latest.current !== canonical) return; // a newer view was asked for meanwhile
        setItems(page.items);
        setCursor(page.next_cursor);
        setFacets(f.facets);
        setPhase('ready');
      },
      (error: unknown) => latest.current === canonical && setPhase({ error: errorText(error) }),
    );
    // The address is the whole state: reload whenever its canonical form changes.
  }, [canonical]);

  const more = async () => {
    if (!cursor) return;
    setPhase('loading');
    const p = listQuery(state);
    p.set('limit', String(PAGE));
    p.set('cursor', cursor);
    try {
      const page = await getJson<{ items: StaffSummary[]; next_cursor: string | null }>(`/api/v1/incidents?${p}`);
      setItems((old) => [...old, ...page.items]);
      setCursor(page.next_cursor);
      setPhase('ready');
    } catch (error) {
      setPhase({ error: errorText(error) });
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    go({ ...state, q, from, to });
  };
  // Each incident has exactly one status, so the status counts add up to the number that match.
  const total = facets?.status?.reduce((sum, s) => sum + s.count, 0);
  const anyFilter = canonical.replace(/(^|&)sort=date/, '') !== '';

  return (
    <section aria-labelledby="desk-list-heading" className="desk">
      <h1 id="desk-list-heading">{t('desk.list.heading')}</h1>
      <form className="filters" role="search" onSubmit={submit}>
        <label>
          {t('desk.list.search')}
          <input type="search" value={q} maxLength={200} placeholder={t('desk.list.searchPlaceholder')} onChange={(e) => setQ(e.target.value)} />
        </label>
        <label>
          {t('desk.list.from')}
          <input value={from} size={10} maxLength={10} pattern={PARTIAL_DATE} placeholder="2020-05-14" title={t('desk.list.dateHint')} onChange={(e) => setFrom(e.target.value.trim())} />
        </label>
        <label>
          {t('desk.list.to')}
          <input value={to} size={10} maxLength={10} pattern={PARTIAL_DATE} placeholder="2020-12-31" title={t('desk.list.dateHint')} onChange={(e) => setTo(e.target.value.trim())} />
        </label>
        <button type="submit">{t('desk.list.apply')}</button>
        <label>
          {t('desk.list.sort')}
          <select value={state.sort} onChange={(e) => go({ ...state, sort: e.target.value === 'date' ? 'date' : '-date' })}>
            <option value="-date">{t('desk.list.sortNewest')}</option>
            <option value="date">{t('desk.list.sortOldest')}</option>
          </select>
        </label>
      </form>
      <div className="desk-columns">
        <aside className="desk-side" aria-label={t('desk.list.filters')}>
          <SavedFilters query={canonical} />
          {anyFilter && (
            <p>
              <a href={BASE} onClick={follow}>{t('desk.list.clear')}</a>
            </p>
          )}
          {facets &&
            FACETS.map((f) => (
              <FacetGroup
                key={f}
                facet={f}
                counts={facets[f] ?? []}
                selected={state.selected[f]}
                labelOf={(v) => labelOf(f, v)}
                onToggle={(v) => go(toggle(state, f, v))}
              />
            ))}
        </aside>
        <div className="desk-results">
          <p aria-live="polite" className="status" data-testid="desk-count">
            {phase === 'loading' && total === undefined
              ? t('desk.list.loading')
              : typeof phase === 'object'
                ? t('desk.list.error', { message: phase.error })
                : total === 0
                  ? t('desk.list.empty')
                  : `${t('desk.list.count', { count: total ?? 0, n: formatNumber(total ?? 0, lang) })}${items.length < (total ?? 0) ? ` · ${t('desk.list.shown', { shown: formatNumber(items.length, lang) })}` : ''}`}
          </p>
          <ol className="incidents desk-rows" aria-busy={phase === 'loading'}>
            {items.map((item) => (
              <li key={item.id}>
                <a href={`${BASE}/${encodeURIComponent(item.id)}`} onClick={follow}>
                  {item.titles[lang] ?? item.titles[item.source_language] ?? Object.values(item.titles)[0] ?? t('desk.list.untitled')}
                </a>{' '}
                <span className={`status-badge status-${item.status}`}>{t(`desk.status.${item.status}`)}</span>
                <p className="meta">
                  <time dateTime={item.date}>{item.date ? formatDate(item.date, lang) : ''}</time>
                  {place(item.settlement, item.region ? labelOf('region', item.region) : undefined)}
                  {' · '}
                  <span className="record-id">{item.id}</span>
                </p>
                <p className="tags">{item.types.map((c) => labelOf('type', c)).join(' · ')}</p>
                {item.victims.some((v) => v.name) && (
                  <p className="tags">
                    {t('desk.list.victims')} {[...new Set(item.victims.flatMap((v) => (v.name ? [v.name] : [])))].join(', ')}
                  </p>
                )}
              </li>
            ))}
          </ol>
          {cursor && phase === 'ready' ? (
            <button type="button" className="more" onClick={() => void more()}>
              {t('desk.list.more')}
            </button>
          ) : null}
        </div>
      </div>
    </section>
  );
}
