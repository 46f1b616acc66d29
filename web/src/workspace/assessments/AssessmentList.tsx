import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, send } from '../../api';
import { formatNumber, label } from '../../format';
import { follow, navigate } from '../../navigate';
import { useSession } from '../../session';
import { useErrorText } from '../SignIn';
import { type AssessmentSummary, base, type Overview } from './types';

const WRITERS = ['administrator', 'editor', 'analyst'];

/** /staff/assessments: every assessment with how far it has got, and a form to start one. */
export function AssessmentList() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const errorText = useErrorText();
  const session = useSession();
  const [items, setItems] = useState<AssessmentSummary[]>();
  const [overviews, setOverviews] = useState<Record<string, Overview>>({});
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    getJson<{ items: AssessmentSummary[] }>('/api/v1/assessments').then((r) => {
      setItems(r.items);
      for (const a of r.items) void getJson<Overview>(`${base(a.id)}/overview`).then((o) => setOverviews((prev) => ({ ...prev, [a.id]: o })), () => undefined);
    }, setError);
  }, []);
  const countries = [...new Set((items ?? []).map((a) => a.country))];
  const mayWrite = session?.user.roles.some((r) => WRITERS.includes(r));
  const number = (value: number) => formatNumber(value, lang, 1);

  return (
    <section aria-labelledby="assessments-heading">
      <h1 id="assessments-heading">{t('assessment.list.heading')}</h1>
      {error ? <p role="alert" className="error">{errorText(error)}</p> : null}
      {items === undefined && !error ? <p aria-busy="true">{t('assessment.loading')}</p> : null}
      {items && items.length === 0 ? <p>{t('assessment.list.none')}</p> : null}
      {items?.length ? (
        <div className="table-scroll">
          <table className="records-table">
            <caption className="visually-hidden">{t('assessment.list.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('assessment.field.title')}</th>
                <th scope="col">{t('assessment.field.country')}</th>
                <th scope="col">{t('assessment.field.year')}</th>
                <th scope="col">{t('assessment.overview.assessed')}</th>
                <th scope="col">{t('assessment.overview.awaiting')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => {
                const o = overviews[a.id];
                return (
                  <tr key={a.id}>
                    <td><a href={`/staff/assessments/${encodeURIComponent(a.id)}`} onClick={follow}>{label(a.title, lang, a.id)}</a></td>
                    <td>{a.country}</td>
                    <td>{a.year}</td>
                    <td>{o ? t('assessment.overview.share', { assessed: o.assessed, total: o.elements, percent: number(o.assessed_percent) }) : '…'}</td>
                    <td>{o ? t('assessment.overview.items', { count: o.awaiting_review.length }) : '…'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {countries.length ? (
        <p>
          {t('assessment.trends.heading')}:{' '}
          {countries.map((c) => (
            <a key={c} href={`/staff/assessments/trends?country=${c}`} onClick={follow} className="button-link">{c}</a>
          ))}
        </p>
      ) : null}
      {mayWrite ? <CreateAssessment /> : null}
    </section>
  );
}

function CreateAssessment() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [frameworks, setFrameworks] = useState<{ id: string; title: Record<string, string> }[]>([]);
  const [form, setForm] = useState({ country: 'KZ', year: String(new Date().getFullYear()), framework: '', title: '' });
  const [error, setError] = useState<unknown>();
  useEffect(() => void getJson<{ items: { id: string; title: Record<string, string> }[] }>('/api/v1/frameworks').then((r) => {
    setFrameworks(r.items);
    setForm((f) => ({ ...f, framework: r.items.at(-1)?.id ?? '' }));
  }, setError), []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      const created = await send<{ id: string }>('POST', '/api/v1/assessments', { country: form.country.trim().toUpperCase(), year: Number(form.year), framework: form.framework, title: { en: form.title.trim() } });
      navigate(`/staff/assessments/${encodeURIComponent(created.id)}`);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={submit} className="filters" aria-labelledby="new-assessment">
      <h2 id="new-assessment">{t('assessment.create.heading')}</h2>
      <label>{t('assessment.field.country')}<input value={form.country} maxLength={2} required onChange={(e) => setForm({ ...form, country: e.target.value })} /></label>
      <label>{t('assessment.field.year')}<input type="number" value={form.year} required onChange={(e) => setForm({ ...form, year: e.target.value })} /></label>
      <label>
        {t('assessment.field.framework')}
        <select value={form.framework} onChange={(e) => setForm({ ...form, framework: e.target.value })}>
          {frameworks.map((f) => <option key={f.id} value={f.id}>{f.id}</option>)}
        </select>
      </label>
      <label>{t('assessment.field.titleEn')}<input value={form.title} required onChange={(e) => setForm({ ...form, title: e.target.value })} /></label>
      <button type="submit">{t('assessment.create.submit')}</button>
      {error ? <p role="alert" className="error">{errorText(error)}</p> : null}
    </form>
  );
}
