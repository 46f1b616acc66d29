/** A moment (ISO timestamp) in the reader's language and time zone, for histories. */
export function formatMoment(iso: string, lang: string): string {
  const locale = lang === 'kk' ? 'kk-KZ' : lang === 'ru' ? 'ru-RU' : 'en-GB';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
