/** A partial date (2020, 2020-05, 2020-05-14) written as precisely as it is known, in the reader's language. */
export function formatDate(partial: string, lang: string): string {
  const [y, m, d] = partial.split('-').map(Number);
  const locale = lang === 'kk' ? 'kk-KZ' : lang === 'ru' ? 'ru-RU' : 'en-GB';
  const date = new Date(Date.UTC(y!, (m ?? 1) - 1, d ?? 1));
  const options: Intl.DateTimeFormatOptions = d ? { day: 'numeric', month: 'long', year: 'numeric' } : m ? { month: 'long', year: 'numeric' } : { year: 'numeric' };
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(date);
}

/** A label in the reader's language, falling back to Russian, then to the code itself. */
export function label(labels: Record<string, string> | undefined, lang: string, code: string): string {
  return labels?.[lang] ?? labels?.ru ?? code;
}

/** " · settlement, region", without saying a city twice when the region is the city itself. */
export function place(settlement: string | null | undefined, region: string | undefined): string {
  const parts = [settlement, region && region !== settlement ? region : undefined].filter(Boolean);
  return parts.length ? ` · ${parts.join(', ')}` : '';
}
