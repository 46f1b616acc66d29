import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../api';
import { formatPercent } from '../../format';
import { Field, FieldIssues } from './Field';
import type { Victim } from './form-model';

interface Suggestion {
  record: { id: string; name?: string };
  score: number;
}

const DEBOUNCE_MS = 300;

/**
 * The victim of an act: a name typed creates a new record, unless one of the records the server
 * ranks as likely the same (GET /persons/likely-duplicates, words in any order, Kazakh letters
 * folded) is picked, so the same journalist is not recorded twice.
 */
export function VictimPicker({ path, kind, victim, onChange }: { path: string; kind: 'person' | 'organisation'; victim: Victim; onChange: (v: Victim) => void }) {
  const { t, i18n } = useTranslation();
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [asked, setAsked] = useState('');
  const name = victim.name.trim();

  useEffect(() => {
    if (victim.id || name.length < 2) {
      setSuggestions([]);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      const collection = kind === 'person' ? 'persons' : 'organisations';
      getJson<{ items: Suggestion[] }>(`/api/v1/${collection}/likely-duplicates?name=${encodeURIComponent(name)}&limit=5`).then(
        (r) => {
          if (!current) return;
          setSuggestions(r.items);
          setAsked(name);
        },
        () => current && setSuggestions([]), // no suggestions offline: a new record is still possible
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [name, kind, victim.id]);

  if (victim.id) {
    return (
      <div className="field picked">
        <p>
          {t(kind === 'person' ? 'editor.victim.pickedPerson' : 'editor.victim.pickedOutlet')} <strong>{victim.name}</strong> <code>{victim.id}</code>{' '}
          <button type="button" onClick={() => onChange({ name: victim.name, gender: '' })}>{t('editor.victim.change')}</button>
        </p>
        <FieldIssues path={path} />
      </div>
    );
  }
  const listId = `${path.replace(/\./g, '-')}-suggestions`;
  return (
    <div className="victim-picker">
      <Field path={path} label={t(kind === 'person' ? 'editor.victim.personName' : 'editor.victim.outletName')} hint={t('editor.victim.hint')}>
        {(p) => <input {...p} autoComplete="off" aria-controls={listId} value={victim.name} onChange={(e) => onChange({ ...victim, name: e.target.value })} />}
      </Field>
      <div id={listId} aria-live="polite">
        {suggestions.length > 0 && asked === name && (
          <>
            <p className="hint">{t('editor.victim.likely', { count: suggestions.length })}</p>
            <ul className="suggestions">
              {suggestions.map((s) => (
                <li key={s.record.id}>
                  <button type="button" onClick={() => onChange({ id: s.record.id, name: s.record.name ?? s.record.id, gender: '' })}>
                    {t('editor.victim.use', { name: s.record.name ?? s.record.id })}
                  </button>{' '}
                  <span className="hint">{t('editor.victim.match', { percent: formatPercent(s.score, i18n.language) })}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      {kind === 'person' && (
        <Field path={`${path}.gender`} label={t('editor.victim.gender')}>
          {(p) => (
            <select {...p} value={victim.gender} onChange={(e) => onChange({ ...victim, gender: e.target.value })}>
              <option value="">{t('editor.notRecorded')}</option>
              {(['female', 'male', 'other'] as const).map((g) => <option key={g} value={g}>{t(`editor.gender.${g}`)}</option>)}
            </select>
          )}
        </Field>
      )}
    </div>
  );
}
