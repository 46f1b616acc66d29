import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, loadReference, type Reference } from '../../api';
import { formatDate, label } from '../../format';
import { follow, navigate } from '../../navigate';
import { useErrorText } from '../SignIn';
import { CASE_KINDS, deadlines, type LegalCase } from './legalCase';

/**
 * /staff/cases: the legal cases this account may see (a lawyer: those the API gives them), by kind,
 * article or incident, with the next deadline of each.
 */
export function CaseList({ search }: { search: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const errorText = useErrorText();
  const params = new URLSearchParams(search);
  const filter = { kind: params.get('kind') ?? '', article: params.get('article') ?? '', incident: params.get('incident') ?? '' };
  const key = new URLSearchParams(Object.entries(filter).filter(([, v]) => v)).toString();
  const [draft, setDraft] = useState(filter);
  const [items, setItems] = useState<LegalCase[]>();
  const [ref, setRef] = useState<Reference>();
  const [error, setError] = useState<unknown>();
  useEffect(() => void loadReference().then(setRef, () => undefined), []);
  useEffect(() => {
    setItems(undefined);
    setError(undefined);
    getJson<{ items: LegalCase[] }>(`/api/v1/legal-cases?${key}${key ? '&' : ''}limit=500`).then((r) => setItems(r.items), setError);
  }, [key]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/staff/cases?${new URLSearchParams(Object.entries(draft).filter(([, v]) => v.trim()).map(([k, v]) => [k, v.trim()]))}`);
  };
  return (
    <section aria-labelledby="cases-heading">
      <h1 id="cases-heading">{t('cases.list.heading')}</h1>
      <form className="filters" role="search" onSubmit={submit}>
        <label>
          {t('cases.field.kind')}
          <select value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value })}>
            <option value="">{t('cases.list.allKinds')}</option>
            {CASE_KINDS.map((k) => <option key={k} value={k}>{t(`cases.kind.${k}`)}</option>)}
          </select>
        </label>
        <label>
          {t('cases.list.article')}
          <input list="case-articles" value={draft.article} onChange={(e) => setDraft({ ...draft, article: e.target.value })} />
        </label>
        <datalist id="case-articles">
          {[...(ref?.articles ?? [])].map(([code, labels]) => <option key={code} value={code}>{label(labels, lang, code)}</option>)}
        </datalist>
        <label>
          {t('cases.list.incident')}
          <input value={draft.incident} onChange={(e) => setDraft({ ...draft, incident: e.target.value })} />
        </label>
        <button type="submit">{t('cases.list.apply')}</button>
      </form>
      {error ? <p role="alert" className="error">{errorText(error)}</p> : null}
      {items === undefined && !error ? <p aria-busy="true">{t('records.loading')}</p> : null}
      {items ? <p className="status" aria-live="polite">{t('cases.list.shown', { count: items.length })}</p> : null}
      {items?.length ? (
        <div className="table-scroll">
          <table className="records-table stacked">
            <caption className="visually-hidden">{t('cases.list.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cases.field.title')}</th>
                <th scope="col">{t('cases.field.kind')}</th>
                <th scope="col">{t('cases.field.role')}</th>
                <th scope="col">{t('cases.list.nextDeadline')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => {
                const next = deadlines(c.events).find((d) => !d.past);
                return (
                  <tr key={c.id}>
                    <td><a href={`/staff/cases/${encodeURIComponent(c.id)}`} onClick={follow}>{c.title}</a>{c.case_number ? <span className="meta"> · № {c.case_number}</span> : null}</td>
                    <td data-label={t('cases.field.kind')}>{t(`cases.kind.${c.kind}`)}</td>
                    <td data-label={t('cases.field.role')}>{t(c.against_journalist ? 'cases.role.accused' : 'cases.role.victim')}</td>
                    <td data-label={t('cases.list.nextDeadline')}>{next ? formatDate(next.deadline, lang) : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
