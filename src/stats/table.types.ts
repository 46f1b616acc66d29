import type { CountUnit } from './definition.schema.js';
import type { Period } from './period.js';

/** What a statistics table is, as the API returns it and the renderers print it. */

export interface StatsCell {
  readonly value: number;
  /** Of the table's share base (its grand total, its row or its column); null when the base is 0. */
  readonly share: number | null;
  /** Query string of `GET /api/v1/incidents` that lists the incidents behind this number. */
  readonly filter: string;
  /** False when the list cannot select exactly these records (a "not recorded" cell, a kind of proceeding…): it then lists a wider set. */
  readonly filter_exact: boolean;
  /** With `compare`: the same cell a year earlier. */
  readonly previous?: number;
}

export interface StatsHeader {
  /** One code per dimension of the axis (`__other__`, `__none__` for the frame's own rows). */
  readonly key: readonly string[];
  readonly labels: readonly string[];
}

export interface StatsRow extends StatsHeader {
  readonly cells: readonly StatsCell[];
  readonly total: StatsCell;
}

export interface StatsColumn extends StatsHeader {
  readonly total: StatsCell;
}

export interface SeedComparison {
  readonly row?: string;
  readonly column?: string;
  readonly line: number;
  readonly seed: number;
  readonly ours: number;
}

export interface StatsTable {
  readonly id: string | null;
  readonly version: string | null;
  readonly section: string | null;
  readonly title: string;
  readonly methodology: string;
  readonly lang: string;
  readonly count: CountUnit;
  readonly count_label: string;
  readonly statuses: readonly string[];
  readonly period: Period | null;
  /** The whole selection as an incident-list query string. */
  readonly filter: string;
  readonly row_dimensions: readonly { dimension: string; label: string }[];
  readonly column_dimensions: readonly { dimension: string; label: string }[];
  readonly columns: readonly StatsColumn[];
  readonly rows: readonly StatsRow[];
  readonly total: StatsCell;
  readonly share_base: string;
  /** True when each record falls in one cell, so totals are sums; false when totals are counted apart. */
  readonly additive: boolean;
  readonly compare: { readonly period: Period | null; readonly filter: string } | null;
  readonly seed: { readonly lines: readonly number[]; readonly comparison: readonly SeedComparison[]; readonly differences: string | null } | null;
  readonly notes: readonly string[];
}
