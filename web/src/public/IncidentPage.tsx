import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, type Incident, loadReference, type Reference } from '../api';
import { navigate } from '../navigate';
import { formatDate, formatDateRange, label, place } from '../format';

/** One published incident: what happened, to whom, by whom, what followed, and the sources. */
export function IncidentPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [doc, setDoc] = useState<Incident | null | undefined>();
  const [ref, setRef] = useState<Reference>();
  useEffect(() => {
    void loadReference().then(setRef, () => undefined);
    getJson<{ doc: Incident }>(`/api/v1/incidents/${encodeURIComponent(id)}`).then(
      (r) => setDoc(r.doc),
      () => setDoc(null),
    );
  }, [id]);

  const back = (
    <a href="/" onClick={(e) => { e.preventDefault(); navigate('/'); }}>
      ← {t('incident.back')}
    </a>
  );
  if (doc === undefined) return <p aria-live="polite">{t('list.loading')}</p>;
  if (doc === null) return (<><p role="alert">{t('incident.notFound')}</p>{back}</>);

  const text = doc.texts[lang] ?? doc.texts[doc.source_language]!;
  const shownLang = doc.texts[lang] ? lang : doc.source_language;
  const l = (map: Map<string, Record<string, string>> | undefined, code: string) => label(map?.get(code), lang, code);
  return (
    <article lang={shownLang}>
      {back}
      <h1>{text.title}</h1>
      {text.translation !== 'original' && text.translation !== 'reviewed' ? <p className="note">{t('incident.translation')}</p> : null}
      <dl className="facts">
        <dt>{t('incident.date')}</dt>
        <dd>{formatDateRange(doc.date, doc.date_end, lang)}</dd>
        {doc.region || doc.settlement ? (
          <>
            <dt>{t('incident.place')}</dt>
            <dd>{place(doc.settlement, doc.region ? l(ref?.regions, doc.region) : undefined).replace(/^ · /, '')}</dd>
          </>
        ) : null}
      </dl>
      {text.description.split(/\n{2,}/).map((para, i) => (
        <p key={i}>{para}</p>
      ))}
      <h2>{t('incident.acts')}</h2>
      <ul className="acts">
        {doc.acts.map((act, i) => (
          <li key={i}>
            <strong>{l(ref?.types, act.type)}</strong>
            <br />
            {t('incident.victim')}: {act.person?.name ?? act.organisation?.name ?? t('incident.unnamed')} ({l(ref?.groups, act.victim_group)})
            {act.perpetrators.length ? (
              <>
                <br />
                {t('incident.perpetrators')}: {act.perpetrators.map((p) => p.name ?? l(ref?.perpetrators, p.perpetrator_type)).join('; ')}
              </>
            ) : null}
            {act.outcome ? (
              <>
                <br />
                {t('incident.outcome')}: {act.outcome}
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {doc.legal_cases.length ? (
        <>
          <h2>{t('incident.cases')}</h2>
          {doc.legal_cases.map((c) => (
            <section key={c.id} className="case">
              <h3>{c.title}</h3>
              {c.charges.length ? <p>{t('incident.charges')}: {c.charges.map((ch) => l(ref?.articles, ch.article)).join('; ')}</p> : null}
              <ol>
                {c.events.map((e, i) => (
                  <li key={i}>
                    <time dateTime={e.date}>{formatDate(e.date, lang)}</time>: {e.detail ?? e.kind}
                  </li>
                ))}
              </ol>
            </section>
          ))}
        </>
      ) : null}
      {doc.sources.length ? (
        <>
          <h2>{t('incident.sources')}</h2>
          <ul>
            {doc.sources.map((s, i) => (
              <li key={i}>{s.url ? <a href={s.url} rel="noopener noreferrer nofollow">{s.citation}</a> : s.citation}</li>
            ))}
          </ul>
        </>
      ) : null}
    </article>
  );
}
