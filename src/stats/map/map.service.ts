import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import type { Reader } from '../../platform/reader.js';
import { PROFILES_DIR, type Profile, regionValidOn } from '../../reference/profile.js';
import type { Language } from '../../reference/vocabulary.js';
import { NONE } from '../categories.js';
import { CHART_WORDS } from '../charts/chart-specs.js';
import { COUNT_UNITS } from '../labels.js';
import { adHocTable } from '../stats.service.js';
import type { StatsTable } from '../table.types.js';
import { buildMapModel, type MapLayout, type MapModel, type MapView, type RegionCount } from './map-model.js';

/**
 * The map of a year: incidents by region (the statistics engine's table, for the reader who asks)
 * drawn on the country profile's boundaries in the layout of regions valid that year. The
 * boundary file and how each layout draws on it are data of the profile (`boundaries/`), checked
 * against the gazetteer when first read: every region of a layout is drawn exactly once.
 */

const labels = z.object({ en: z.string(), ru: z.string(), kk: z.string() });
const mapFileSchema = z.object({
  boundaries: z.string().regex(/^[\w.-]+\.geojson$/),
  attribution: labels,
  layouts: z.array(
    z.object({
      id: z.string(),
      valid_from: z.string().nullable(),
      valid_to: z.string().nullable(),
      areas: z.array(z.object({ feature: z.string(), regions: z.array(z.string()).min(1) })),
      cities: z.array(z.object({ region: z.string(), lon: z.number(), lat: z.number() })),
      grid: z.array(z.object({ region: z.string(), col: z.number().int().min(0), row: z.number().int().min(0) })),
    }),
  ),
});
export type MapFile = z.output<typeof mapFileSchema>;

export interface CountryMap {
  readonly file: MapFile;
  readonly boundaries: FeatureCollection;
}

/** The regions a layout must draw: those of the gazetteer valid on a day inside it. */
function regionsOfLayout(profile: Profile, layout: MapLayout): string[] {
  const day = layout.valid_to ?? layout.valid_from ?? '2000-01-01';
  return profile.regions.filter((r) => regionValidOn(r, day)).map((r) => r.code);
}

/** Checks a map file against the profile; the message names the layout and the region at fault. */
export function checkMap(profile: Profile, map: CountryMap): void {
  const ids = new Set(map.boundaries.features.map((f) => String(f.id)));
  for (const layout of map.file.layouts) {
    const expected = regionsOfLayout(profile, layout).sort();
    const where = `boundaries/map.json: layout ${layout.id}`;
    for (const a of layout.areas) if (!ids.has(a.feature)) throw new Error(`${where}: no boundary feature "${a.feature}"`);
    const drawn = [...layout.areas.flatMap((a) => a.regions), ...layout.cities.map((c) => c.region)].sort();
    const tiled = layout.grid.map((t) => t.region).sort();
    for (const [what, list] of [
      ['areas and cities', drawn],
      ['grid', tiled],
    ] as const) {
      const missing = expected.filter((r) => !list.includes(r));
      const extra = list.filter((r, i) => !expected.includes(r) || list.indexOf(r) !== i);
      if (missing.length || extra.length) throw new Error(`${where}: ${what} ${missing.length ? `miss ${missing.join(', ')}` : ''}${extra.length ? ` repeat or do not know ${extra.join(', ')}` : ''}`);
    }
  }
}

const cache = new Map<string, CountryMap>();

export function loadCountryMap(profile: Profile, dir = join(PROFILES_DIR, profile.name, 'boundaries')): CountryMap {
  const cached = cache.get(dir);
  if (cached) return cached;
  const file = mapFileSchema.parse(JSON.parse(readFileSync(join(dir, 'map.json'), 'utf8')));
  const boundaries = JSON.parse(readFileSync(join(dir, file.boundaries), 'utf8')) as FeatureCollection;
  const map = { file, boundaries };
  checkMap(profile, map);
  cache.set(dir, map);
  return map;
}

/** The layout in force at the end of the year (in 2022, the regions formed in June). */
export function layoutFor(map: CountryMap, year: number): MapLayout {
  const day = `${year}-12-31`;
  const layout = map.file.layouts.find((l) => (!l.valid_from || l.valid_from <= day) && (!l.valid_to || day <= l.valid_to));
  return layout ?? map.file.layouts.at(-1)!;
}

export async function computeMap(ctx: AppContext, year: number, view: MapView, reader: Reader, lang: Language): Promise<MapModel> {
  return (await computeMaps(ctx, year, [view], reader, lang))[0]!;
}

/** Several views of one year's map from one count. */
export async function computeMaps(ctx: AppContext, year: number, views: readonly MapView[], reader: Reader, lang: Language): Promise<MapModel[]> {
  return mapsFromCounts(ctx, year, await regionCounts(ctx, year, reader, lang), views, lang);
}

/** Incidents by region in a year, as the reader may count them: what a map draws (and a snapshot keeps). */
export function regionCounts(ctx: AppContext, year: number, reader: Reader, lang: Language): Promise<StatsTable> {
  return adHocTable(ctx, { count: 'incidents', rows: 'region' }, { year }, reader, { lang });
}

/** The views of a year's map drawn from counts already made (live, or frozen in a snapshot). */
export function mapsFromCounts(ctx: AppContext, year: number, table: StatsTable, views: readonly MapView[], lang: Language): MapModel[] {
  const map = loadCountryMap(ctx.profile);
  const counts = new Map<string, RegionCount>(table.rows.map((r) => [r.key[0]!, { label: r.labels[0]!, value: r.total.value, filter: r.total.filter }]));
  const layout = layoutFor(map, year);
  const unplaced = counts.get(NONE);
  // Regions with no incident still need their names.
  for (const code of [...layout.areas.flatMap((a) => a.regions), ...layout.cities.map((c) => c.region)]) {
    if (!counts.has(code)) counts.set(code, { label: ctx.profile.codes.regions.get(code)?.labels[lang] ?? code, value: 0, filter: null });
  }
  const frame = {
    lang,
    title: CHART_WORDS.mapTitle[lang],
    subtitle: `${COUNT_UNITS.incidents[lang]} · ${year}`,
    legendTitle: COUNT_UNITS.incidents[lang],
    // The drawing carries the first sentence; the page shows the whole note.
    attribution: map.file.attribution[lang].split(/(?<=\.)\s/)[0]!,
    layout,
    unplaced: unplaced?.value ? unplaced : null,
    boundaries: map.boundaries,
    counts,
  };
  return views.map((view) => buildMapModel({ ...frame, view }));
}

export function mapAttribution(ctx: AppContext, lang: Language): string {
  return loadCountryMap(ctx.profile).file.attribution[lang];
}
