/**
 * Search folding shared by the index and the query, so both sides agree: lower case, ё→е, and the
 * Kazakh letters to their nearest Russian ones, so a person typing on a Russian keyboard still
 * finds Kazakh names (қ→к, ғ→г, ү/ұ→у, ө→о, ә→а, і→и, ң→н, һ→х).
 */
const FOLDS: readonly [RegExp, string][] = [
  [/ё/g, 'е'],
  [/қ/g, 'к'],
  [/ғ/g, 'г'],
  [/[үұ]/g, 'у'],
  [/ө/g, 'о'],
  [/ә/g, 'а'],
  [/і/g, 'и'],
  [/ң/g, 'н'],
  [/һ/g, 'х'],
];

export function foldForSearch(text: string): string {
  // One native pass per letter is faster than one pass with a callback per match.
  let folded = text.normalize('NFC').toLowerCase();
  for (const [letter, plain] of FOLDS) folded = folded.replace(letter, plain);
  return folded;
}

/** Words of a query, folded, with anything that is not a letter or digit taken out. */
export function queryTerms(query: string): string[] {
  return foldForSearch(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0)
    .slice(0, 12);
}
