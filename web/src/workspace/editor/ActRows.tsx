import { useTranslation } from 'react-i18next';
import { label } from '../../format';
import { ConfidentialToggle, Field, FieldIssues, toggled } from './Field';
import { type ActForm, DEGREES, emptyAct } from './form-model';
import type { EditorReference } from './reference';
import { VictimPicker } from './VictimPicker';

/**
 * The acts of an incident, one row per violation against one victim: a crew of two detained is
 * two acts. Types and victim groups offered are those that apply to the kind of victim.
 */
export function ActRows({ acts, reference, onChange }: { acts: ActForm[]; reference: EditorReference; onChange: (acts: ActForm[]) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const set = (i: number, change: Partial<ActForm>) => onChange(acts.map((a, k) => (k === i ? { ...a, ...change } : a)));
  const depth = (code: string): number => {
    const parent = reference.types.find((x) => x.code === code)?.parent;
    return parent ? 1 + depth(parent) : 0;
  };
  return (
    <fieldset className="rows">
      <legend>{t('editor.acts.heading')}</legend>
      <FieldIssues path="acts" />
      {acts.map((act, i) => {
        const base = `acts.${i}`;
        const types = reference.types.filter((x) => x.applies_to.includes(act.victim_kind));
        const groups = reference.groups.filter((g) => g.applies_to === act.victim_kind);
        const title = t('editor.acts.row', { n: i + 1 });
        return (
          <section key={act.key} className="row card" aria-label={title}>
            <h3>{title}</h3>
            <fieldset className="inline">
              <legend>{t('editor.acts.victimKind')}</legend>
              {(['person', 'organisation'] as const).map((kind) => (
                <label key={kind} className="choice">
                  <input
                    type="radio"
                    name={`${act.key}-kind`}
                    checked={act.victim_kind === kind}
                    onChange={() => set(i, { victim_kind: kind, victim_group: '', type: '', victim: { name: '', gender: '' } })}
                  />
                  {t(`editor.acts.kind.${kind}`)}
                </label>
              ))}
            </fieldset>
            <Field path={`${base}.type`} label={t('editor.acts.type')}>
              {(p) => (
                <select {...p} value={act.type} onChange={(e) => set(i, { type: e.target.value })}>
                  <option value="">{t('editor.choose')}</option>
                  {types.map((x) => (
                    <option key={x.code} value={x.code}>
                      {'\u00a0'.repeat(depth(x.code) * 3)}
                      {label(x.labels, lang, x.code)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field path={`${base}.victim_group`} label={t('editor.acts.group')}>
              {(p) => (
                <select {...p} value={act.victim_group} onChange={(e) => set(i, { victim_group: e.target.value })}>
                  <option value="">{t('editor.choose')}</option>
                  {groups.map((g) => <option key={g.code} value={g.code}>{label(g.labels, lang, g.code)}</option>)}
                </select>
              )}
            </Field>
            <div className="field-head">
              <span>{t('editor.acts.victim')}</span>
              <ConfidentialToggle pressed={act.confidential_fields.includes('victim')} what={t('editor.acts.victim')} onToggle={() => set(i, { confidential_fields: toggled(act.confidential_fields, 'victim') })} />
            </div>
            <VictimPicker path={`${base}.${act.victim_kind}`} kind={act.victim_kind} victim={act.victim} onChange={(victim) => set(i, { victim })} />
            <Field
              path={`${base}.outcome`}
              label={t('editor.acts.outcome')}
              extra={<ConfidentialToggle pressed={act.confidential_fields.includes('outcome')} what={t('editor.acts.outcome')} onToggle={() => set(i, { confidential_fields: toggled(act.confidential_fields, 'outcome') })} />}
            >
              {(p) => <textarea {...p} rows={2} value={act.outcome} onChange={(e) => set(i, { outcome: e.target.value })} />}
            </Field>
            <Perpetrators act={act} base={base} reference={reference} onChange={(perpetrators) => set(i, { perpetrators })} />
            {acts.length > 1 && (
              <button type="button" className="remove" onClick={() => onChange(acts.filter((_, k) => k !== i))}>
                {t('editor.acts.remove', { n: i + 1 })}
              </button>
            )}
          </section>
        );
      })}
      <button type="button" onClick={() => onChange([...acts, emptyAct()])}>{t('editor.acts.add')}</button>
    </fieldset>
  );
}

function Perpetrators({ act, base, reference, onChange }: { act: ActForm; base: string; reference: EditorReference; onChange: (p: ActForm['perpetrators']) => void }) {
  const { t, i18n } = useTranslation();
  const list = act.perpetrators;
  const set = (k: number, change: Partial<ActForm['perpetrators'][number]>) => onChange(list.map((p, j) => (j === k ? { ...p, ...change } : p)));
  return (
    <fieldset className="perpetrators">
      <legend>{t('editor.perpetrators.heading')}</legend>
      {list.map((p, k) => (
        <div key={k} className="inline-row">
          <Field path={`${base}.perpetrators.${k}.perpetrator_type`} label={t('editor.perpetrators.type')}>
            {(props) => (
              <select {...props} value={p.perpetrator_type} onChange={(e) => set(k, { perpetrator_type: e.target.value })}>
                <option value="">{t('editor.choose')}</option>
                {reference.perpetrators.map((x) => <option key={x.code} value={x.code}>{label(x.labels, i18n.language, x.code)}</option>)}
              </select>
            )}
          </Field>
          <Field path={`${base}.perpetrators.${k}.name`} label={t('editor.perpetrators.name')}>
            {(props) => <input {...props} value={p.name} onChange={(e) => set(k, { name: e.target.value })} />}
          </Field>
          <Field path={`${base}.perpetrators.${k}.degree`} label={t('editor.perpetrators.degree')}>
            {(props) => (
              <select {...props} value={p.degree} onChange={(e) => set(k, { degree: e.target.value })}>
                {DEGREES.map((d) => <option key={d} value={d}>{t(`editor.degree.${d}`)}</option>)}
              </select>
            )}
          </Field>
          <button type="button" className="remove" onClick={() => onChange(list.filter((_, j) => j !== k))}>{t('editor.perpetrators.remove')}</button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...list, { perpetrator_type: '', name: '', degree: 'perpetrator' }])}>{t('editor.perpetrators.add')}</button>
    </fieldset>
  );
}
