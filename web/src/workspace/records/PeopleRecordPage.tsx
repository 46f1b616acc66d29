import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, loadReference, type Reference } from '../../api';
import { label } from '../../format';
import { follow } from '../../navigate';
import { hasRole, useSession } from '../../session';
import { useErrorText } from '../SignIn';
import { IncidentsAbout } from './IncidentsAbout';
import { MergePanel } from './MergePanel';
import { apiOf, pageOf, type PeopleKind, type PersonRecord, type PersonView } from './people';
import { RecordHistory } from './RecordHistory';

/** /staff/persons/:id and /staff/organisations/:id: the record, every incident about it, merging, history. */
export function PeopleRecordPage({ kind, id }: { kind: PeopleKind; id: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const session = useSession();
  const [view, setView] = useState<PersonView>();
  const [error, setError] = useState<unknown>();
  const [loads, setLoads] = useState(0);
  useEffect(() => {
    setView(undefined);
    setError(undefined);
    getJson<PersonView>(apiOf(kind, id)).then(setView, setError);
  }, [kind, id, loads]);

  if (error) return <p role="alert" className="error">{errorText(error)}</p>;
  if (!view) return <p aria-busy="true">{t('records.loading')}</p>;
  const staff = hasRole(session, 'administrator', 'editor');
  return (
    <article className="record" aria-labelledby="record-heading">
      <a href="/staff/people" onClick={follow}>← {t('records.search.heading')}</a>
      <h1 id="record-heading">{view.record.name ?? t('records.unnamed')}</h1>
      <p className="meta">{t(`records.kind.${kind}`)} · {view.record.id}</p>
      {view.merged_into ? (
        <p className="note" role="status">
          {t('records.mergedInto')} <a href={pageOf(kind, view.merged_into)} onClick={follow}>{view.merged_into}</a>
        </p>
      ) : null}
      <RecordFields kind={kind} record={view.record} />
      <IncidentsAbout kind={kind} id={id} reload={loads} />
      {staff && !view.merged_into ? <MergePanel kind={kind} current={view} onMerged={() => setLoads((n) => n + 1)} /> : null}
      {staff ? <RecordHistory key={loads} url={`${apiOf(kind, id)}/history`} /> : null}
    </article>
  );
}

/** The record's fields as this reader may see them; fields marked confidential say so. */
export function RecordFields({ kind, record }: { kind: PeopleKind; record: PersonRecord }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [ref, setRef] = useState<Reference>();
  useEffect(() => void loadReference().then(setRef, () => undefined), []);
  // A person's contact is always confidential, whether or not the record says so.
  const secret = new Set([...(record.confidential_fields ?? []), ...(kind === 'person' ? ['contact'] : [])]);
  const rows: [string, ReactNode][] =
    kind === 'person'
      ? [
          ['name', record.name],
          ['gender', record.gender ? t(`records.gender.${record.gender}`) : null],
          ['birth_year', record.birth_year],
          ['employment', record.employment ? t(`records.employment.${record.employment}`) : null],
          ['outlet', record.outlet ? <a href={pageOf('organisation', record.outlet.id)} onClick={follow}>{record.outlet.name ?? record.outlet.id}</a> : null],
          ['contact', record.contact],
          ['notes', record.notes],
        ]
      : [
          ['name', record.name],
          ['kind', record.kind ? label(ref?.groups.get(record.kind), lang, record.kind) : null],
          ['region', record.region ? label(ref?.regions.get(record.region), lang, record.region) : null],
        ];
  const shown = rows.filter(([field, value]) => (value !== null && value !== undefined && value !== '') || (secret.has(field) && field !== 'contact'));
  return (
    <dl className="facts">
      {shown.map(([field, value]) => (
        <div key={field} className="fact">
          <dt>{t(`records.field.${field}`)}</dt>
          <dd>
            {value ?? <span className="meta">{t('records.hidden')}</span>}
            {secret.has(field) ? <> <span className="badge-confidential">{t('records.confidential')}</span></> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
