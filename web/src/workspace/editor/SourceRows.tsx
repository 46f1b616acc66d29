import { useTranslation } from 'react-i18next';
import { ConfidentialToggle, Field, toggled } from './Field';
import { emptySource, RELIABILITIES, SOURCE_KINDS, type SourceForm } from './form-model';

/** Where the facts come from, how far they can be trusted, and whether the source may be shown. */
export function SourceRows({ sources, onChange }: { sources: SourceForm[]; onChange: (s: SourceForm[]) => void }) {
  const { t } = useTranslation();
  const set = (i: number, change: Partial<SourceForm>) => onChange(sources.map((s, k) => (k === i ? { ...s, ...change } : s)));
  const toggle = (i: number, field: string) => (
    <ConfidentialToggle pressed={sources[i]!.confidential_fields.includes(field)} what={t(`editor.sources.${field}`)} onToggle={() => set(i, { confidential_fields: toggled(sources[i]!.confidential_fields, field) })} />
  );
  return (
    <fieldset className="rows">
      <legend>{t('editor.sources.heading')}</legend>
      {sources.map((s, i) => {
        const base = `sources.${i}`;
        const title = t('editor.sources.row', { n: i + 1 });
        return (
          <section key={s.key} className="row card" aria-label={title}>
            <h3>{title}</h3>
            <Field path={`${base}.kind`} label={t('editor.sources.kind')}>
              {(p) => (
                <select {...p} value={s.kind} onChange={(e) => set(i, { kind: e.target.value })}>
                  {SOURCE_KINDS.map((k) => <option key={k} value={k}>{t(`editor.sourceKind.${k}`)}</option>)}
                </select>
              )}
            </Field>
            <Field path={`${base}.citation`} label={t('editor.sources.citation')} extra={toggle(i, 'citation')}>
              {(p) => <input {...p} value={s.citation} onChange={(e) => set(i, { citation: e.target.value })} />}
            </Field>
            <Field path={`${base}.url`} label={t('editor.sources.url')} extra={toggle(i, 'url')}>
              {(p) => <input {...p} inputMode="url" value={s.url} onChange={(e) => set(i, { url: e.target.value })} />}
            </Field>
            <Field path={`${base}.published_on`} label={t('editor.sources.publishedOn')} hint={t('editor.sources.publishedHint')}>
              {(p) => <input {...p} value={s.published_on} onChange={(e) => set(i, { published_on: e.target.value })} />}
            </Field>
            <Field path={`${base}.reliability`} label={t('editor.sources.reliability')}>
              {(p) => (
                <select {...p} value={s.reliability} onChange={(e) => set(i, { reliability: e.target.value })}>
                  {RELIABILITIES.map((r) => <option key={r} value={r}>{t(`editor.reliability.${r}`)}</option>)}
                </select>
              )}
            </Field>
            <Field path={`${base}.identity`} label={t('editor.sources.identity')} hint={t('editor.sources.identityHint')}>
              {(p) => <input {...p} value={s.identity} onChange={(e) => set(i, { identity: e.target.value })} />}
            </Field>
            <label className="choice">
              <input type="checkbox" checked={s.public} onChange={(e) => set(i, { public: e.target.checked })} />
              {t('editor.sources.public')}
            </label>
            <button type="button" className="remove" onClick={() => onChange(sources.filter((_, k) => k !== i))}>{t('editor.sources.remove', { n: i + 1 })}</button>
          </section>
        );
      })}
      <button type="button" onClick={() => onChange([...sources, emptySource()])}>{t('editor.sources.add')}</button>
    </fieldset>
  );
}
