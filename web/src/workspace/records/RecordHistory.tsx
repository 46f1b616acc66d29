import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../api';
import { formatMoment } from '../../format';
import { useErrorText } from '../SignIn';

interface HistoryEntry {
  id: number;
  action: string;
  actor: string;
  at: string;
  after: { reason?: string; merged_into?: string; merged_from?: string } | null;
}

/** Every change to a record, oldest first, as the audit log keeps it (people and legal cases alike). */
export function RecordHistory({ url }: { url: string }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [entries, setEntries] = useState<HistoryEntry[]>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    getJson<{ history: HistoryEntry[] }>(url).then((r) => setEntries(r.history), setError);
  }, [url]);
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{t('records.history.heading')}</h2>
      {error ? <p role="alert" className="error">{errorText(error)}</p> : null}
      {entries?.length === 0 ? <p>{t('records.history.empty')}</p> : null}
      {entries?.length ? (
        <ol className="history">
          {entries.map((h) => (
            <li key={h.id}>
              <time dateTime={h.at}>{formatMoment(h.at, i18n.language)}</time>{' '}
              <strong>{t(`records.history.action.${h.action}`, { defaultValue: h.action })}</strong>{' '}
              <span className="meta">{t('records.history.by', { actor: h.actor })}</span>
              {h.after?.merged_into ? <> · {t('records.history.mergedInto', { id: h.after.merged_into })}</> : null}
              {h.after?.merged_from ? <> · {t('records.history.mergedFrom', { id: h.after.merged_from })}</> : null}
              {h.after?.reason ? <> · {t('records.history.reason', { reason: h.after.reason })}</> : null}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
