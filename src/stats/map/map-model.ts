import { geoArea, geoMercator, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import type { Language } from '../../reference/vocabulary.js';

/**
 * The map of regions as a drawing model: shapes with their paths, circles for the cities, tiles for
 * the grid view, each with its number, its colour and the incident-list filter of its records,
 * and the legend. The server writes it as SVG (`map-svg.ts`); the browser draws the same model
 * with React, so both show the same map. d3-geo projects the boundaries; nothing here needs Node.
 */

export const MAP_VIEWS = ['choropleth', 'grid'] as const;
export type MapView = (typeof MAP_VIEWS)[number];

/** How a layout of the gazetteer draws on the boundary file (`data/profiles/<country>/boundaries/map.json`). */
export interface MapLayout {
  readonly id: string;
  readonly valid_from: string | null;
  readonly valid_to: string | null;
  readonly areas: readonly { readonly feature: string; readonly regions: readonly string[] }[];
  readonly cities: readonly { readonly region: string; readonly lon: number; readonly lat: number }[];
  readonly grid: readonly { readonly region: string; readonly col: number; readonly row: number }[];
}

/** One region's number, as the statistics table gives it. */
export interface RegionCount {
  readonly label: string;
  readonly value: number;
  readonly filter: string | null;
}

interface Mark {
  readonly key: string;
  /** The regions the mark shows (an area of the boundary file may show several). */
  readonly regions: readonly string[];
  readonly label: string;
  readonly value: number;
  readonly filter: string | null;
  readonly fill: string;
  readonly text: string;
}
export interface MapArea extends Mark {
  readonly d: string;
  readonly cx: number;
  readonly cy: number;
}
export interface MapCircle extends Mark {
  readonly cx: number;
  readonly cy: number;
  readonly r: number;
}
export interface MapTile extends Mark {
  /** The name printed on the tile: without the word "Region" unless two tiles would then read alike. */
  readonly short: string;
  readonly x: number;
  readonly y: number;
  readonly size: number;
}

export interface MapModel {
  readonly view: MapView;
  readonly lang: Language;
  readonly title: string;
  readonly subtitle: string;
  readonly width: number;
  readonly height: number;
  /** Where the drawing starts below the title, for a page that shows its own heading. */
  readonly top: number;
  /** Boundary features that show no region of the layout (Baikonur, the cities' own small polygons). */
  readonly background: readonly string[];
  readonly areas: readonly MapArea[];
  readonly circles: readonly MapCircle[];
  readonly tiles: readonly MapTile[];
  readonly legend: readonly { readonly fill: string; readonly label: string }[];
  readonly legendTitle: string;
  /** Incidents whose region is not recorded: counted, but on no region. */
  readonly unplaced: RegionCount | null;
  readonly attribution: string;
}

export interface MapInput {
  readonly view: MapView;
  readonly lang: Language;
  readonly title: string;
  readonly subtitle: string;
  readonly legendTitle: string;
  readonly attribution: string;
  readonly layout: MapLayout;
  readonly unplaced: RegionCount | null;
  readonly boundaries: FeatureCollection;
  readonly counts: ReadonlyMap<string, RegionCount>;
}

const EMPTY = '#eceff3';
/** A sequential blue scale, light to dark; the two darkest carry white text. */
const SCALE = ['#d4e4f4', '#9cc3e6', '#5b9bd1', '#2b6cb0', '#123f73'];
const WIDTH = 800;
const TOP = 64;
const LEGEND = 56;

/** Five classes of equal width over 1…max (at least one unit wide), and a class for zero. */
export function classes(max: number): { readonly from: number; readonly to: number; readonly fill: string }[] {
  if (max <= 0) return [];
  const step = Math.max(1, Math.ceil(max / SCALE.length));
  const out: { from: number; to: number; fill: string }[] = [];
  for (let i = 0; i < SCALE.length && i * step + 1 <= max; i++) out.push({ from: i * step + 1, to: Math.min(max, (i + 1) * step), fill: SCALE[i]! });
  return out;
}

function colour(value: number, scale: ReturnType<typeof classes>): { fill: string; text: string } {
  const i = scale.findIndex((c) => value >= c.from && value <= c.to);
  if (value <= 0 || i < 0) return { fill: EMPTY, text: '#1d2430' };
  return { fill: scale[i]!.fill, text: SCALE.indexOf(scale[i]!.fill) >= 3 ? '#ffffff' : '#1d2430' };
}

/** d3-geo wants exterior rings clockwise (the opposite of RFC 7946); a ring wound the other way covers the globe. */
function wound(feature: Feature): Feature {
  if (geoArea(feature) <= 2 * Math.PI) return feature;
  const flip = (rings: Position[][]) => rings.map((r) => [...r].reverse());
  const g = feature.geometry as Polygon | MultiPolygon;
  const geometry: Geometry = g.type === 'Polygon' ? { type: 'Polygon', coordinates: flip(g.coordinates) } : { type: 'MultiPolygon', coordinates: g.coordinates.map(flip) };
  return { ...feature, geometry };
}

function mark(key: string, regions: readonly string[], counts: ReadonlyMap<string, RegionCount>, scale: ReturnType<typeof classes>): Mark {
  const found = regions.map((r) => counts.get(r));
  const value = found.reduce((s, c) => s + (c?.value ?? 0), 0);
  const label = regions.map((r, i) => found[i]?.label ?? r).join(' + ');
  // An area showing several regions opens the list of all of them; one region opens its own filter.
  const filter = regions.length === 1 ? (found[0]?.filter ?? null) : mergedRegionFilter(found.map((c) => c?.filter ?? null), regions);
  return { key, regions, label, value, filter, ...colour(value, scale) };
}

/** The filter of several regions: the first one's, with its region list replaced by all of them. */
function mergedRegionFilter(filters: readonly (string | null)[], regions: readonly string[]): string | null {
  const first = filters.find((f) => f !== null);
  if (!first) return null;
  const params = first.split('&').filter((p) => !p.startsWith('region='));
  return [...params, `region=${regions.map(encodeURIComponent).join(',')}`].join('&');
}

export function buildMapModel(input: MapInput): MapModel {
  const { layout, counts, view } = input;
  const regionsShown = [...layout.areas.flatMap((a) => a.regions), ...layout.cities.map((c) => c.region)];
  const groups = [...layout.areas.map((a) => a.regions), ...layout.cities.map((c) => [c.region])];
  const max = Math.max(0, ...(view === 'grid' ? regionsShown.map((r) => counts.get(r)?.value ?? 0) : groups.map((g) => g.reduce((s, r) => s + (counts.get(r)?.value ?? 0), 0))));
  const scale = classes(max);
  const legend = [{ fill: EMPTY, label: '0' }, ...scale.map((c) => ({ fill: c.fill, label: c.from === c.to ? String(c.from) : `${c.from}–${c.to}` }))];
  const frame = { view, top: TOP - 8, lang: input.lang, title: input.title, subtitle: input.subtitle, legend, legendTitle: input.legendTitle, unplaced: input.unplaced, attribution: input.attribution };

  if (view === 'grid') {
    const cols = Math.max(...layout.grid.map((t) => t.col)) + 1;
    const rows = Math.max(...layout.grid.map((t) => t.row)) + 1;
    const size = Math.floor(Math.min((WIDTH - 40) / cols, 110));
    const left = (WIDTH - cols * size) / 2;
    const marks = layout.grid.map((t) => mark(t.region, [t.region], counts, scale));
    const shorts = marks.map((m) => shortName(m.label));
    const tiles = layout.grid.map((t, i) => ({
      ...marks[i]!,
      short: shorts.indexOf(shorts[i]!) === shorts.lastIndexOf(shorts[i]!) ? shorts[i]! : marks[i]!.label,
      x: left + t.col * size,
      y: TOP + t.row * size,
      size: size - 4,
    }));
    // The grid is drawn by hand: the boundaries' attribution does not apply to it.
    return { ...frame, attribution: '', width: WIDTH, height: TOP + rows * size + LEGEND, background: [], areas: [], circles: [], tiles };
  }

  const features = new Map(input.boundaries.features.map((f) => [String(f.id), wound(f as Feature)]));
  const used = new Set(layout.areas.map((a) => a.feature));
  const height = 480;
  const projection = geoMercator().fitExtent(
    [
      [16, TOP],
      [WIDTH - 16, height - LEGEND],
    ],
    { type: 'FeatureCollection', features: layout.areas.map((a) => features.get(a.feature)!).filter(Boolean) },
  );
  const path = geoPath(projection);
  const areas = layout.areas.flatMap((a) => {
    const feature = features.get(a.feature);
    if (!feature) return [];
    const [cx, cy] = path.centroid(feature);
    return [{ ...mark(a.feature, a.regions, counts, scale), d: path(feature) ?? '', cx: round(cx), cy: round(cy) }];
  });
  const background = [...features.entries()].filter(([id]) => !used.has(id)).map(([, f]) => path(f) ?? '');
  const circles = layout.cities.map((c) => {
    const [cx, cy] = projection([c.lon, c.lat]) ?? [0, 0];
    return { ...mark(c.region, [c.region], counts, scale), cx: round(cx), cy: round(cy), r: 11 };
  });
  return { ...frame, width: WIDTH, height, background, areas, circles, tiles: [] };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** A short name for a tile: the first word of the region's name ("Akmola Region" → "Akmola"). */
export function shortName(label: string): string {
  return label.split(' + ').map((part) => part.replace(/\s+(Region|область|облысы)$/u, '').replace(/^область\s+/u, '')).join(' + ');
}
