import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, loadReference, type Reference } from '../../api';
import { formatDate, label } from '../../format';
import { follow } from '../../navigate';
import { hasRole, useSession } from '../../session';
import { RecordHistory } from '../records/RecordHistory';
import { type PeopleKind, pageOf } from '../records/people';
import { useErrorText } from '../SignIn';
import { type CaseView, deadlines, outcomesByInstance } from './legalCase';
import { usePartyNames } from './usePartyNames';

/**
 * /staff/cases/:id: a legal case as the API gives it to this account: kind, the journalist's role,
 * parties, charges by article, the dated timeline, the outcome at each instance, deadlines, the
 * state's investigation of a crime against a journalist, linked incidents, and its history.
 */
export function CasePage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const errorText = useErrorText();
  const session = useSession();
  const [view, setView] = useState<CaseView>();
  const [ref, setRef] = useState<Reference>();
  const [error, setError] = useState<unknown>();
  useEffect(() => void loadReference().then(setRef, () => undefined), []);
  const refs: { kind: PeopleKind; id: string }[] = [];
  for (const p of view?.record.parties ?? []) {
    if (p.person) refs.push({ kind: 'person', id: p.person });
    else if (p.organisation) refs.push({ kind: 'organisation', id: p.organisation });
  }
  for (const c of view?.record.charges ?? []) if (c.person) refs.push({ kind: 'person', id: c.person });
  const names = usePartyNames(refs);
  useEffect(() => {
    setView(undefined);
    setError(undefined);
    getJson<CaseView>(`/api/v1/legal-cases/${encodeURIComponent(id)}`).then(setView, setError);
  }, [id]);

  const back = <a href="/staff/cases" onClick={follow}>← {t('cases.list.heading')}</a>;
  if (error) return (<>{back}<p role="alert" className="error">{errorText(error)}</p></>);
  if (!view) return <p aria-busy="true">{t('records.loading')}</p>;
  const c = view.record;
  const secret = new Set(c.confidential_fields);
  const mark = (field: string) => (secret.has(field) ? <> <span className="badge-confidential">{t('records.confidential')}</span></> : null);
  const events = [...c.events].sort((a, b) => a.date.localeCompare(b.date));
  const due = deadlines(c.events);
  const outcomes = outcomesByInstance(c.events);
  const article = (code: string) => `${code} · ${label(ref?.articles.get(code), lang, code)}`;
  return (
    <article className="record" aria-labelledby="case-heading">
      {back}
      <h1 id="case-heading">{c.title}</h1>
      <dl className="facts">
        <div className="fact"><dt>{t('cases.field.kind')}</dt><dd>{t(`cases.kind.${c.kind}`)}</dd></div>
        <div className="fact"><dt>{t('cases.field.role')}</dt><dd>{t(c.against_journalist ? 'cases.role.accused' : 'cases.role.victim')}</dd></div>
        {c.case_number || secret.has('case_number') ? <div className="fact"><dt>{t('cases.field.number')}</dt><dd>{c.case_number ?? t('records.hidden')}{mark('case_number')}</dd></div> : null}
        {c.court ? <div className="fact"><dt>{t('cases.field.court')}</dt><dd>{c.court}</dd></div> : null}
        {!c.against_journalist ? (
          <div className="fact"><dt>{t('cases.field.investigation')}</dt><dd>{c.investigation_status ? t(`cases.investigation.${c.investigation_status}`) : t('cases.investigation.unknown')}</dd></div>
        ) : null}
        {view.assignees.length ? <div className="fact"><dt>{t('cases.field.assignees')}</dt><dd>{view.assignees.join(', ')}</dd></div> : null}
      </dl>

      <section aria-labelledby="parties-heading">
        <h2 id="parties-heading">{t('cases.parties')}{mark('parties')}</h2>
        {c.parties.length ? (
          <ul>
            {c.parties.map((p, i) => (
              <li key={i}>
                {p.person ? <a href={pageOf('person', p.person)} onClick={follow}>{p.name ?? names.get(`person:${p.person}`) ?? p.person}</a> : p.organisation ? <a href={pageOf('organisation', p.organisation)} onClick={follow}>{p.name ?? names.get(`organisation:${p.organisation}`) ?? p.organisation}</a> : p.name}
                {' '}({t(`cases.party.${p.role}`, { defaultValue: p.role })})
              </li>
            ))}
          </ul>
        ) : <p>{t('cases.none')}</p>}
      </section>

      <section aria-labelledby="charges-heading">
        <h2 id="charges-heading">{t('cases.charges')}</h2>
        {c.charges.length ? (
          <ul className="charges">
            {c.charges.map((ch, i) => (
              <li key={i}>
                {article(ch.article)}
                {ch.person ? <> · <a href={pageOf('person', ch.person)} onClick={follow}>{names.get(`person:${ch.person}`) ?? ch.person}</a></> : null}
              </li>
            ))}
          </ul>
        ) : <p>{t('cases.none')}</p>}
      </section>

      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t('cases.timeline')}</h2>
        {events.length ? (
          <ol className="timeline">
            {events.map((e, i) => (
              <li key={i}>
                <strong>{formatDate(e.date, lang)}</strong> · {t(`cases.event.${e.kind}`, { defaultValue: e.kind })}
                {e.instance ? <> · {t(`cases.instance.${e.instance}`)}</> : null}
                {e.outcome ? <> · <em>{t(`cases.outcome.${e.outcome}`, { defaultValue: e.outcome })}</em></> : null}
                {e.deadline ? <> · {t('cases.deadlineOn', { date: formatDate(e.deadline, lang) })}</> : null}
                {e.detail ? <p>{e.detail}</p> : null}
              </li>
            ))}
          </ol>
        ) : <p>{t('cases.none')}</p>}
      </section>

      <section aria-labelledby="outcomes-heading">
        <h2 id="outcomes-heading">{t('cases.outcomes')}</h2>
        {outcomes.length ? (
          <dl className="facts">
            {outcomes.map((o) => (
              <div className="fact" key={o.instance}>
                <dt>{t(`cases.instance.${o.instance}`)}</dt>
                <dd>{t(`cases.outcome.${o.outcome}`, { defaultValue: o.outcome })} ({formatDate(o.date, lang)})</dd>
              </div>
            ))}
          </dl>
        ) : <p>{t('cases.noOutcome')}</p>}
      </section>

      <section aria-labelledby="deadlines-heading">
        <h2 id="deadlines-heading">{t('cases.deadlines')}</h2>
        {due.length ? (
          <ul className="deadlines">
            {due.map((d, i) => (
              <li key={i} className={d.past ? 'deadline-past' : 'deadline-upcoming'}>
                <strong>{formatDate(d.deadline, lang)}</strong> · {t(`cases.event.${d.kind}`, { defaultValue: d.kind })}
                {d.detail ? ` · ${d.detail}` : ''}{' '}
                <span className="badge">{t(d.past ? 'cases.past' : 'cases.upcoming')}</span>
              </li>
            ))}
          </ul>
        ) : <p>{t('cases.none')}</p>}
      </section>

      <section aria-labelledby="linked-heading">
        <h2 id="linked-heading">{t('cases.incidents')}</h2>
        <ul>
          {view.incidents.map((i) => <li key={i}><a href={`/staff/incidents/${encodeURIComponent(i)}`} onClick={follow}>{i}</a></li>)}
        </ul>
      </section>

      {c.notes || secret.has('notes') ? (
        <section aria-labelledby="notes-heading">
          <h2 id="notes-heading">{t('cases.notes')}{mark('notes')}</h2>
          <p>{c.notes ?? t('records.hidden')}</p>
        </section>
      ) : null}

      {hasRole(session, 'administrator', 'editor') ? <RecordHistory url={`/api/v1/legal-cases/${encodeURIComponent(id)}/history`} /> : null}
    </article>
  );
}
