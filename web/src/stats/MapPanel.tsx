import { type MouseEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MapModel } from '../../../src/stats/map/map-model.js';
import { navigate } from '../navigate';
import { downloadPng, downloadSvg } from './download';
import { recordsHref, statsUrl } from './links';

/**
 * The map of regions, drawn from the server's model (the same one its SVG is written from): the
 * regions on their boundaries with the cities as circles, or the tile grid. Each region is a link
 * to its incidents, reachable by keyboard, named with its number.
 */
export function MapPanel({ maps, year, staff, attribution }: { maps: { choropleth: MapModel; grid: MapModel }; year: number; staff: boolean; attribution: string }) {
  const { t } = useTranslation();
  const [view, setView] = useState<'choropleth' | 'grid'>('choropleth');
  const model = maps[view];
  const svgUrl = statsUrl('map.svg', year, model.lang, { view });
  const file = `map-${view}-${year}-${model.lang}`;
  const go = (filter: string | null) => (e: MouseEvent) => {
    e.preventDefault();
    if (filter) navigate(recordsHref(filter, staff));
  };
  const link = (key: string, label: string, value: number, filter: string | null, shape: ReactNode) =>
    filter && value > 0 ? (
      <a key={key} href={recordsHref(filter, staff)} onClick={go(filter)} aria-label={`${label}: ${value}`}>
        {shape}
      </a>
    ) : (
      <g key={key} aria-label={`${label}: ${value}`} role="img">
        {shape}
      </g>
    );
  const y = model.height - 44;

  return (
    <section className="chart-panel map-panel" aria-labelledby="map-heading">
      <h2 id="map-heading">{model.title}</h2>
      <p className="chart-subtitle">{model.subtitle}</p>
      <fieldset className="map-view">
        <legend>{t('stats.mapView')}</legend>
        {(['choropleth', 'grid'] as const).map((v) => (
          <label key={v}>
            <input type="radio" name="map-view" value={v} checked={view === v} onChange={() => setView(v)} /> {t(`stats.view.${v}`)}
          </label>
        ))}
      </fieldset>
      <svg className="map" viewBox={`0 ${model.top} ${model.width} ${model.height - model.top - 20}`} role="group" aria-labelledby="map-heading">
        {model.background.map((d, i) => (
          <path key={`bg${i}`} d={d} fill="#f6f7f9" stroke="#c3c9d2" strokeWidth={0.5} />
        ))}
        {model.areas.map((a) => link(a.key, a.label, a.value, a.filter, <path className="region" d={a.d} fill={a.fill} stroke="#ffffff" strokeWidth={1}><title>{`${a.label}: ${a.value}`}</title></path>))}
        {model.areas.filter((a) => a.value > 0).map((a) => (
          <text key={`n${a.key}`} x={a.cx} y={a.cy + 4} textAnchor="middle" fontSize={12} fill={a.text} aria-hidden="true">{a.value}</text>
        ))}
        {model.circles.map((c) =>
          link(c.key, c.label, c.value, c.filter, (
            <>
              <circle className="city" cx={c.cx} cy={c.cy} r={c.r} fill={c.fill} stroke="#1d2430" strokeWidth={1.5}><title>{`${c.label}: ${c.value}`}</title></circle>
              <text x={c.cx} y={c.cy + 4} textAnchor="middle" fontSize={11} fill={c.text} aria-hidden="true">{c.value}</text>
            </>
          )),
        )}
        {model.tiles.map((tile) =>
          link(tile.key, tile.label, tile.value, tile.filter, (
            <>
              <rect className="tile" x={tile.x} y={tile.y} width={tile.size} height={tile.size} rx={4} fill={tile.fill} stroke="#8a94a3" strokeWidth={0.5}><title>{`${tile.label}: ${tile.value}`}</title></rect>
              <text x={tile.x + tile.size / 2} y={tile.y + tile.size / 2 - 6} textAnchor="middle" fontSize={10} fill={tile.text} aria-hidden="true">{tile.short}</text>
              <text x={tile.x + tile.size / 2} y={tile.y + tile.size / 2 + 14} textAnchor="middle" fontSize={15} fontWeight="bold" fill={tile.text} aria-hidden="true">{tile.value}</text>
            </>
          )),
        )}
        <g className="legend">
          <text x={16} y={y - 6} fontSize={11} fill="#1d2430">{model.legendTitle}</text>
          {model.legend.map((item, i) => (
            <g key={item.label}>
              <rect x={16 + i * 76} y={y} width={18} height={14} fill={item.fill} stroke="#8a94a3" strokeWidth={0.5} />
              <text x={40 + i * 76} y={y + 11} fontSize={11} fill="#1d2430">{item.label}</text>
            </g>
          ))}
        </g>
      </svg>
      {model.unplaced ? <p className="hint">{`${model.unplaced.label}: ${model.unplaced.value}`}</p> : null}
      {view === 'choropleth' ? <p className="hint">{attribution}</p> : null}
      <p className="downloads">
        <span>{t('stats.download')}:</span>{' '}
        <button type="button" onClick={() => void downloadSvg(svgUrl, `${file}.svg`)} aria-label={t('stats.downloadAs', { format: 'SVG', title: model.title })}>SVG</button>{' '}
        <button type="button" onClick={() => void downloadPng(svgUrl, `${file}.png`)} aria-label={t('stats.downloadAs', { format: 'PNG', title: model.title })}>PNG</button>
      </p>
    </section>
  );
}
