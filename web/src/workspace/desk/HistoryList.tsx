import { useTranslation } from 'react-i18next';
import { formatMoment } from '../../format';
import { actorName } from './labels';
import { fieldChanges, readablePath } from './historyDiff';
import type { HistoryEntry } from './types';

/**
 * Every change to an incident, newest first: who, when, what kind of change, and for each field
 * it altered the value before and after. A record's creation lists no fields (its content is the
 * record itself, shown above).
 */
export function HistoryList({ entries }: { entries: HistoryEntry[] }) {
  const { t, i18n } = useTranslation();
  // Statuses are codes of the workflow: shown in the reader's language, as everywhere on the desk.
  const value = (path: string, v: string | null) => (v === null ? t('desk.history.empty') : path === 'status' ? t(`desk.status.${v}`, { defaultValue: v }) : v);
  if (entries.length === 0) return <p>{t('desk.incident.noHistory')}</p>;
  return (
    <ol className="history" reversed>
      {[...entries].reverse().map((entry) => {
        const changes = entry.before === null ? [] : fieldChanges(entry.before, entry.after);
        return (
          <li key={entry.id}>
            <p className="history-head">
              <strong>{t(`desk.history.action.${entry.action}`, { defaultValue: entry.action })}</strong> · {actorName(entry.actor)} ·{' '}
              <time dateTime={entry.at}>{formatMoment(entry.at, i18n.language)}</time>
            </p>
            {entry.before !== null &&
              (changes.length === 0 ? (
                <p className="status">{t('desk.history.noFieldChange')}</p>
              ) : (
                <details open={changes.length <= 6}>
                  <summary>{t('desk.history.changes', { count: changes.length })}</summary>
                  <table className="changes">
                    <thead>
                      <tr>
                        <th scope="col">{t('desk.history.field')}</th>
                        <th scope="col">{t('desk.history.before')}</th>
                        <th scope="col">{t('desk.history.after')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {changes.map((c) => (
                        <tr key={c.path}>
                          <th scope="row">{readablePath(c.path)}</th>
                          <td className="before">{value(c.path, c.before)}</td>
                          <td className="after">{value(c.path, c.after)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </details>
              ))}
          </li>
        );
      })}
    </ol>
  );
}
