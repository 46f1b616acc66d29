/** A partial date (2020, 2020-05, 2020-05-14) as the first and last day it can mean. */
export interface DateSpan {
  readonly from: string;
  readonly to: string;
}

export function spanOf(partial: string): DateSpan {
  const [y, m, d] = partial.split('-');
  if (d) return { from: partial, to: partial };
  if (m) {
    const lastDay = new Date(Date.UTC(Number(y), Number(m), 0)).getUTCDate();
    return { from: `${y}-${m}-01`, to: `${y}-${m}-${String(lastDay).padStart(2, '0')}` };
  }
  return { from: `${y}-01-01`, to: `${y}-12-31` };
}

/** The quarter (`2020-Q2`) of a date known at least to the month; null for a year alone. */
export function quarterOf(date: string): string | null {
  if (date.length < 7) return null;
  return `${date.slice(0, 4)}-Q${Math.ceil(Number(date.slice(5, 7)) / 3)}`;
}

/**
 * Stored columns of an incident's date: what the list filters and the statistics group on. The
 * month and quarter are those the incident started in (migration 0003 fills older rows the same way).
 */
export function incidentDateColumns(date: string | null | undefined, dateEnd: string | null | undefined) {
  if (!date) return { date: null, date_end: null, date_from: null, date_to: null, year: null, month: null, quarter: null };
  const start = spanOf(date);
  return {
    date,
    date_end: dateEnd ?? null,
    date_from: start.from,
    date_to: dateEnd ? spanOf(dateEnd).to : start.to,
    year: Number(date.slice(0, 4)),
    month: date.length >= 7 ? date.slice(0, 7) : null,
    quarter: quarterOf(date),
  };
}
