import type { ChartData } from './charts/chart-data.js';
import type { MapModel } from './map/map-model.js';

/** The dashboard as the API sends it; the web application imports this type, so it stays free of server imports. */
export interface Dashboard {
  readonly year: number;
  /** Years with counted incidents, newest first: the year selector's choices. */
  readonly years: readonly number[];
  readonly charts: readonly ChartData[];
  readonly maps: { readonly choropleth: MapModel; readonly grid: MapModel };
  /** Where the boundaries come from, in full. */
  readonly attribution: string;
}
