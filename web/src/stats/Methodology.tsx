import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson } from '../api';
import { follow } from '../navigate';

interface MethodologyText {
  tables: { id: string; version: string; section: string | null; title: string; count: string; methodology: string }[];
  indicators: { id: string; title: string; description: string; methodology: string }[];
  boundaries: { title: string; methodology: string };
}

/** How every number of the statistics is counted: each named table's note, SDG 16.10.1's and impunity's. */
export function Methodology() {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState<MethodologyText>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    getJson<MethodologyText>(`/api/v1/stats/methodology?lang=${i18n.language}`).then(setText, (e: Error) => setError(e.message));
  }, [i18n.language]);

  return (
    <article className="methodology" aria-labelledby="method-heading">
      <h1 id="method-heading">{t('stats.methodologyHeading')}</h1>
      <p className="back">
        <a href="/statistics" onClick={follow}>{t('stats.back')}</a>
      </p>
      {error ? <p role="alert">{t('stats.error', { message: error })}</p> : null}
      {!text && !error ? <p aria-busy="true">{t('stats.loading')}</p> : null}
      {text ? (
        <>
          <h2>{t('stats.indicators')}</h2>
          {text.indicators.map((i) => (
            <section key={i.id} id={i.id} aria-labelledby={`m-${i.id}`}>
              <h3 id={`m-${i.id}`}>{i.title}</h3>
              {i.description ? <p className="hint">{i.description}</p> : null}
              <p>{i.methodology}</p>
            </section>
          ))}
          <h2>{t('stats.tables')}</h2>
          {text.tables.map((d) => (
            <section key={d.id} id={d.id} aria-labelledby={`m-${d.id}`} className="definition">
              <h3 id={`m-${d.id}`}>{d.title}</h3>
              <p className="hint">{t('stats.definitionMeta', { id: d.id, version: d.version })}</p>
              <p>{d.methodology}</p>
            </section>
          ))}
          <h2>{text.boundaries.title}</h2>
          <p>{text.boundaries.methodology}</p>
        </>
      ) : null}
    </article>
  );
}
