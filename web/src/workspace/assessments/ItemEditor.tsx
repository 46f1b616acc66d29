import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, getJson, send } from '../../api';
import { formatMoment, label } from '../../format';
import { useSession } from '../../session';
import { useErrorText } from '../SignIn';
import { ErrorBox } from './ErrorBox';
import { EvidenceList } from './EvidenceList';
import { base, type Item, LANGS, NEXT_STEPS, type Scale, TRANSLATION_STATUSES } from './types';

type Draft = { original: string; judgement: string; texts: Record<string, string>; translation: Record<string, string> };

const draftOf = (item: Item): Draft => ({
  original: item.original_language ?? 'ru',
  judgement: item.judgement ?? '',
  texts: Object.fromEntries(LANGS.map((l) => [l, item.findings.find((f) => f.lang === l)?.text ?? ''])),
  translation: Object.fromEntries(LANGS.map((l) => [l, item.findings.find((f) => f.lang === l)?.translation ?? 'draft'])),
});

/** One element of an assessment: findings per language, judgement, evidence, comments and the review workflow. */
export function ItemEditor({ assessmentId, elementId, scale, onChange }: { assessmentId: string; elementId: string; scale: Scale; onChange: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const errorText = useErrorText();
  const session = useSession();
  const url = `${base(assessmentId)}/items/${encodeURIComponent(elementId)}`;
  const [item, setItem] = useState<Item>();
  const [draft, setDraft] = useState<Draft>();
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState('');
  const [reason, setReason] = useState('');
  const [comment, setComment] = useState('');

  const show = useCallback((next: Item) => {
    setItem(next);
    setDraft(draftOf(next));
  }, []);
  useEffect(() => void getJson<Item>(url).then(show, setError), [url, show]);

  const act = async (work: () => Promise<Item | void>, message: string) => {
    setError(undefined);
    setSaved('');
    try {
      const next = await work();
      if (next) show(next);
      else show(await getJson<Item>(url));
      setSaved(message);
      onChange();
    } catch (err) {
      setError(err);
    }
  };

  if (!item || !draft) return error ? <p role="alert" className="error">{errorText(error)}</p> : <p aria-busy="true">{t('assessment.loading')}</p>;
  const editable = item.status === 'draft' || item.status === 'in_review';
  const roles = session?.user.roles ?? [];
  // A finding the server refused, by its language: body.findings.N.text names the N-th sent.
  const sent = LANGS.filter((l) => draft.texts[l]!.trim() || item.findings.some((f) => f.lang === l));
  const invalid = (l: string) => error instanceof ApiError && error.issues.some((i) => i.path === `body.findings.${sent.indexOf(l as never)}.text`);
  const steps = (NEXT_STEPS[item.status] ?? []).filter((s) => s.roles.some((r) => roles.includes(r)));

  const save = (e: FormEvent) => {
    e.preventDefault();
    void act(
      () =>
        send<Item>('PUT', url, {
          version: item.version,
          judgement: draft.judgement || null,
          original_language: draft.original,
          findings: sent.map((l) => ({
            lang: l,
            text: draft.texts[l]!,
            translation: l === draft.original ? 'original' : draft.translation[l] === 'original' ? 'draft' : draft.translation[l],
          })),
        }),
      t('assessment.editor.saved'),
    );
  };

  return (
    <section aria-labelledby="item-heading" className="item-editor">
      <h2 id="item-heading">
        {item.element.id} {label(item.element.label, lang, item.element.id)}
      </h2>
      <p className="meta">
        {t('assessment.field.status')}: <strong>{t(`assessment.status.${item.status}`)}</strong>
        {item.element.inferred ? ` · ${t('assessment.tree.inferred')}` : ''}
        {item.element.wording_verified ? '' : ` · ${t('assessment.tree.unverified')}`}
        {item.element.seed_lines.length ? ` · ${t('assessment.tree.seedLines', { lines: item.element.seed_lines.join(', ') })}` : ''}
      </p>
      <div aria-live="polite" className="status">{saved}</div>
      {error ? <ErrorBox error={error} /> : null}

      <form onSubmit={save} aria-labelledby="findings-heading">
        <h3 id="findings-heading">{t('assessment.editor.findings')}</h3>
        {!editable ? <p>{t('assessment.editor.locked')}</p> : null}
        <fieldset disabled={!editable}>
          <label>
            {t('assessment.editor.original')}
            <select value={draft.original} onChange={(e) => setDraft({ ...draft, original: e.target.value })}>
              {LANGS.map((l) => <option key={l} value={l}>{t(`assessment.lang.${l}`)}</option>)}
            </select>
          </label>
          {LANGS.map((l) => (
            <div key={l} className="finding">
              <label>
                {t('assessment.editor.findingIn', { language: t(`assessment.lang.${l}`) })}
                <textarea lang={l} rows={6} aria-invalid={invalid(l) || undefined} value={draft.texts[l]} onChange={(e) => setDraft({ ...draft, texts: { ...draft.texts, [l]: e.target.value } })} />
              </label>
              {l !== draft.original ? (
                <label>
                  {t('assessment.editor.translation', { language: t(`assessment.lang.${l}`) })}
                  <select value={draft.translation[l] === 'original' ? 'draft' : draft.translation[l]} onChange={(e) => setDraft({ ...draft, translation: { ...draft.translation, [l]: e.target.value } })}>
                    {TRANSLATION_STATUSES.filter((s) => s !== 'original').map((s) => <option key={s} value={s}>{t(`assessment.translation.${s}`)}</option>)}
                  </select>
                </label>
              ) : null}
            </div>
          ))}
          <p className="hint">{t('assessment.editor.markdown')}</p>
          <label>
            {t('assessment.field.judgement')}
            <select value={draft.judgement} onChange={(e) => setDraft({ ...draft, judgement: e.target.value })}>
              <option value="">{t('assessment.judgement.none')}</option>
              {scale.values.map((v) => <option key={v.code} value={v.code}>{label(v.label, lang, v.code)}</option>)}
            </select>
          </label>
          <button type="submit">{t('assessment.editor.save')}</button>
        </fieldset>
      </form>

      <EvidenceList assessmentId={assessmentId} item={item} editable={editable} onChanged={() => void act(async () => undefined, t('assessment.evidence.changed'))} onError={setError} />

      <section aria-labelledby="workflow-heading">
        <h3 id="workflow-heading">{t('assessment.workflow.heading')}</h3>
        {steps.length ? (
          <>
            <label>
              {t('assessment.workflow.reason')}
              <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
            </label>
            <div className="actions">
              {steps.map((s) => (
                <button key={s.to} type="button" onClick={() => void act(() => send<Item>('POST', `${url}/transitions`, { to: s.to, reason }).then((r) => (setReason(''), r)), t(`assessment.workflow.done.${s.to}`))}>
                  {t(`assessment.workflow.to.${s.to}`)}
                </button>
              ))}
            </div>
          </>
        ) : (
          <p>{t('assessment.workflow.noSteps')}</p>
        )}
        {item.transitions.length ? (
          <ol className="history">
            {item.transitions.map((tr, i) => (
              <li key={i}>
                {formatMoment(tr.at, lang)} · {tr.actor} · {t(`assessment.status.${tr.from_status}`)} → {t(`assessment.status.${tr.to_status}`)}
                {tr.reason ? ` · ${tr.reason}` : ''}
              </li>
            ))}
          </ol>
        ) : null}
      </section>

      <section aria-labelledby="comments-heading">
        <h3 id="comments-heading">{t('assessment.comments.heading')}</h3>
        {item.comments.length ? (
          <ul>
            {item.comments.map((c) => (
              <li key={c.id}>
                <span className="meta">{c.author} · {formatMoment(c.at, lang)}</span>
                <p>{c.text}</p>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('assessment.comments.none')}</p>
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => send<Item>('POST', `${url}/comments`, { text: comment }).then((r) => (setComment(''), r)), t('assessment.comments.added'));
          }}
        >
          <label>
            {t('assessment.comments.new')}
            <textarea rows={2} value={comment} required onChange={(e) => setComment(e.target.value)} />
          </label>
          <button type="submit">{t('assessment.comments.add')}</button>
        </form>
      </section>
    </section>
  );
}
