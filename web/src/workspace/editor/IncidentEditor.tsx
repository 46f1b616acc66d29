import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, getJson, send } from '../../api';
import { label } from '../../format';
import { navigate } from '../../navigate';
import { hasRole, useSession } from '../../session';
import { useErrorText } from '../SignIn';
import { ActRows } from './ActRows';
import { ConfidentialToggle, Field, IssuesContext, toggled } from './Field';
import { clientIssues, documentFromForm, emptyForm, formFromDocument, type IncidentDocument, type IncidentForm, placeIssues, PRECISIONS, type Precision, TEXT_LANGUAGES, TRANSLATION_STATUSES } from './form-model';
import { type EditorReference, loadEditorReference, regionsAt } from './reference';
import { SourceRows } from './SourceRows';

interface Loaded {
  reference: EditorReference;
  /** Editing: the document and the version read, sent back so a concurrent save is caught. */
  existing?: { doc: IncidentDocument; version: number };
}

/** The incident form: a new record at /staff/incidents/new, an existing one at /staff/incidents/:id/edit. */
export function IncidentEditor({ id }: { id?: string }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [loaded, setLoaded] = useState<Loaded>();
  const [form, setForm] = useState<IncidentForm>();
  const [loadError, setLoadError] = useState('');

  useEffect(() => {
    let current = true;
    Promise.all([loadEditorReference(), id ? getJson<{ doc: IncidentDocument; version: number }>(`/api/v1/incidents/${encodeURIComponent(id)}`) : undefined]).then(
      ([reference, existing]) => {
        if (!current) return;
        setLoaded({ reference, existing: existing && { doc: existing.doc, version: existing.version } });
        setForm(existing ? formFromDocument(existing.doc) : emptyForm(i18n.language));
      },
      (error: unknown) => current && setLoadError(errorText(error)),
    );
    return () => {
      current = false;
    };
    // Filled once per record (not per language): switching the language must not wipe what was typed.
  }, [id]);

  const heading = id ? t('editor.headingEdit') : t('editor.headingNew');
  if (loadError) return <p role="alert" className="error">{loadError}</p>;
  if (!loaded || !form) return <p aria-busy="true">{t('editor.loading')}</p>;
  return (
    <>
      <h1>{heading}</h1>
      <EditorForm loaded={loaded} form={form} setForm={setForm} id={id} />
    </>
  );
}

