import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, send } from '../../api';
import { formatMoment } from '../../format';
import { ErrorBox } from './ErrorBox';
import { base, type SnapshotSummary } from './types';

/**
 * The statistics snapshots of an assessment: section A.1 as the register stood at a moment, which
 * reports and stats-table evidence cite. Taking a new one never changes an older one.
 */
export function SnapshotPanel({ assessmentId, mayTake }: { assessmentId: string; mayTake: boolean }) {
  const { t, i18n } = useTranslation();
  const [items, setItems] = useState<SnapshotSummary[]>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  useEffect(() => void getJson<{ items: SnapshotSummary[] }>(`${base(assessmentId)}/snapshots`).then((r) => setItems(r.items), setError), [assessmentId]);
  const when = (iso: string) => formatMoment(iso, i18n.language);
  const take = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const s = await send<SnapshotSummary>('POST', `${base(assessmentId)}/snapshots`);
      setItems((prev) => [s, ...(prev ?? [])]);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="snapshots-heading">
      <h2 id="snapshots-heading">{t('assessment.snapshots.heading')}</h2>
      {error ? <ErrorBox error={error} /> : null}
      {items?.length === 0 ? <p>{t('assessment.snapshots.none')}</p> : null}
      {items?.length ? (
        <ul>
          {items.map((s) => (
            <li key={s.id}>
              {t('assessment.snapshots.line', { date: when(s.taken_at), year: s.year, records: s.record_count, tables: s.tables.length })}
            </li>
          ))}
        </ul>
      ) : null}
      {mayTake ? (
        <button type="button" onClick={() => void take()} disabled={busy} aria-busy={busy}>
          {t('assessment.snapshots.take')}
        </button>
      ) : null}
    </section>
  );
}
