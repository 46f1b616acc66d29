import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../api';
import { label } from '../../format';
import { follow } from '../../navigate';
import { useErrorText } from '../SignIn';
import { type Labels, loadScale, type Scale } from './types';

interface Trends {
  country: string;
  assessments: { id: string; year: number }[];
  elements: { id: string; label: Labels | null; judgements: Record<string, string | null>; changed: boolean }[];
}

/** /staff/assessments/trends?country=KZ: each element's judgement in every assessment year of a country. */
export function TrendsPage({ search }: { search: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const errorText = useErrorText();
  const country = (new URLSearchParams(search).get('country') ?? '').toUpperCase();
  const [trends, setTrends] = useState<Trends>();
  const [scale, setScale] = useState<Scale>();
  const [error, setError] = useState<unknown>();
  const [onlyChanged, setOnlyChanged] = useState(false);
  useEffect(() => {
    loadScale().then(setScale, setError);
    if (/^[A-Z]{2}$/.test(country)) getJson<Trends>(`/api/v1/assessments/trends?country=${country}`).then(setTrends, setError);
  }, [country]);
  const judgement = (code: string | null) => (code ? label(scale?.values.find((v) => v.code === code)?.label, lang, code) : '—');
  const rows = trends?.elements.filter((e) => !onlyChanged || e.changed) ?? [];

  return (
    <section aria-labelledby="trends-heading">
      <h1 id="trends-heading">{t('assessment.trends.title', { country })}</h1>
      <p className="back"><a href="/staff/assessments" onClick={follow}>{t('assessment.trends.back')}</a></p>
      {error ? <p role="alert" className="error">{errorText(error)}</p> : null}
      {!trends && !error ? <p aria-busy="true">{t('assessment.loading')}</p> : null}
      {trends ? (
        <>
          <label>
            <input type="checkbox" checked={onlyChanged} onChange={(e) => setOnlyChanged(e.target.checked)} /> {t('assessment.trends.onlyChanged')}
          </label>
          <div className="table-scroll">
            <table className="records-table">
              <caption>{t('assessment.trends.caption', { count: trends.assessments.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('assessment.trends.element')}</th>
                  {trends.assessments.map((a) => <th key={a.id} scope="col"><a href={`/staff/assessments/${encodeURIComponent(a.id)}`} onClick={follow}>{a.year}</a></th>)}
                </tr>
              </thead>
              <tbody>
                {rows.map((e) => (
                  <tr key={e.id}>
                    <th scope="row">{e.id} {e.label ? label(e.label, lang, e.id) : ''}</th>
                    {trends.assessments.map((a) => <td key={a.id}>{judgement(e.judgements[String(a.year)] ?? null)}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
