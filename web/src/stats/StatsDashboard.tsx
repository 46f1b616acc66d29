import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson } from '../api';
import { follow } from '../navigate';
import type { Dashboard } from '../../../src/stats/dashboard.types.js';
import { ChartPanel } from './ChartPanel';
import { MapPanel } from './MapPanel';
import { statsUrl } from './links';

/**
 * The statistics dashboard: six charts and the map for a year. The public page counts what the
 * public API counts (published, non-confidential records); the staff page, asked with the
 * session, counts every verified record the reader may see, and opens the staff list.
 */
export function StatsDashboard({ staff = false }: { staff?: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const asked = new URLSearchParams(window.location.search).get('year');
  const [year, setYear] = useState<number | undefined>(asked && /^\d{4}$/.test(asked) ? Number(asked) : undefined);
  const [data, setData] = useState<Dashboard>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let live = true;
    setError(undefined);
    const query = new URLSearchParams({ lang, ...(year ? { year: String(year) } : {}) });
    getJson<Dashboard>(`/api/v1/stats/dashboard?${query}`).then(
      (d) => live && setData(d),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [lang, year]);

  const choose = (value: string) => {
    const y = Number(value);
    setYear(y);
    window.history.replaceState({}, '', `${window.location.pathname}?year=${y}`);
  };
  const years = data ? [...new Set([...data.years, data.year])].sort((a, b) => b - a) : [];

  return (
    <section className="dashboard" aria-labelledby="stats-heading">
      <h1 id="stats-heading">{staff ? t('stats.staffHeading') : t('stats.heading')}</h1>
      <p>{staff ? t('stats.staffIntro') : t('stats.intro')}</p>
      <div className="filters">
        <label>
          {t('stats.year')}
          <select value={data?.year ?? ''} onChange={(e) => choose(e.target.value)} disabled={!data}>
            {years.map((y) => (
              <option key={y} value={y}>{y}</option>
            ))}
          </select>
        </label>
        {staff ? null : (
          <a href="/statistics/methodology" onClick={follow}>
            {t('stats.methodologyLink')}
          </a>
        )}
      </div>
      <p aria-live="polite" className="status">
        {error ? t('stats.error', { message: error }) : !data ? t('stats.loading') : ''}
      </p>
      {data ? (
        <div className="charts">
          {data.charts.map((c) => (
            <ChartPanel key={`${c.id}-${data.year}-${c.lang}`} data={c} year={data.year} staff={staff} />
          ))}
          <MapPanel maps={data.maps} year={data.year} staff={staff} attribution={data.attribution} />
        </div>
      ) : null}
      {data ? (
        <p className="hint">
          {t('stats.dataOf')}: <a href={statsUrl('dashboard', data.year, lang)}>JSON</a>
        </p>
      ) : null}
    </section>
  );
}
