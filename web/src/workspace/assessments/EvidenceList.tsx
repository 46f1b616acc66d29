import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, getJson, send } from '../../api';
import { formatMoment, label } from '../../format';
import { follow } from '../../navigate';
import { base, type Evidence, type Item, type SnapshotSummary } from './types';

const KINDS = ['incident', 'stats_table', 'dataset', 'document'] as const;
type Kind = (typeof KINDS)[number];

/** Uploads go as multipart/form-data, which `send` does not write; the session's CSRF token is asked for afresh. */
async function upload(assessmentId: string, file: File): Promise<{ id: string }> {
  const { csrf_token } = await getJson<{ csrf_token: string | null }>('/api/v1/auth/session');
  const body = new FormData();
  body.append('file', file);
  const res = await fetch(`${base(assessmentId)}/documents`, { method: 'POST', body, headers: { accept: 'application/json', ...(csrf_token ? { 'x-csrf-token': csrf_token } : {}) } });
  const json = (await res.json().catch(() => ({}))) as { id?: string; error?: { message?: string; code?: string; issues?: [] } };
  if (!res.ok) throw new ApiError(json.error?.message ?? String(res.status), res.status, json.error?.code ?? 'http', json.error?.issues ?? []);
  return json as { id: string };
}

/** What an item cites, with forms to add an incident, a frozen statistics table, a dataset or a document. */
export function EvidenceList(props: { assessmentId: string; item: Item; editable: boolean; onChanged: () => void; onError: (e: unknown) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const url = `${base(props.assessmentId)}/items/${encodeURIComponent(props.item.element_id)}/evidence`;
  const [kind, setKind] = useState<Kind>('incident');
  const [ref, setRef] = useState('');
  const [snapshots, setSnapshots] = useState<SnapshotSummary[]>();
  const [dataset, setDataset] = useState({ title: '', columns: '', rows: '' });
  const [file, setFile] = useState<File | null>(null);
  useEffect(() => {
    if (kind === 'stats_table' && !snapshots) getJson<{ items: SnapshotSummary[] }>(`${base(props.assessmentId)}/snapshots`).then((r) => setSnapshots(r.items), props.onError);
  }, [kind, snapshots, props.assessmentId, props.onError]);
  const latest = snapshots?.[0];

  const run = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setRef('');
      setDataset({ title: '', columns: '', rows: '' });
      setFile(null);
      props.onChanged();
    } catch (error) {
      props.onError(error);
    }
  };
  const add = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      if (kind === 'incident') return send('POST', url, { kind, ref: ref.trim() });
      if (kind === 'stats_table') return send('POST', url, { kind, ref, snapshot_id: latest?.id ?? '' });
      if (kind === 'dataset') {
        const cells = (line: string) => line.split(';').map((c) => c.trim());
        return send('POST', url, { kind, title: { [lang]: dataset.title.trim() }, columns: cells(dataset.columns), rows: dataset.rows.split('\n').filter((l) => l.trim()).map(cells) });
      }
      if (!file) throw new ApiError(t('assessment.evidence.chooseFile'), 400, 'validation_failed');
      const doc = await upload(props.assessmentId, file);
      return send('POST', url, { kind, ref: doc.id });
    });
  };
  const snapshotNow = () => void run(async () => setSnapshots([await send<SnapshotSummary>('POST', `${base(props.assessmentId)}/snapshots`), ...(snapshots ?? [])]));

  return (
    <section aria-labelledby="evidence-heading">
      <h3 id="evidence-heading">{t('assessment.evidence.heading')}</h3>
      {props.item.evidence.length ? (
        <ul className="evidence">
          {props.item.evidence.map((e) => (
            <li key={e.id}>
              <EvidenceText evidence={e} assessmentId={props.assessmentId} />{' '}
              {props.editable ? (
                <button type="button" onClick={() => void run(() => send('DELETE', `${url}/${encodeURIComponent(e.id)}`))} aria-label={t('assessment.evidence.removeOne', { what: e.ref ?? label(e.data.title, lang, e.kind) })}>
                  {t('assessment.evidence.remove')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('assessment.evidence.none')}</p>
      )}
      {props.editable ? (
        <form onSubmit={add} className="evidence-form">
          <label>
            {t('assessment.evidence.kind')}
            <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
              {KINDS.map((k) => <option key={k} value={k}>{t(`assessment.evidence.kinds.${k}`)}</option>)}
            </select>
          </label>
          {kind === 'incident' ? (
            <label>{t('assessment.evidence.incidentId')}<input value={ref} required onChange={(e) => setRef(e.target.value)} /></label>
          ) : null}
          {kind === 'stats_table' ? (
            latest ? (
              <label>
                {t('assessment.evidence.table', { date: formatMoment(latest.taken_at, lang) })}
                <select value={ref} required onChange={(e) => setRef(e.target.value)}>
                  <option value="">—</option>
                  {latest.tables.map((tb) => <option key={tb.id} value={tb.id}>{label(tb.title, lang, tb.id)} ({tb.version})</option>)}
                </select>
              </label>
            ) : (
              <p>
                {t('assessment.evidence.noSnapshot')} <button type="button" onClick={snapshotNow}>{t('assessment.evidence.takeSnapshot')}</button>
              </p>
            )
          ) : null}
          {kind === 'dataset' ? (
            <>
              <label>{t('assessment.evidence.datasetTitle')}<input value={dataset.title} required onChange={(e) => setDataset({ ...dataset, title: e.target.value })} /></label>
              <label>{t('assessment.evidence.columns')}<input value={dataset.columns} required onChange={(e) => setDataset({ ...dataset, columns: e.target.value })} /></label>
              <label>{t('assessment.evidence.rows')}<textarea rows={4} value={dataset.rows} onChange={(e) => setDataset({ ...dataset, rows: e.target.value })} /></label>
            </>
          ) : null}
          {kind === 'document' ? (
            <label>{t('assessment.evidence.file')}<input type="file" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} /></label>
          ) : null}
          <button type="submit" disabled={kind === 'stats_table' && !latest}>{t('assessment.evidence.add')}</button>
        </form>
      ) : null}
    </section>
  );
}

function EvidenceText({ evidence: e, assessmentId }: { evidence: Evidence; assessmentId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const kind = t(`assessment.evidence.kinds.${e.kind}`);
  if (e.kind === 'incident') {
    return (
      <span>
        {kind}: <a href={`/staff/incidents/${encodeURIComponent(e.ref!)}`} onClick={follow}>{e.ref}</a>
        {e.data.titles ? ` · ${label(e.data.titles, lang, e.ref!)}` : ''}
      </span>
    );
  }
  if (e.kind === 'stats_table') return <span>{kind}: {label(e.data.title, lang, e.ref!)}</span>;
  if (e.kind === 'document') return <span>{kind}: <a href={`${base(assessmentId)}/documents/${encodeURIComponent(e.ref!)}`}>{e.data.filename}</a></span>;
  return (
    <span>
      {kind}: {label(e.data.title, lang, '')} ({t('assessment.evidence.size', { rows: e.data.rows?.length ?? 0, columns: e.data.columns?.length ?? 0 })})
    </span>
  );
}
