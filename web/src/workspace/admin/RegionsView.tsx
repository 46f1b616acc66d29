import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../format';
import { today } from '../cases/legalCase';
import { Loaded } from './ListViews';
import { type Labels, useProfile } from './useProfile';

interface Region {
  code: string;
  kind: 'region' | 'city';
  labels: Labels;
  valid_from: string | null;
  valid_to: string | null;
  predecessors: string[];
}

/** The layouts people ask about: the one statistics for 2020 use, and today's (after the 2022 reform). */
const LAYOUTS = ['all', 'y2020', 'now'] as const;
type Layout = (typeof LAYOUTS)[number];
const dayOf = (layout: Layout) => (layout === 'y2020' ? '2020-07-01' : layout === 'now' ? today() : null);

const validOn = (r: Region, day: string) => (!r.valid_from || r.valid_from <= day) && (!r.valid_to || r.valid_to >= day);

/** The gazetteer with each region's validity period, filtered to one layout if asked. */
export function RegionsView() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as keyof Labels;
  const state = useProfile<{ regions: Region[] }>('regions');
  const [layout, setLayout] = useState<Layout>('all');
  const day = dayOf(layout);
  return (
    <Loaded state={state}>
      {(d) => {
        const rows = day ? d.regions.filter((r) => validOn(r, day)) : d.regions;
        return (
          <section aria-labelledby="regions-heading">
            <h2 id="regions-heading">{t('admin.section.regions')}</h2>
            <label className="inline">
              {t('admin.layout')}{' '}
              <select value={layout} onChange={(e) => setLayout(e.target.value as Layout)}>
                {LAYOUTS.map((l) => <option key={l} value={l}>{t(`admin.layouts.${l}`)}</option>)}
              </select>
            </label>
            <p className="status" aria-live="polite">{t('admin.regionsShown', { count: rows.length })}</p>
            <div className="table-scroll">
              <table className="records-table">
                <caption className="visually-hidden">{t('admin.section.regions')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('admin.code')}</th>
                    <th scope="col">{t('admin.name')}</th>
                    <th scope="col">{t('admin.regionKind')}</th>
                    <th scope="col">{t('admin.validFrom')}</th>
                    <th scope="col">{t('admin.validTo')}</th>
                    <th scope="col">{t('admin.predecessors')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.code}>
                      <td><code>{r.code}</code></td>
                      <td>{r.labels[lang]}</td>
                      <td>{t(`admin.regionKinds.${r.kind}`)}</td>
                      <td>{r.valid_from ? formatDate(r.valid_from, lang) : '—'}</td>
                      <td>{r.valid_to ? formatDate(r.valid_to, lang) : '—'}</td>
                      <td>{r.predecessors.join(', ') || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      }}
    </Loaded>
  );
}
