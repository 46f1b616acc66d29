import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, send } from '../../api';
import { formatDate, formatMoment, formatNumber } from '../../format';
import { follow, navigate, usePath } from '../../navigate';
import { useSession } from '../../session';
import { useErrorText } from '../SignIn';
import { actorName } from './labels';
import type { QueueItem } from './types';
import { WorkflowActions } from './WorkflowActions';

const WAITING = ['received', 'under_verification', 'verified'] as const;
const PAGE = 30;

interface QueuePage {
  items: QueueItem[];
  next_cursor: string | null;
  counts: Record<string, number>;
}

/**
 * Reports waiting for the desk (received, under verification, verified but not published), the
 * longest waiting first, with who has each and the workflow's next steps. A report moved on stays
 * in view with its new status until the queue is reloaded, so the editor sees what they did.
 */
export function ReviewQueue() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const errorText = useErrorText();
  const session = useSession();
  const path = usePath();
  const status = new URLSearchParams(path.includes('?') ? path.slice(path.indexOf('?')) : '').get('status') ?? '';
  const only = (WAITING as readonly string[]).includes(status) ? status : '';
  const [page, setPage] = useState<QueuePage>();
  const [phase, setPhase] = useState<'loading' | 'ready' | { error: string }>('loading');
  const [claimError, setClaimError] = useState('');
  const latest = useRef('');

  const url = (cursor?: string) => {
    const p = new URLSearchParams({ limit: String(PAGE) });
    if (only) p.set('status', only);
    if (cursor) p.set('cursor', cursor);
    return `/api/v1/incidents/review-queue?${p}`;
  };
  useEffect(() => {
    latest.current = only;
    setPhase('loading');
    getJson<QueuePage>(url()).then(
      (p) => {
        if (latest.current !== only) return;
        setPage(p);
        setPhase('ready');
      },
      (err: unknown) => setPhase({ error: errorText(err) }),
    );
    // Reloads when the status shown changes (the address holds it).
  }, [only]);

  const more = async () => {
    if (!page?.next_cursor) return;
    setPhase('loading');
    try {
      const next = await getJson<QueuePage>(url(page.next_cursor));
      setPage({ ...next, items: [...page.items, ...next.items] });
      setPhase('ready');
    } catch (err) {
      setPhase({ error: errorText(err) });
    }
  };
  const update = (id: string, change: Partial<QueueItem>) =>
    setPage((p) => p && { ...p, items: p.items.map((item) => (item.id === id ? { ...item, ...change } : item)) });
  const claim = async (id: string) => {
    setClaimError('');
    try {
      const r = await send<{ assigned_to: QueueItem['assigned_to'] }>('POST', `/api/v1/incidents/${encodeURIComponent(id)}/claim`);
      update(id, { assigned_to: r.assigned_to });
    } catch (err) {
      setClaimError(errorText(err));
    }
  };

  const total = page ? WAITING.reduce((sum, s) => sum + (page.counts[s] ?? 0), 0) : 0;
  return (
    <section aria-labelledby="review-heading" className="desk">
      <h1 id="review-heading">{t('desk.review.heading')}</h1>
      <p>{t('desk.review.intro')}</p>
      <label className="inline-field">
        {t('desk.review.show')}{' '}
        <select value={only} onChange={(e) => navigate(e.target.value ? `/staff/review?status=${e.target.value}` : '/staff/review')}>
          <option value="">{t('desk.review.all', { count: total })}</option>
          {WAITING.map((s) => (
            <option key={s} value={s}>{t('desk.review.only', { status: t(`desk.status.${s}`), count: page?.counts[s] ?? 0 })}</option>
          ))}
        </select>
      </label>
      {typeof phase === 'object' && <p role="alert" className="error">{t('desk.review.error', { message: phase.error })}</p>}
      {claimError && <p role="alert" className="error">{claimError}</p>}
      {page && page.items.length === 0 && phase === 'ready' && <p>{t('desk.review.empty')}</p>}
      <ol className="queue" aria-busy={phase === 'loading'}>
        {page?.items.map((item) => {
          const title = item.titles[lang] ?? item.titles[item.source_language] ?? Object.values(item.titles)[0] ?? item.id;
          const mine = item.assigned_to?.id === session?.user.id;
          return (
            <li key={item.id} className="queue-item" aria-labelledby={`q-${item.id}`}>
              <h2 id={`q-${item.id}`} className="queue-title">
                <a href={`/staff/incidents/${encodeURIComponent(item.id)}`} onClick={follow}>{title}</a>
              </h2>
              <p className="meta">
                <span className="record-id">{item.id}</span> · {item.date ? formatDate(item.date, lang) : ''} ·{' '}
                {t('desk.review.recorded', { date: formatMoment(item.created_at, lang) })}
              </p>
              <p className="meta">
                {item.assigned_to ? t('desk.review.holder', { name: item.assigned_to.name || item.assigned_to.email }) : t('desk.review.nobody')}
                {!mine && (
                  <>
                    {' '}
                    <button type="button" className="secondary small" onClick={() => void claim(item.id)}>
                      {t('desk.review.take')}
                    </button>
                  </>
                )}
                {item.last_move && (
                  <>
                    <br />
                    {t('desk.review.lastMove', { actor: actorName(item.last_move.actor), date: formatMoment(item.last_move.at, lang) })}
                  </>
                )}
              </p>
              <WorkflowActions id={item.id} status={item.status} version={item.version} onChanged={(c) => update(item.id, { status: c.status, version: c.version })} />
            </li>
          );
        })}
      </ol>
      {page?.next_cursor && phase === 'ready' && (
        <button type="button" className="more" onClick={() => void more()}>
          {t('desk.review.more')}
        </button>
      )}
      <p className="status" aria-live="polite">{phase === 'loading' ? t('desk.review.loading') : page ? formatNumber(page.items.length, lang) + ' / ' + formatNumber(only ? page.counts[only] ?? 0 : total, lang) : ''}</p>
    </section>
  );
}
