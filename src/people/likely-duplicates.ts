import { queryTerms } from '../incidents/search-text.js';
import type { AppContext } from '../platform/context.js';
import type { Reader } from '../platform/reader.js';
import { type PeopleKind, searchPeople } from './people.service.js';

/**
 * People and organisations already on record that a name probably means, best first: what the
 * incident form shows while someone types a victim's name, so that "Перхальский Сергей",
 * "Сергей Перхальский" and "Серген Перхальскии" all lead to the one record instead of three.
 *
 * Names are compared word by word in any order, folded as search folds them (ё→е, Kazakh letters to
 * their nearest Russian ones), so "Қайрат Әлиев" and "Кайрат Алиев" are the same name. A word still
 * being typed counts when it begins a word of the name; a word with a typo or two counts by how
 * close it is. Candidates come through `searchPeople`, so a reader finds only whom they may see.
 */

const MAX_QUERY_WORDS = 4;
const CANDIDATES_PER_WORD = 100;
/** Below this a suggestion is noise: one common first name shared with a long name. */
const MIN_SCORE = 0.3;

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length]!;
}

/** How well a typed word matches a word of a stored name, 0 to 1. */
export function wordSimilarity(typed: string, stored: string): number {
  if (typed === stored) return 1;
  if (typed.length >= 3 && stored.startsWith(typed)) return 0.9;
  const longest = Math.max(typed.length, stored.length);
  if (longest < 4) return 0;
  const closeness = 1 - editDistance(typed, stored) / longest;
  return closeness >= 0.7 ? closeness : 0;
}

/** How likely two names are the same, 0 to 1, whatever the order of their words. */
export function nameSimilarity(typed: string, stored: string): number {
  const q = queryTerms(typed);
  const c = queryTerms(stored);
  if (q.length === 0 || c.length === 0) return 0;
  const unused = new Set(c.keys());
  let total = 0;
  for (const word of q) {
    let best = 0;
    let bestAt = -1;
    for (const i of unused) {
      const s = wordSimilarity(word, c[i]!);
      if (s > best) [best, bestAt] = [s, i];
    }
    // Each stored word answers one typed word: "Иван Иван" is not "Иван Петров" twice over.
    if (bestAt >= 0) unused.delete(bestAt);
    total += best;
  }
  return Math.round((total / Math.max(q.length, c.length)) * 1000) / 1000;
}

/**
 * Words to look candidates up by: each typed word, and the first four letters of a long one, which
 * still find the name when the typo is further on.
 */
function lookupWords(name: string): string[] {
  const words = queryTerms(name).filter((w) => w.length >= 2).slice(0, MAX_QUERY_WORDS);
  return [...new Set(words.flatMap((w) => (w.length >= 6 ? [w, w.slice(0, 4)] : [w])))];
}

/** Each suggestion with its score, 0 to 1: the share of the two names' words that match. */
export async function likelyDuplicates(ctx: AppContext, kind: PeopleKind, name: string, limit: number, reader: Reader) {
  const found = new Map<string, { id: string; name?: string }>();
  for (const word of lookupWords(name)) {
    for (const record of await searchPeople(ctx, kind, word, CANDIDATES_PER_WORD, reader)) found.set(record.id, record);
  }
  return [...found.values()]
    .map((record) => ({ record, score: record.name ? nameSimilarity(name, record.name) : 0 }))
    .filter((d) => d.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score || (a.record.name ?? '').localeCompare(b.record.name ?? ''))
    .slice(0, limit);
}
