import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, send } from '../../api';
import { ErrorBox } from './ErrorBox';

const LANGS = ['en', 'ru', 'kk'] as const;
const FORMATS = ['pdf', 'docx', 'html'] as const;
/** How often the page asks how far the render has got. */
const POLL_MS = 700;

interface ReportJob {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  step: string | null;
  progress: number;
  error: string | null;
  filename: string | null;
}

/**
 * Renders the assessment's national report: pick a language and a format, start, watch the
 * progress, then download. The render runs on the server as a job; the panel polls it.
 */
export function ReportPanel({ assessmentId }: { assessmentId: string }) {
  const { t, i18n } = useTranslation();
  const initial = (LANGS as readonly string[]).includes(i18n.language) ? (i18n.language as (typeof LANGS)[number]) : 'en';
  const [lang, setLang] = useState<(typeof LANGS)[number]>(initial);
  const [format, setFormat] = useState<(typeof FORMATS)[number]>('pdf');
  const [job, setJob] = useState<ReportJob | null>(null);
  const [error, setError] = useState<unknown>(null);

  const running = job !== null && (job.status === 'queued' || job.status === 'running');
  useEffect(() => {
    if (!job || !running) return;
    const timer = setTimeout(() => {
      getJson<ReportJob>(`/api/v1/report-jobs/${job.id}`).then(setJob, setError);
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [job, running]);

  const start = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setJob(null);
    try {
      setJob(await send<ReportJob>('POST', `/api/v1/assessments/${encodeURIComponent(assessmentId)}/report`, { lang, format }));
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section className="report-panel" aria-labelledby="report-panel-title">
      <h2 id="report-panel-title">{t('report.title')}</h2>
      <form onSubmit={start}>
        <label>
          {t('report.language')}{' '}
          <select value={lang} onChange={(e) => setLang(e.target.value as (typeof LANGS)[number])} disabled={running}>
            {LANGS.map((l) => (
              <option key={l} value={l}>
                {t(`report.languages.${l}`)}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('report.format')}{' '}
          <select value={format} onChange={(e) => setFormat(e.target.value as (typeof FORMATS)[number])} disabled={running}>
            {FORMATS.map((f) => (
              <option key={f} value={f}>
                {t(`report.formats.${f}`)}
              </option>
            ))}
          </select>
        </label>{' '}
        <button type="submit" disabled={running}>
          {t('report.start')}
        </button>
      </form>
      {job && running ? (
        <div className="report-progress">
          <div role="progressbar" aria-label={t('report.progress')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={job.progress} style={{ background: '#e6ebf0', height: '0.6rem', borderRadius: '0.3rem' }}>
            <div style={{ width: `${job.progress}%`, height: '100%', background: '#0b5d9e', borderRadius: '0.3rem', transition: 'width .3s' }} />
          </div>
          <p aria-live="polite">{t(`report.steps.${job.step ?? 'queued'}`)}</p>
        </div>
      ) : null}
      {job?.status === 'done' ? (
        <p>
          <a href={`/api/v1/report-jobs/${job.id}/file`} download={job.filename ?? undefined}>
            {t('report.download', { file: job.filename })}
          </a>
        </p>
      ) : null}
      {job?.status === 'failed' ? (
        <p role="alert" className="error">
          {t('report.failed', { reason: job.error })}
        </p>
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
    </section>
  );
}
