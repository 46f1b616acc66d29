import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, send } from '../../api';
import { navigate } from '../../navigate';
import { useErrorText } from '../SignIn';
import { apiOf, PATHS, type MergePreview, type PeopleKind, pageOf, type PersonRecord, type PersonView } from './people';

const FIELDS = { person: ['name', 'gender', 'birth_year', 'employment', 'outlet', 'notes'], organisation: ['name', 'kind', 'region'] } as const;

/**
 * Merging duplicates: pick the other record, choose which one stays, see what the merged record
 * will hold (computed by the server running the real merge and rolling it back), give a reason,
 * and only then confirm.
 */
export function MergePanel({ kind, current, onMerged }: { kind: PeopleKind; current: PersonView; onMerged: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [q, setQ] = useState('');
  const [candidates, setCandidates] = useState<PersonRecord[]>();
  const [other, setOther] = useState<PersonRecord>();
  const [keepThis, setKeepThis] = useState(true);
  const [preview, setPreview] = useState<MergePreview>();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const self = current.record.id;
  const pair = other ? (keepThis ? { duplicate: other.id, into: self } : { duplicate: self, into: other.id }) : undefined;

  const find = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const query = new URLSearchParams({ limit: '20', ...(q.trim() ? { q: q.trim() } : {}) });
    getJson<{ items: PersonRecord[] }>(`${PATHS[kind].api}?${query}`).then((r) => setCandidates(r.items.filter((p) => p.id !== self)), setError);
  };
  const choose = (p: PersonRecord | undefined, keep = keepThis) => {
    setOther(p);
    setKeepThis(keep);
    setPreview(undefined);
    setError(undefined);
  };
  const askPreview = async () => {
    if (!pair) return;
    setBusy(true);
    setError(undefined);
    try {
      setPreview(await send<MergePreview>('POST', `${apiOf(kind, pair.duplicate)}/merge-preview`, { into: pair.into }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    if (!pair) return;
    setBusy(true);
    setError(undefined);
    try {
      await send('POST', `${apiOf(kind, pair.duplicate)}/merge`, { into: pair.into, reason });
      setPreview(undefined);
      setOther(undefined);
      if (pair.into === self) onMerged();
      else navigate(pageOf(kind, pair.into));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="merge-heading" className="merge">
      <h2 id="merge-heading">{t('records.merge.heading')}</h2>
      <form className="filters" role="search" aria-labelledby="merge-heading" onSubmit={find}>
        <label>
          {t('records.merge.find')}
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </label>
        <button type="submit">{t('records.search.submit')}</button>
      </form>
      {candidates ? (
        candidates.length === 0 ? <p>{t('records.search.found', { count: 0 })}</p> : (
          <fieldset>
            <legend>{t('records.merge.other')}</legend>
            {candidates.map((p) => (
              <label key={p.id} className="choice">
                <input type="radio" name="merge-other" checked={other?.id === p.id} onChange={() => choose(p)} />
                {p.name ?? t('records.unnamed')} <span className="meta">· {p.id}</span>
              </label>
            ))}
          </fieldset>
        )
      ) : null}
      {other ? (
        <fieldset>
          <legend>{t('records.merge.stays')}</legend>
          <label className="choice">
            <input type="radio" name="merge-keep" checked={keepThis} onChange={() => choose(other, true)} />
            {t('records.merge.keepThis', { name: current.record.name ?? self })}
          </label>
          <label className="choice">
            <input type="radio" name="merge-keep" checked={!keepThis} onChange={() => choose(other, false)} />
            {t('records.merge.keepOther', { name: other.name ?? other.id })}
          </label>
          <button type="button" className="primary" disabled={busy} onClick={() => void askPreview()}>{t('records.merge.preview')}</button>
        </fieldset>
      ) : null}
      {error ? <p role="alert" className="error">{errorText(error)}</p> : null}
      {preview && pair ? (
        <form className="form merge-preview" onSubmit={(e) => void confirm(e)} aria-labelledby="preview-heading">
          <h3 id="preview-heading">{t('records.merge.previewHeading')}</h3>
          <PreviewTable kind={kind} preview={preview} />
          <p>{t('records.merge.linksMoved', { count: preview.links_moved })}</p>
          {preview.incidents_moved.length ? <p>{t('records.merge.incidentsMoved', { count: preview.incidents_moved.length, ids: preview.incidents_moved.join(', ') })}</p> : null}
          {preview.not_kept.length ? (
            <>
              <p>{t('records.merge.notKept')}</p>
              <ul>
                {preview.not_kept.map((f) => <li key={f.field}>{t(`records.field.${f.field}`, { defaultValue: f.field })}: {show(f.value)}</li>)}
              </ul>
            </>
          ) : null}
          <label>
            {t('records.merge.reason')}
            <textarea required maxLength={2000} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <button type="submit" className="primary" disabled={busy}>{t('records.merge.confirm')}</button>
        </form>
      ) : null}
    </section>
  );
}

/** A stored value as plain text (an outlet by its name). */
function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return String((value as { name?: string; id?: string }).name ?? (value as { id?: string }).id ?? '');
  return String(value);
}

/** The two records and the result side by side, field by field, with the incidents of each. */
function PreviewTable({ kind, preview }: { kind: PeopleKind; preview: MergePreview }) {
  const { t } = useTranslation();
  const columns = [
    ['duplicate', preview.duplicate],
    ['survivor', preview.survivor],
    ['result', preview.result],
  ] as const;
  const value = (v: PersonView, field: string) => {
    const raw = (v.record as unknown as Record<string, unknown>)[field];
    return (field === 'gender' || field === 'employment') && typeof raw === 'string' ? t(`records.${field}.${raw}`) : show(raw);
  };
  return (
    <div className="table-scroll">
      <table className="records-table">
        <caption className="visually-hidden">{t('records.merge.previewHeading')}</caption>
        <thead>
          <tr>
            <td />
            {columns.map(([key, v]) => <th key={key} scope="col">{t(`records.merge.column.${key}`)}<br /><span className="meta">{v.record.id}</span></th>)}
          </tr>
        </thead>
        <tbody>
          {FIELDS[kind].map((field) => (
            <tr key={field}>
              <th scope="row">{t(`records.field.${field}`)}</th>
              {columns.map(([key, v]) => <td key={key}>{value(v, field)}</td>)}
            </tr>
          ))}
          <tr>
            <th scope="row">{t('records.merge.incidentsRow')}</th>
            {columns.map(([key, v]) => <td key={key}>{t('records.merge.incidentCount', { count: v.incidents.length })}: {v.incidents.join(', ') || '—'}</td>)}
          </tr>
        </tbody>
      </table>
    </div>
  );
}
