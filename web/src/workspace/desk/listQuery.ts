/**
 * The staff list's state lives in the address: filters, search and order are the API's own query
 * parameters, so a link, a reload or a saved filter reproduces the view exactly.
 */
export const FACETS = ['status', 'year', 'type', 'region', 'victim_group', 'gender', 'perpetrator_type', 'article', 'context'] as const;
export type Facet = (typeof FACETS)[number];

/** Facets the API takes one value of (`year` is a number, not a list). */
export const SINGLE: ReadonlySet<Facet> = new Set(['year']);

export interface ListState {
  selected: Record<Facet, string[]>;
  q: string;
  /** A period the incidents overlap: YYYY, YYYY-MM or YYYY-MM-DD, as the API takes them. */
  from: string;
  to: string;
  sort: 'date' | '-date';
}

export function parseListState(search: string): ListState {
  const p = new URLSearchParams(search);
  const selected = Object.fromEntries(
    FACETS.map((f) => [f, (p.get(f) ?? '').split(',').map((v) => v.trim()).filter(Boolean)]),
  ) as Record<Facet, string[]>;
  return { selected, q: p.get('q') ?? '', from: p.get('from') ?? '', to: p.get('to') ?? '', sort: p.get('sort') === 'date' ? 'date' : '-date' };
}

/** The canonical query string: only what is set, in a fixed order, the default order left out. */
export function listQuery(state: ListState, options: { sort?: boolean } = {}): URLSearchParams {
  const p = new URLSearchParams();
  if (state.q.trim()) p.set('q', state.q.trim());
  if (state.from) p.set('from', state.from);
  if (state.to) p.set('to', state.to);
  for (const f of FACETS) if (state.selected[f].length) p.set(f, state.selected[f].join(','));
  if (options.sort !== false && state.sort === 'date') p.set('sort', 'date');
  return p;
}

/** The state with one value of a facet switched on or off. */
export function toggle(state: ListState, facet: Facet, value: string): ListState {
  const current = state.selected[facet];
  const on = current.includes(value);
  const values = SINGLE.has(facet) ? (on ? [] : [value]) : on ? current.filter((v) => v !== value) : [...current, value];
  return { ...state, selected: { ...state.selected, [facet]: values } };
}
