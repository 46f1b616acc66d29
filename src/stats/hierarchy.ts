import type { Profile } from '../reference/profile.js';

/**
 * The two hierarchies of stored codes, read from the country profile: act types (parent links in
 * the taxonomy) and legal articles (code book, article, part, clause). Statistics use them to
 * roll codes up to a level and to expand a category's codes to every code below them, so that the
 * SQL compares exact codes instead of patterns.
 */
export interface Hierarchy {
  /** Every known code at or below `code` (the code itself included, even when unknown). */
  descendants(code: string): string[];
  /** The ancestor of `code` at `level` (1 = top); codes above that level stay as they are. */
  atLevel(code: string, level: number): string;
  /** The codes one level below. */
  children(code: string): string[];
  readonly codes: readonly string[];
}

function fromParents(parents: ReadonlyMap<string, string | null>): Hierarchy {
  const chain = (code: string): string[] => {
    const path: string[] = [];
    for (let c: string | null | undefined = code; c; c = parents.get(c)) path.unshift(c);
    return path;
  };
  const codes = [...parents.keys()];
  return {
    codes,
    descendants: (code) => [code, ...codes.filter((c) => c !== code && chain(c).includes(code))],
    children: (code) => codes.filter((c) => parents.get(c) === code),
    atLevel: (code, level) => {
      const path = chain(code);
      return path[Math.min(level, path.length) - 1] ?? code;
    },
  };
}

export function typeHierarchy(profile: Profile): Hierarchy {
  return fromParents(new Map(profile.taxonomy.types.map((t) => [t.code, t.parent])));
}

/**
 * Articles: `KZ-CC-274.4.2` sits under `KZ-CC-274.4`, under `KZ-CC-274`, under the code book
 * `KZ-CC`. The incident filters match an article at any level below it, but know no code books:
 * a book is written as its articles there (see `listCodes`).
 */
export function articleHierarchy(profile: Profile): Hierarchy {
  const parents = new Map<string, string | null>();
  for (const book of profile.legalCodes.books) parents.set(book.code, null);
  for (const a of profile.legalCodes.articles) {
    const cut = a.code.lastIndexOf('.');
    parents.set(a.code, cut > 0 ? a.code.slice(0, cut) : a.book);
  }
  return fromParents(parents);
}

/** Codes as the incident list's filter takes them: a code book of the article hierarchy becomes its articles. */
export function listCodes(hierarchy: Hierarchy | undefined, codes: readonly string[], isBook: (code: string) => boolean): string[] {
  return [...new Set(codes.flatMap((c) => (hierarchy && isBook(c) ? hierarchy.children(c) : [c])))];
}