function EditorForm({ loaded, form, setForm, id }: { loaded: Loaded; form: IncidentForm; setForm: (f: IncidentForm) => void; id?: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const errorText = useErrorText();
  const session = useSession();
  const [issues, setIssues] = useState<Record<string, string[]>>({});
  const [summary, setSummary] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<IncidentForm>) => setForm({ ...form, ...change });
  const { reference, existing } = loaded;

  const ownRegionsOnly = !hasRole(session, 'administrator', 'editor') && hasRole(session, 'monitor');
  const valid = regionsAt(reference, form.date).filter((r) => !ownRegionsOnly || session?.user.regions.includes(r.code));
  // A region chosen before the date changed stays shown, so the form says what it will send; the server names the mismatch.
  const chosen = reference.regions.find((r) => r.code === form.region);
  const regions = chosen && !valid.includes(chosen) ? [chosen, ...valid] : valid;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local = clientIssues(form);
    if (Object.keys(local).length) {
      setIssues(Object.fromEntries(Object.entries(local).map(([path, key]) => [path, [key]])));
      setSummary(t('editor.fixFields'));
      focusFirstIssue();
      return;
    }
    setBusy(true);
    setIssues({});
    setSummary('');
    try {
      const body = documentFromForm(form, existing?.doc);
      const saved = existing
        ? await send<{ doc: { id: string } }>('PUT', `/api/v1/incidents/${encodeURIComponent(existing.doc.id)}`, { version: existing.version, incident: body })
        : await send<{ doc: { id: string } }>('POST', '/api/v1/incidents', body);
      navigate(`/staff/incidents/${encodeURIComponent(saved.doc.id)}`);
    } catch (error) {
      if (error instanceof ApiError && error.issues.length) {
        const placed = placeIssues(form, error.issues);
        const { '': unplaced = [], ...onFields } = placed;
        setIssues(onFields);
        setSummary([t('editor.fixFields'), ...unplaced].join(' '));
        focusFirstIssue();
      } else if (error instanceof ApiError && error.code === 'conflict') {
        setSummary(t('editor.conflict'));
      } else {
        setSummary(errorText(error));
      }
    } finally {
      setBusy(false);
    }
  };

  const setPrecision = (precision: Precision) => {
    const length = { day: 10, month: 7, year: 4 }[precision];
    const fit = (d: string) => (d.length >= length ? d.slice(0, length) : '');
    set({ precision, date: fit(form.date), date_end: fit(form.date_end) });
  };
  const dateInput = (path: 'date' | 'date_end', labelText: string) => (
    <Field path={path} label={labelText} hint={form.precision === 'year' ? t('editor.when.yearHint') : undefined}>
      {(p) =>
        form.precision === 'year' ? (
          <input {...p} inputMode="numeric" maxLength={4} value={form[path]} onChange={(e) => set({ [path]: e.target.value })} />
        ) : (
          <input {...p} type={form.precision === 'day' ? 'date' : 'month'} value={form[path]} onChange={(e) => set({ [path]: e.target.value })} />
        )
      }
    </Field>
  );

  return (
    <IssuesContext.Provider value={issues}>
      <form className="form editor" noValidate onSubmit={(e) => void submit(e)} aria-describedby={summary ? 'editor-summary' : undefined}>
        <p id="editor-summary" role="alert" className={summary ? 'error' : undefined}>{summary}</p>

        <fieldset>
          <legend>{t('editor.when.heading')}</legend>
          <Field path="precision" label={t('editor.when.precision')}>
            {(p) => (
              <select {...p} value={form.precision} onChange={(e) => setPrecision(e.target.value as Precision)}>
                {PRECISIONS.map((x) => <option key={x} value={x}>{t(`editor.when.${x}`)}</option>)}
              </select>
            )}
          </Field>
          {dateInput('date', form.range ? t('editor.when.from') : t('editor.when.date'))}
          <label className="choice">
            <input type="checkbox" checked={form.range} onChange={(e) => set({ range: e.target.checked })} />
            {t('editor.when.range')}
          </label>
          {form.range && dateInput('date_end', t('editor.when.to'))}
        </fieldset>

        <fieldset>
          <legend>{t('editor.where.heading')}</legend>
          <Field path="region" label={t('editor.where.region')} hint={t('editor.where.regionHint')}>
            {(p) => (
              <select {...p} value={form.region} onChange={(e) => set({ region: e.target.value })}>
                <option value="">{t('editor.notRecorded')}</option>
                {regions.map((r) => <option key={r.code} value={r.code}>{label(r.labels, lang, r.code)}</option>)}
              </select>
            )}
          </Field>
          <Field
            path="settlement"
            label={t('editor.where.settlement')}
            extra={<ConfidentialToggle pressed={form.confidential_fields.includes('settlement')} what={t('editor.where.settlement')} onToggle={() => set({ confidential_fields: toggled(form.confidential_fields, 'settlement') })} />}
          >
            {(p) => <input {...p} value={form.settlement} onChange={(e) => set({ settlement: e.target.value })} />}
          </Field>
        </fieldset>

        <fieldset>
          <legend>{t('editor.texts.heading')}</legend>
          <Field path="source_language" label={t('editor.texts.sourceLanguage')}>
            {(p) => (
              <select {...p} value={form.source_language} onChange={(e) => set({ source_language: e.target.value as IncidentForm['source_language'] })}>
                {TEXT_LANGUAGES.map((l) => <option key={l} value={l}>{t(`editor.language.${l}`)}</option>)}
              </select>
            )}
          </Field>
          <div className="field-head">
            <span>{t('editor.texts.descriptionAll')}</span>
            <ConfidentialToggle pressed={form.confidential_fields.includes('description')} what={t('editor.texts.descriptionAll')} onToggle={() => set({ confidential_fields: toggled(form.confidential_fields, 'description') })} />
          </div>
          {[form.source_language, ...TEXT_LANGUAGES.filter((l) => l !== form.source_language)].map((l) => {
            const text = form.texts[l];
            const setText = (change: Partial<typeof text>) => set({ texts: { ...form.texts, [l]: { ...text, ...change } } });
            return (
              <fieldset key={l} lang={l} className="language">
                <legend>{t(`editor.language.${l}`)}{l === form.source_language ? ` (${t('editor.texts.original')})` : ''}</legend>
                <Field path={`texts.${l}.title`} label={t('editor.texts.title')}>
                  {(p) => <input {...p} value={text.title} onChange={(e) => setText({ title: e.target.value })} />}
                </Field>
                <Field path={`texts.${l}.description`} label={t('editor.texts.description')}>
                  {(p) => <textarea {...p} rows={4} value={text.description} onChange={(e) => setText({ description: e.target.value })} />}
                </Field>
                <Field path={`texts.${l}.translation`} label={t('editor.texts.translation')}>
                  {(p) => (
                    <select {...p} value={text.translation} onChange={(e) => setText({ translation: e.target.value })}>
                      {TRANSLATION_STATUSES.map((s) => <option key={s} value={s}>{t(`editor.translation.${s}`)}</option>)}
                    </select>
                  )}
                </Field>
              </fieldset>
            );
          })}
        </fieldset>

        <fieldset>
          <legend>{t('editor.context.heading')}</legend>
          <ul className="checks">
            {reference.tags.map((tag) => (
              <li key={tag.code}>
                <label className="choice">
                  <input
                    type="checkbox"
                    checked={form.context.includes(tag.code)}
                    onChange={() => set({ context: form.context.includes(tag.code) ? form.context.filter((c) => c !== tag.code) : [...form.context, tag.code] })}
                  />
                  {label(tag.labels, lang, tag.code)}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>

        <ActRows acts={form.acts} reference={reference} onChange={(acts) => set({ acts })} />
        <div className="field-head">
          <span>{t('editor.sources.all')}</span>
          <ConfidentialToggle pressed={form.confidential_fields.includes('sources')} what={t('editor.sources.all')} onToggle={() => set({ confidential_fields: toggled(form.confidential_fields, 'sources') })} />
        </div>
        <SourceRows sources={form.sources} onChange={(sources) => set({ sources })} />

        <label className="choice">
          <input type="checkbox" checked={form.confidential} onChange={(e) => set({ confidential: e.target.checked })} />
          {t('editor.confidential.record')}
        </label>
        <p>
          <button type="submit" className="primary" disabled={busy}>{id ? t('editor.saveChanges') : t('editor.save')}</button>
        </p>
      </form>
    </IssuesContext.Provider>
  );
}

/** After a failed save, the first field at fault gets the focus, so keyboard users land on it. */
function focusFirstIssue() {
  requestAnimationFrame(() => document.querySelector<HTMLElement>('.editor [aria-invalid="true"]')?.focus());
}
