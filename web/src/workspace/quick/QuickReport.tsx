import { type FormEvent, type ReactElement, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { label } from '../../format';
import { follow } from '../../navigate';
import { hasRole, type Session, useSession } from '../../session';
import { issueText } from '../editor/issues';
import { type EditorReference, loadEditorReference, regionsAt } from '../editor/reference';
import { clearDraft, enqueue, flush, type OutboxItem, readDraft, readOutbox, remove, saveDraft } from './outbox';

/** How often waiting reports are tried again while the page is open, besides the `online` event. */
const RETRY_MS = 15_000;
const REFERENCE_CACHE = 'jsi.quick.reference';

interface Draft {
  title: string;
  type: string;
  description: string;
  date: string;
  region: string;
  settlement: string;
  victim: string;
  group: string;
  link: string;
}

/** Today on the correspondent's own calendar (toISOString would give the UTC day: yesterday, early in the morning in Almaty). */
const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
const emptyDraft = (): Draft => ({ title: '', type: '', description: '', date: today(), region: '', settlement: '', victim: '', group: 'journalist', link: '' });

/**
 * The profile lists the form needs, from the server or, without a connection, from the last visit:
 * a correspondent who opens the page offline can still choose a type and a region.
 */
function useQuickReference(): EditorReference | undefined {
  const [reference, setReference] = useState<EditorReference | undefined>(() => {
    try {
      return JSON.parse(localStorage.getItem(REFERENCE_CACHE) ?? 'null') ?? undefined;
    } catch {
      return undefined; // a damaged copy is fetched again
    }
  });
  useEffect(() => {
    loadEditorReference().then(
      (r) => {
        localStorage.setItem(REFERENCE_CACHE, JSON.stringify(r));
        setReference(r);
      },
      () => undefined, // offline: the cached lists serve
    );
  }, []);
  return reference;
}

/** A short report from the field, kept on the device until the server has it. */
export function QuickReport() {
  const { t } = useTranslation();
  const session = useSession();
  if (!session) return null;
  if (!hasRole(session, 'administrator', 'editor', 'monitor')) return <p role="alert">{t('quick.notAllowed')}</p>;
  return <QuickForm session={session} />;
}

function QuickForm({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const userId = session.user.id;
  const reference = useQuickReference();
  const [draft, setDraft] = useState<Draft>(() => readDraft(userId, emptyDraft()));
  const [draftSaved, setDraftSaved] = useState(false);
  const [outbox, setOutbox] = useState<OutboxItem[]>(() => readOutbox(userId));
  const [missing, setMissing] = useState<string[]>([]);
  const [online, setOnline] = useState(navigator.onLine);

  const sendWaiting = useCallback(() => {
    void flush(userId).then(() => setOutbox(readOutbox(userId)));
  }, [userId]);

  useEffect(() => {
    const onOnline = () => {
      setOnline(true);
      sendWaiting();
    };
    const onOffline = () => setOnline(false);
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    sendWaiting();
    const timer = setInterval(() => {
      if (readOutbox(userId).some((i) => i.state === 'waiting')) sendWaiting();
    }, RETRY_MS);
    return () => {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      clearInterval(timer);
    };
  }, [userId, sendWaiting]);

  const change = (field: keyof Draft, value: string) => {
    const next = { ...draft, [field]: value };
    setDraft(next);
    saveDraft(userId, next);
    setDraftSaved(true);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const required: (keyof Draft)[] = ['title', 'type', 'date', 'region', 'victim', 'group'];
    const absent = required.filter((f) => !draft[f].trim());
    setMissing(absent);
    if (absent.length) {
      requestAnimationFrame(() => document.getElementById(`quick-${absent[0]}`)?.focus());
      return;
    }
    enqueue(userId, draft.title.trim(), reportBody(draft, lang, t('quick.sourceCitation')));
    clearDraft(userId);
    setDraft(emptyDraft());
    setDraftSaved(false);
    setOutbox(readOutbox(userId));
    sendWaiting();
  };

  const restore = (item: OutboxItem) => {
    remove(userId, item.key);
    const restored = draftFromBody(item.body);
    setDraft(restored);
    saveDraft(userId, restored);
    setOutbox(readOutbox(userId));
  };

  const regions = reference ? regionsAt(reference, draft.date).filter((r) => hasRole(session, 'administrator', 'editor') || session.user.regions.includes(r.code)) : [];
  const field = (name: keyof Draft, control: (props: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactElement, hint?: string) => {
    const id = `quick-${name}`;
    const absent = missing.includes(name) && !draft[name].trim();
    return (
      <div className="field">
        <label htmlFor={id}>{t(`quick.field.${name}`)}</label>
        {control({ id, ...(absent ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-issue` } : hint ? { 'aria-describedby': `${id}-hint` } : {}) })}
        {hint && <p className="hint" id={`${id}-hint`}>{hint}</p>}
        {absent && <p className="error field-issue" id={`${id}-issue`}>{t('editor.issue.required')}</p>}
      </div>
    );
  };

  return (
    <div className="quick">
      <h1>{t('quick.heading')}</h1>
      <p className="hint">{t('quick.intro')}</p>
      {!online && <p className="offline" role="status">{t('quick.offline')}</p>}
      <form className="form" noValidate onSubmit={submit}>
        {field('title', (p) => <input {...p} value={draft.title} onChange={(e) => change('title', e.target.value)} />)}
        {field('type', (p) => (
          <select {...p} value={draft.type} onChange={(e) => change('type', e.target.value)}>
            <option value="">{t('editor.choose')}</option>
            {reference?.types.filter((x) => x.parent === null && x.applies_to.includes('person')).map((x) => <option key={x.code} value={x.code}>{label(x.labels, lang, x.code)}</option>)}
          </select>
        ))}
        {field('description', (p) => <textarea {...p} rows={4} value={draft.description} onChange={(e) => change('description', e.target.value)} />)}
        {field('date', (p) => <input {...p} type="date" value={draft.date} onChange={(e) => change('date', e.target.value)} />)}
        {field('region', (p) => (
          <select {...p} value={draft.region} onChange={(e) => change('region', e.target.value)}>
            <option value="">{t('editor.choose')}</option>
            {regions.map((r) => <option key={r.code} value={r.code}>{label(r.labels, lang, r.code)}</option>)}
          </select>
        ))}
        {field('settlement', (p) => <input {...p} value={draft.settlement} onChange={(e) => change('settlement', e.target.value)} />)}
        {field('victim', (p) => <input {...p} autoComplete="off" value={draft.victim} onChange={(e) => change('victim', e.target.value)} />)}
        {field('group', (p) => (
          <select {...p} value={draft.group} onChange={(e) => change('group', e.target.value)}>
            {reference?.groups.filter((g) => g.applies_to === 'person').map((g) => <option key={g.code} value={g.code}>{label(g.labels, lang, g.code)}</option>)}
          </select>
        ))}
        {field('link', (p) => <input {...p} inputMode="url" value={draft.link} onChange={(e) => change('link', e.target.value)} />, t('quick.linkHint'))}
        <p className="hint" role="status">{draftSaved ? t('quick.draftSaved') : ''}</p>
        <button type="submit" className="primary">{t('quick.send')}</button>
      </form>
      <Outbox items={outbox} onRestore={restore} onRetry={sendWaiting} />
    </div>
  );
}

function Outbox({ items, onRestore, onRetry }: { items: OutboxItem[]; onRestore: (i: OutboxItem) => void; onRetry: () => void }) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="outbox-heading">
      <h2 id="outbox-heading">{t('quick.outbox.heading')}</h2>
      <ul className="outbox" aria-live="polite">
        {items.map((item) => (
          <li key={item.key} className={`outbox-${item.state}`}>
            <strong>{item.title}</strong>{' '}
            {item.state === 'waiting' && (
              <>
                <span className="state">{t('quick.outbox.waiting')}</span> <button type="button" onClick={onRetry}>{t('quick.outbox.retry')}</button>
              </>
            )}
            {item.state === 'sent' && (
              <span className="state">
                {t('quick.outbox.sent')}{' '}
                <a href={`/staff/incidents/${encodeURIComponent(item.incident_id!)}`} onClick={follow}>{item.incident_id}</a>
              </span>
            )}
            {item.state === 'refused' && (
              <>
                <span className="state error">{t('quick.outbox.refused')} {(item.issues ?? []).map((i) => issueText(t, i.message)).join(' ')}</span>{' '}
                <button type="button" onClick={() => onRestore(item)}>{t('quick.outbox.edit')}</button>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What the quick form becomes: a received incident with one act, its victim new, the link as a source. */
function reportBody(d: Draft, lang: string, citation: string): Record<string, unknown> {
  const language = ['ru', 'kk', 'en'].includes(lang) ? lang : 'ru';
  const link = d.link.trim();
  const isUrl = /^https?:\/\/\S+$/i.test(link);
  return {
    date: d.date,
    region: d.region,
    settlement: d.settlement.trim() || null,
    source_language: language,
    texts: { [language]: { title: d.title.trim(), description: d.description.trim(), translation: 'original' } },
    acts: [{ type: d.type, victim_group: d.group, person: { id: `p-${crypto.randomUUID()}`, name: d.victim.trim() } }],
    sources: link ? [{ kind: 'monitor_report', citation: isUrl ? citation : link, url: isUrl ? link : null, reliability: 'unconfirmed', public: false }] : [],
  };
}

/** A refused report back in the form, to be corrected and sent again (with a new key). */
function draftFromBody(body: Record<string, unknown>): Draft {
  const b = body as {
    date: string;
    region: string;
    settlement: string | null;
    source_language: string;
    texts: Record<string, { title: string; description: string }>;
    acts: { type: string; victim_group: string; person: { name: string } }[];
    sources: { citation: string; url: string | null }[];
  };
  const text = b.texts[b.source_language]!;
  const act = b.acts[0]!;
  const source = b.sources[0];
  return {
    title: text.title,
    description: text.description,
    type: act.type,
    date: b.date,
    region: b.region,
    settlement: b.settlement ?? '',
    victim: act.person.name,
    group: act.victim_group,
    link: source ? (source.url ?? source.citation) : '',
  };
}
