import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../SignIn';
import { type Labels, useProfile } from './useProfile';

/** A table of coded entries with their labels in the three languages and any extra columns. */
function CodeTable<T extends { code: string; labels: Labels }>({ title, rows, extra = [] }: { title: string; rows: T[]; extra?: [string, (row: T) => ReactNode][] }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="records-table">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.code')}</th>
            <th scope="col" lang="ru">{t('admin.lang.ru')}</th>
            <th scope="col" lang="kk">{t('admin.lang.kk')}</th>
            <th scope="col" lang="en">{t('admin.lang.en')}</th>
            {extra.map(([heading]) => <th key={heading} scope="col">{heading}</th>)}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.code}>
              <td><code>{row.code}</code></td>
              <td lang="ru">{row.labels.ru}</td>
              <td lang="kk">{row.labels.kk}</td>
              <td lang="en">{row.labels.en}</td>
              {extra.map(([heading, cell]) => <td key={heading}>{cell(row)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Loading and error states shared by the profile views. */
export function Loaded<T>({ state, children }: { state: { data?: T; error?: unknown }; children: (data: T) => ReactNode }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  if (state.error) return <p role="alert" className="error">{errorText(state.error)}</p>;
  if (!state.data) return <p aria-busy="true">{t('records.loading')}</p>;
  return <>{children(state.data)}</>;
}

export function LegalCodesView() {
  const { t, i18n } = useTranslation();
  const state = useProfile<{ books: { code: string; labels: Labels }[]; articles: { code: string; book: string; article: string; part: string | null; clause: string | null; labels: Labels }[] }>('legal-codes');
  const lang = i18n.language as keyof Labels;
  return (
    <Loaded state={state}>
      {(d) => (
        <>
          {d.books.map((book) => (
            <CodeTable
              key={book.code}
              title={book.labels[lang] ?? book.labels.ru}
              rows={d.articles.filter((a) => a.book === book.code)}
              extra={[[t('admin.article'), (a) => [a.article, a.part && `${t('admin.part')} ${a.part}`, a.clause && `${t('admin.clause')} ${a.clause}`].filter(Boolean).join(', ')]]}
            />
          ))}
        </>
      )}
    </Loaded>
  );
}

export function VictimGroupsView() {
  const { t } = useTranslation();
  const state = useProfile<{ groups: { code: string; labels: Labels; applies_to: string; sdg_16_10_1: string | null }[] }>('victim-groups');
  return (
    <Loaded state={state}>
      {(d) => (
        <CodeTable
          title={t('admin.section.victim-groups')}
          rows={d.groups}
          extra={[
            [t('admin.appliesTo'), (g) => t(`records.kind.${g.applies_to}`)],
            [t('admin.sdg'), (g) => g.sdg_16_10_1 ?? '—'],
          ]}
        />
      )}
    </Loaded>
  );
}

export function PerpetratorTypesView() {
  const { t } = useTranslation();
  const state = useProfile<{ types: { code: string; labels: Labels; state: boolean | null }[] }>('perpetrator-types');
  return (
    <Loaded state={state}>
      {(d) => <CodeTable title={t('admin.section.perpetrator-types')} rows={d.types} extra={[[t('admin.state'), (p) => t(p.state === null ? 'admin.stateUnknown' : p.state ? 'admin.stateYes' : 'admin.stateNo')]]} />}
    </Loaded>
  );
}

export function ContextTagsView() {
  const { t } = useTranslation();
  const state = useProfile<{ tags: { code: string; labels: Labels }[] }>('context-tags');
  return <Loaded state={state}>{(d) => <CodeTable title={t('admin.section.context-tags')} rows={d.tags} />}</Loaded>;
}
