/** Where a number's records are listed: the public list, or the staff list for staff pages. */
export function recordsHref(filter: string, staff: boolean): string {
  return `${staff ? '/staff/incidents' : '/'}?${filter}`;
}

/** A statistics API path with the year and language, as the page asks for them. */
export function statsUrl(path: string, year: number, lang: string, extra: Record<string, string> = {}): string {
  return `/api/v1/stats/${path}?${new URLSearchParams({ year: String(year), lang, ...extra })}`;
}
