import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, loadReference, type Reference } from '../../api';
import { formatDate, label } from '../../format';
import { follow } from '../../navigate';
import { useErrorText } from '../SignIn';
import type { IncidentRow, PeopleKind } from './people';

/**
 * Every incident about a person or an outlet, oldest first: a repeat victim shows as one record
 * with several incidents. A change of `reload` fetches the list again (a merge moved incidents here).
 */
export function IncidentsAbout({ kind, id, reload }: { kind: PeopleKind; id: string; reload: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const errorText = useErrorText();
  const [rows, setRows] = useState<IncidentRow[]>();
  const [ref, setRef] = useState<Reference>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    void loadReference().then(setRef, () => undefined);
    const query = new URLSearchParams({ [kind]: id, limit: '200', sort: 'date' });
    getJson<{ items: IncidentRow[] }>(`/api/v1/incidents?${query}`).then((r) => setRows(r.items), setError);
  }, [kind, id, reload]);

  if (error) return <p role="alert" className="error">{errorText(error)}</p>;
  if (!rows) return <p aria-busy="true">{t('records.loading')}</p>;
  return (
    <section aria-labelledby="incidents-heading">
      <h2 id="incidents-heading">{t('records.incidents.heading', { count: rows.length })}</h2>
      {rows.length > 1 ? <p className="note">{t('records.incidents.repeat', { count: rows.length })}</p> : null}
      {rows.length === 0 ? <p>{t('records.incidents.none')}</p> : (
        <div className="table-scroll">
          <table className="records-table stacked">
            <caption className="visually-hidden">{t('records.incidents.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('records.incidents.date')}</th>
                <th scope="col">{t('records.incidents.title')}</th>
                <th scope="col">{t('records.incidents.types')}</th>
                <th scope="col">{t('records.incidents.status')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((i) => (
                <tr key={i.id}>
                  <td data-label={t('records.incidents.date')}>{formatDate(i.date, lang)}</td>
                  <td>
                    <a href={`/staff/incidents/${encodeURIComponent(i.id)}`} onClick={follow}>{i.titles[lang] ?? i.titles[i.source_language] ?? i.id}</a>
                    <span className="meta"> · {i.id}</span>
                  </td>
                  <td data-label={t('records.incidents.types')}>{i.types.map((type) => label(ref?.types.get(type), lang, type)).join('; ')}</td>
                  <td data-label={t('records.incidents.status')}>{t(`records.status.${i.status}`, { defaultValue: i.status })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
