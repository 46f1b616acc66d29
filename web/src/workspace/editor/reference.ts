import { getJson, type Labels } from '../../api';

/** What the incident form needs of the country profile, beyond the labels the public pages use. */
export interface EditorReference {
  types: { code: string; parent: string | null; labels: Labels; applies_to: ('person' | 'organisation')[] }[];
  groups: { code: string; applies_to: 'person' | 'organisation'; labels: Labels }[];
  perpetrators: { code: string; labels: Labels }[];
  tags: { code: string; labels: Labels }[];
  regions: { code: string; labels: Labels; valid_from: string | null; valid_to: string | null }[];
}

let loaded: Promise<EditorReference> | undefined;

export function loadEditorReference(): Promise<EditorReference> {
  loaded ??= Promise.all([
    getJson<{ types: EditorReference['types'] }>('/api/v1/reference/taxonomy'),
    getJson<{ groups: EditorReference['groups'] }>('/api/v1/reference/victim-groups'),
    getJson<{ types: EditorReference['perpetrators'] }>('/api/v1/reference/perpetrator-types'),
    getJson<{ tags: EditorReference['tags'] }>('/api/v1/reference/context-tags'),
    getJson<{ regions: EditorReference['regions'] }>('/api/v1/reference/regions'),
  ]).then(
    ([t, g, p, c, r]) => ({ types: t.types, groups: g.groups, perpetrators: p.types, tags: c.tags, regions: r.regions }),
    (error: unknown) => {
      loaded = undefined; // a dropped connection is not remembered
      throw error;
    },
  );
  return loaded;
}

/** First and last day a partial date (2020, 2020-05, 2020-05-14) can mean. */
export function spanOf(partial: string): { from: string; to: string } {
  const [y, m, d] = partial.split('-');
  if (d) return { from: partial, to: partial };
  if (m) return { from: `${y}-${m}-01`, to: new Date(Date.UTC(Number(y), Number(m), 0)).toISOString().slice(0, 10) };
  return { from: `${y}-01-01`, to: `${y}-12-31` };
}

/**
 * The gazetteer valid at a date, as the server checks it (src/exchange/check-codes.ts): a region
 * that existed on the first or the last day the date can mean. Without a date, every region.
 */
export function regionsAt(reference: EditorReference, date: string | undefined) {
  if (!date || !/^\d{4}(-\d{2}){0,2}$/.test(date)) return reference.regions;
  const { from, to } = spanOf(date);
  const validOn = (r: EditorReference['regions'][number], day: string) => (!r.valid_from || r.valid_from <= day) && (!r.valid_to || day <= r.valid_to);
  return reference.regions.filter((r) => validOn(r, from) || validOn(r, to));
}
