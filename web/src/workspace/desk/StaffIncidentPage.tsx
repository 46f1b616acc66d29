import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, getJson } from '../../api';
import { formatDate, formatDateRange, formatMoment } from '../../format';
import { follow } from '../../navigate';
import { useErrorText } from '../SignIn';
import { Confidential } from './Confidential';
import { HistoryList } from './HistoryList';
import { actorName, useCodeLabel, useDeskReference } from './labels';
import type { HistoryEntry, IncidentView, StaffIncident, TransitionEntry } from './types';
import { WorkflowActions } from './WorkflowActions';

type Loaded<T> = T | undefined | { error: string };
const failed = <T,>(v: Loaded<T>): v is { error: string } => typeof v === 'object' && v !== null && 'error' in v;

/**
 * One incident as the signed-in reader may see it, with what is confidential marked as such, its
 * workflow, its status log and every change made to it.
 */
export function StaffIncidentPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const errorText = useErrorText();
  const ref = useDeskReference();
  const labelOf = useCodeLabel(ref);
  const [view, setView] = useState<Loaded<IncidentView>>();
  const [log, setLog] = useState<Loaded<{ history: HistoryEntry[]; transitions: TransitionEntry[] }>>();

  const load = () => {
    const path = `/api/v1/incidents/${encodeURIComponent(id)}`;
    getJson<IncidentView>(path).then(setView, (err: unknown) => setView({ error: errorText(err) }));
    getJson<{ history: HistoryEntry[]; transitions: TransitionEntry[] }>(`${path}/history`).then(setLog, (err: unknown) =>
      // A role without the history permission simply has no history section.
      setLog(err instanceof ApiError && err.status === 403 ? undefined : { error: errorText(err) }),
    );
  };
  useEffect(load, [id]);

  const back = (
    <a href="/staff/incidents" onClick={follow}>
      ← {t('desk.incident.back')}
    </a>
  );
  if (view === undefined) return <p aria-busy="true">{t('desk.incident.loading')}</p>;
  if (failed(view)) return (<>{back}<p role="alert">{view.error}</p></>);

  const doc = view.doc;
  const shownLang = doc.texts[lang] ? lang : doc.source_language;
  const title = doc.texts[shownLang]?.title ?? doc.id;
  const hidden = new Set(doc.confidential_fields);

  return (
    <article className="desk-incident" aria-labelledby="desk-incident-heading">
      {back}
      <h1 id="desk-incident-heading" lang={shownLang}>{title}</h1>
      {doc.confidential && (
        <p className="confidential-banner">
          <Confidential /> {t('desk.incident.recordConfidential')}
        </p>
      )}
      <div className="desk-actions">
        <WorkflowActions id={doc.id} status={doc.status} version={view.version} onChanged={load} />
        <a className="button-link" href={`/staff/incidents/${encodeURIComponent(doc.id)}/edit`} onClick={follow}>
          {t('desk.incident.edit')}
        </a>
      </div>

      <h2>{t('desk.incident.facts')}</h2>
      <dl className="facts">
        <dt>{t('desk.incident.id')}</dt>
        <dd>{doc.id}</dd>
        <dt>{t('desk.incident.date')}</dt>
        <dd>{formatDateRange(doc.date, doc.date_end, lang)}</dd>
        {doc.region && (<><dt>{t('desk.incident.region')}</dt><dd>{labelOf('region', doc.region)}</dd></>)}
        {doc.settlement && (<><dt>{t('desk.incident.settlement')}</dt><dd>{doc.settlement} <Confidential when={hidden.has('settlement')} /></dd></>)}
        {doc.context.length > 0 && (<><dt>{t('desk.incident.context')}</dt><dd>{doc.context.map((c) => labelOf('context', c)).join(', ')}</dd></>)}
        <dt>{t('desk.incident.language')}</dt>
        <dd>{doc.source_language}</dd>
        <dt>{t('desk.incident.version')}</dt>
        <dd>{view.version}</dd>
        <dt>{t('desk.incident.created')}</dt>
        <dd><time dateTime={view.created_at}>{formatMoment(view.created_at, lang)}</time></dd>
        <dt>{t('desk.incident.updated')}</dt>
        <dd><time dateTime={view.updated_at}>{formatMoment(view.updated_at, lang)}</time></dd>
      </dl>

      <h2>{t('desk.incident.texts')}</h2>
      {Object.entries(doc.texts).map(([l, text]) => (
        <section key={l} lang={l} className="desk-text">
          <h3>{l.toUpperCase()}: {text.title}</h3>
          {text.translation !== 'original' && <p className="note">{t('desk.incident.translation', { state: text.translation })}</p>}
          {hidden.has('description') && <Confidential />}
          {text.description ? text.description.split(/\n{2,}/).map((para, i) => <p key={i}>{para}</p>) : <p className="status">{t('desk.incident.noDescription')}</p>}
        </section>
      ))}

      <Acts doc={doc} labelOf={labelOf} />
      <Sources doc={doc} />

      <h2>{t('desk.incident.cases')}</h2>
      {doc.legal_cases.length === 0 ? (
        <p>{t('desk.incident.noCases')}</p>
      ) : (
        <ul>
          {doc.legal_cases.map((c) => (
            <li key={c.id}>
              <a href={`/staff/cases/${encodeURIComponent(c.id)}`} onClick={follow}>{c.title}</a> ({t(`desk.caseKind.${c.kind}`, { defaultValue: c.kind })})
              {c.charges.length > 0 && <> · {t('desk.incident.charges')}: {[...new Set(c.charges.map((ch) => labelOf('article', ch.article)))].join('; ')}</>}
            </li>
          ))}
        </ul>
      )}

      {log !== undefined && (
        <>
          <h2>{t('desk.incident.transitions')}</h2>
          {failed(log) ? (
            <p role="alert">{log.error}</p>
          ) : log.transitions.length === 0 ? (
            <p>{t('desk.incident.noTransitions')}</p>
          ) : (
            <table className="transitions">
              <thead>
                <tr>
                  <th scope="col">{t('desk.incident.when')}</th>
                  <th scope="col">{t('desk.incident.from')}</th>
                  <th scope="col">{t('desk.incident.to')}</th>
                  <th scope="col">{t('desk.incident.who')}</th>
                  <th scope="col">{t('desk.incident.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {log.transitions.map((tr, i) => (
                  <tr key={i}>
                    <td><time dateTime={tr.at}>{formatMoment(tr.at, lang)}</time></td>
                    <td>{tr.from_status ? t(`desk.status.${tr.from_status}`) : '—'}</td>
                    <td>{t(`desk.status.${tr.to_status}`)}</td>
                    <td>{actorName(tr.actor)}</td>
                    <td>{tr.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2>{t('desk.incident.history')}</h2>
          {failed(log) ? null : <HistoryList entries={log.history} />}
        </>
      )}
    </article>
  );
}

function Acts({ doc, labelOf }: { doc: StaffIncident; labelOf: (kind: string, code: string) => string }) {
  const { t } = useTranslation();
  return (
    <>
      <h2>{t('desk.incident.acts')}</h2>
      <ol className="acts">
        {doc.acts.map((act, i) => {
          const victimHidden = act.confidential_fields.includes('victim');
          const person = act.person;
          const personHidden = new Set(person?.confidential_fields ?? []);
          return (
            <li key={act.id ?? i}>
              <strong>{labelOf('type', act.type)}</strong>
              <dl className="facts">
                <dt>{t('desk.incident.group')}</dt>
                <dd>{labelOf('victim_group', act.victim_group)}</dd>
                <dt>{t('desk.incident.victim')}</dt>
                <dd>
                  {person ? (
                    <a href={`/staff/persons/${encodeURIComponent(person.id)}`} onClick={follow}>{person.name ?? t('desk.incident.unnamed')}</a>
                  ) : act.organisation ? (
                    <a href={`/staff/organisations/${encodeURIComponent(act.organisation.id)}`} onClick={follow}>{act.organisation.name ?? act.organisation.id}</a>
                  ) : (
                    t('desk.incident.unnamed')
                  )}{' '}
                  <Confidential when={victimHidden || personHidden.has('name')} />
                  {person?.gender && <> · {t(`desk.gender.${person.gender}`)}</>}
                </dd>
                {person?.birth_year != null && (<><dt>{t('desk.incident.birthYear')}</dt><dd>{person.birth_year} <Confidential when={victimHidden || personHidden.has('birth_year')} /></dd></>)}
                {person?.contact && (<><dt>{t('desk.incident.contact')}</dt><dd>{person.contact} <Confidential /></dd></>)}
                {person?.notes && (<><dt>{t('desk.incident.notes')}</dt><dd>{person.notes} <Confidential when={victimHidden || personHidden.has('notes')} /></dd></>)}
                {act.outcome && (<><dt>{t('desk.incident.outcome')}</dt><dd>{act.outcome} <Confidential when={act.confidential_fields.includes('outcome')} /></dd></>)}
                <dt>{t('desk.incident.perpetrators')}</dt>
                <dd>
                  {act.perpetrators.length === 0 ? (
                    t('desk.incident.noPerpetrators')
                  ) : (
                    <ul className="plain">
                      {act.perpetrators.map((p, j) => (
                        <li key={j}>
                          {labelOf('perpetrator_type', p.perpetrator_type)}
                          {p.name ? `: ${p.name}` : ''} ({t(`desk.incident.degree.${p.degree}`, { defaultValue: p.degree })})
                        </li>
                      ))}
                    </ul>
                  )}
                </dd>
              </dl>
            </li>
          );
        })}
      </ol>
    </>
  );
}

function Sources({ doc }: { doc: StaffIncident }) {
  const { t, i18n } = useTranslation();
  const allHidden = doc.confidential_fields.includes('sources');
  return (
    <>
      <h2>
        {t('desk.incident.sources')} <Confidential when={allHidden} />
      </h2>
      {doc.sources.length === 0 ? (
        <p>{t('desk.incident.noSources')}</p>
      ) : (
        <ol className="sources">
          {doc.sources.map((s, i) => {
            const hidden = new Set(s.confidential_fields);
            return (
              <li key={s.id ?? i}>
                <p>
                  <span className="citation">{s.citation}</span> <Confidential when={hidden.has('citation')} />
                </p>
                <p className="meta">
                  {t(`desk.sourceKind.${s.kind}`, { defaultValue: s.kind })} · {t('desk.incident.reliability')}: {t(`desk.reliability.${s.reliability}`, { defaultValue: s.reliability })} ·{' '}
                  <span className={s.public ? 'public-flag' : 'private-flag'}>{s.public ? t('desk.incident.public') : t('desk.incident.notPublic')}</span>
                  {s.published_on && <> · {t('desk.incident.publishedOn')}: {formatDate(s.published_on, i18n.language)}</>}
                </p>
                {s.url && (
                  <p>
                    {/^https?:\/\//i.test(s.url) ? <a href={s.url} rel="noopener noreferrer nofollow">{s.url}</a> : s.url} <Confidential when={hidden.has('url')} />
                  </p>
                )}
                {s.identity && (
                  <p>
                    {t('desk.incident.identity')}: {s.identity} <Confidential />
                  </p>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </>
  );
}
