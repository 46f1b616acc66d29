import { spanOf } from '../incidents/dates.js';
import type { IncidentFilter } from '../incidents/incident.filters.js';
import type { Region } from '../reference/profile.js';

/** The days a table covers: from its year or its from/to filters; null when it covers all time. */
export interface Period {
  readonly from: string;
  readonly to: string;
}

export function periodOf(filter: Pick<IncidentFilter, 'year' | 'from' | 'to'>): Period | null {
  const bounds: Period[] = [];
  if (filter.year !== undefined) bounds.push({ from: `${filter.year}-01-01`, to: `${filter.year}-12-31` });
  if (filter.from || filter.to) {
    bounds.push({ from: filter.from ? spanOf(filter.from).from : '0000-01-01', to: filter.to ? spanOf(filter.to).to : '9999-12-31' });
  }
  if (bounds.length === 0) return null;
  return bounds.reduce((a, b) => ({ from: a.from > b.from ? a.from : b.from, to: a.to < b.to ? a.to : b.to }));
}

/** A partial date a year earlier (2020-03 → 2019-03); 29 February becomes the 28th. */
export function yearEarlier(date: string): string {
  const shifted = `${Number(date.slice(0, 4)) - 1}${date.slice(4)}`;
  return shifted.endsWith('-02-29') ? `${shifted.slice(0, -2)}28` : shifted;
}

/** The same filter for the year before: what `compare` sets beside a table. */
export function previousYearFilter<F extends Pick<IncidentFilter, 'year' | 'from' | 'to'>>(filter: F): F | undefined {
  if (filter.year === undefined && !filter.from && !filter.to) return undefined;
  return {
    ...filter,
    ...(filter.year !== undefined ? { year: filter.year - 1 } : {}),
    ...(filter.from ? { from: yearEarlier(filter.from) } : {}),
    ...(filter.to ? { to: yearEarlier(filter.to) } : {}),
  };
}

/** Regions that existed on some day of the period, in the gazetteer's order (all of them without a period). */
export function regionsValidIn(regions: readonly Region[], period: Period | null): Region[] {
  if (!period) return [...regions];
  return regions.filter((r) => (!r.valid_from || r.valid_from <= period.to) && (!r.valid_to || r.valid_to >= period.from));
}

const MAX_LISTED = 240;

/** Every month (`2020-04`) of a period, when it is short enough to list. */
export function monthsIn(period: Period | null): string[] {
  if (!period || period.from < '1900' || period.to > '2200') return [];
  const out: string[] = [];
  for (let y = Number(period.from.slice(0, 4)), m = Number(period.from.slice(5, 7)); out.length < MAX_LISTED; m++) {
    if (m > 12) {
      y++;
      m = 1;
    }
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > period.to.slice(0, 7)) break;
    out.push(key);
  }
  return out;
}

export function quartersIn(period: Period | null): string[] {
  return [...new Set(monthsIn(period).map((m) => `${m.slice(0, 4)}-Q${Math.ceil(Number(m.slice(5, 7)) / 3)}`))];
}

export function yearsIn(period: Period | null): string[] {
  if (!period || period.from < '1900' || period.to > '2200') return [];
  const out: string[] = [];
  for (let y = Number(period.from.slice(0, 4)); y <= Number(period.to.slice(0, 4)); y++) out.push(String(y));
  return out;
}
