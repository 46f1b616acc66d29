/** Dates, months, numbers and counts are written by the module the server uses too. */
export { formatCount, formatDate, formatDateRange, formatMoment, formatNumber, formatPercent } from '../../src/reference/languages/format.js';

/** A label in the reader's language, falling back to Russian, then to the code itself. */
export function label(labels: Record<string, string> | undefined, lang: string, code: string): string {
  return labels?.[lang] ?? labels?.ru ?? code;
}

/** " · settlement, region", without saying a city twice when the region is the city itself. */
export function place(settlement: string | null | undefined, region: string | undefined): string {
  const parts = [settlement, region && region !== settlement ? region : undefined].filter(Boolean);
  return parts.length ? ` · ${parts.join(', ')}` : '';
}
