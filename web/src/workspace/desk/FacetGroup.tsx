import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../format';
import { type Facet, SINGLE } from './listQuery';

const FIRST = 8;

/**
 * One facet: its values with how many incidents of the current selection have each. Values already
 * chosen stay listed even when the selection leaves none of them, so they can be switched off.
 */
export function FacetGroup({
  facet,
  counts,
  selected,
  labelOf,
  onToggle,
}: {
  facet: Facet;
  counts: { value: string; count: number }[];
  selected: string[];
  labelOf: (value: string) => string;
  onToggle: (value: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const [all, setAll] = useState(false);
  const name = useId();
  const values = [...counts, ...selected.filter((v) => !counts.some((c) => c.value === v)).map((value) => ({ value, count: 0 }))];
  if (values.length === 0) return null;
  const shown = all ? values : values.filter((v, i) => i < FIRST || selected.includes(v.value));
  const single = SINGLE.has(facet);
  return (
    <fieldset className="facet">
      <legend>{t(`desk.list.facet.${facet}`)}</legend>
      <ul>
        {shown.map(({ value, count }) => (
          <li key={value}>
            <label>
              <input
                type={single ? 'radio' : 'checkbox'}
                name={name}
                checked={selected.includes(value)}
                onChange={() => onToggle(value)}
                onClick={single && selected.includes(value) ? () => onToggle(value) : undefined}
              />{' '}
              {labelOf(value)} <span className="facet-count">({formatNumber(count, i18n.language)})</span>
            </label>
          </li>
        ))}
      </ul>
      {values.length > FIRST && (
        <button type="button" className="link" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? t('desk.list.showFewer') : t('desk.list.showAll', { count: values.length })}
        </button>
      )}
    </fieldset>
  );
}
