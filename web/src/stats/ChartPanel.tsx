import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../format';
import type { ChartData } from '../../../src/stats/charts/chart-data.js';
import { follow, navigate } from '../navigate';
import { downloadPng, downloadSvg } from './download';
import { recordsHref, statsUrl } from './links';

/**
 * One chart: drawn by ECharts (loaded on first use), its numbers in a table below it, every bar
 * and every cell opening the incidents behind it, and the downloads (SVG and PNG of the server's
 * drawing, the numbers as CSV).
 */
export function ChartPanel({ data, year, staff }: { data: ChartData; year: number; staff: boolean }) {
  const { t, i18n } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  const heading = `chart-${data.id}`;
  const file = `${data.id}-${year}-${data.lang}`;
  const url = (format: string) => statsUrl(`charts/${data.id}.${format}`, year, data.lang);
  const number = (value: number) => formatNumber(value, i18n.language);

  useEffect(() => {
    let cleanup: (() => void) | undefined;
    let live = true;
    void import('./echarts').then(
      ({ drawChart }) => {
        if (!live || !box.current) return;
        cleanup = drawChart(box.current, data, (series, index) => {
          const filter = data.series[series]?.points[index]?.filter;
          if (filter) navigate(recordsHref(filter, staff));
        });
      },
      () => setFailed(true),
    );
    return () => {
      live = false;
      cleanup?.();
    };
  }, [data, staff]);

  const cell = (value: number, filter: string | null) =>
    filter && value > 0 ? (
      <a href={recordsHref(filter, staff)} onClick={follow}>
        {number(value)}
      </a>
    ) : (
      number(value)
    );

  return (
    <section className="chart-panel" aria-labelledby={heading}>
      <h2 id={heading}>{data.title}</h2>
      <p className="chart-subtitle">{data.subtitle}</p>
      <div ref={box} className="chart-box" role="img" aria-label={`${data.title}. ${t('stats.chartHint')}`} />
      {failed ? <p role="alert">{t('stats.chartFailed')}</p> : null}
      <details className="chart-data">
        <summary>{t('stats.showData')}</summary>
        <div className="table-scroll">
          <table>
            <caption>{data.title}</caption>
            <thead>
              <tr>
                <th scope="col">{data.categoryAxis}</th>
                {data.series.map((s) => (
                  <th scope="col" key={s.key}>{s.name}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.categories.map((c, i) => (
                <tr key={c.key}>
                  <th scope="row">{c.label}</th>
                  {data.series.map((s) => (
                    <td key={s.key}>{cell(s.points[i]?.value ?? 0, s.points[i]?.filter ?? null)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {data.notes.map((n) => (
          <p className="hint" key={n}>{n}</p>
        ))}
      </details>
      <p className="downloads">
        <span>{t('stats.download')}:</span>{' '}
        <button type="button" onClick={() => void downloadSvg(url('svg'), `${file}.svg`)} aria-label={t('stats.downloadAs', { format: 'SVG', title: data.title })}>SVG</button>{' '}
        <button type="button" onClick={() => void downloadPng(url('svg'), `${file}.png`)} aria-label={t('stats.downloadAs', { format: 'PNG', title: data.title })}>PNG</button>{' '}
        <a href={url('csv')} download={`${file}.csv`} aria-label={t('stats.downloadAs', { format: 'CSV', title: data.title })}>CSV</a>
      </p>
    </section>
  );
}
