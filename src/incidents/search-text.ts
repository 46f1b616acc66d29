/**
 * Search folding shared by the index and the query, so both sides agree: lower case, ё→е, and the
 * Kazakh letters to their nearest Russian ones, so a person typing on a Russian keyboard still
 * finds Kazakh names (қ→к, ғ→г, ү/ұ→у, ө→о, ә→а, і→и, ң→н, һ→х).
 */
const FOLD: Record<string, string> = { ё: 'е', қ: 'к', ғ: 'г', ү: 'у', ұ: 'у', ө: 'о', ә: 'а', і: 'и', ң: 'н', һ: 'х' };
const FOLDABLE = /[ёқғүұөәіңһ]/g;

export function foldForSearch(text: string): string {
  return text.toLowerCase().normalize('NFC').replace(FOLDABLE, (ch) => FOLD[ch] ?? ch);
}

/** Words of a query, folded, with anything that is not a letter or digit taken out. */
export function queryTerms(query: string): string[] {
  return foldForSearch(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0)
    .slice(0, 12);
}
