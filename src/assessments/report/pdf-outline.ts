/**
 * Reads the outline (bookmarks) Chromium writes into a PDF: each heading's title and the page it
 * lands on. Chromium (Skia) writes these objects uncompressed, so a small reader of the object
 * syntax suffices; the contents page is then printed again with the numbers filled in.
 */

export interface OutlineEntry {
  readonly title: string;
  /** 1-based page number. */
  readonly page: number;
}

function objects(pdf: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const m of pdf.matchAll(/(?:^|[\r\n])(\d+) 0 obj\b([\s\S]*?)\bendobj/g)) out.set(Number(m[1]), m[2]!);
  return out;
}

const ref = (body: string, key: string): number | null => {
  const m = body.match(new RegExp(`/${key}\\s+(\\d+)\\s+0\\s+R`));
  return m ? Number(m[1]) : null;
};

/** PDF text strings: `(literal)` with escapes, or `<FEFF…>` UTF-16BE hex. */
function decodeTitle(body: string): string {
  const hex = body.match(/\/Title\s*<([0-9A-Fa-f\s]*)>/);
  if (hex) {
    const bytes = Buffer.from(hex[1]!.replace(/\s/g, ''), 'hex');
    if (bytes[0] === 0xfe && bytes[1] === 0xff) {
      const swapped = Buffer.from(bytes.subarray(2));
      swapped.swap16();
      return swapped.toString('utf16le');
    }
    return bytes.toString('latin1');
  }
  const lit = body.match(/\/Title\s*\(((?:\\.|[^\\)])*)\)/);
  if (!lit) return '';
  return lit[1]!.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, e: string) =>
    /^[0-7]+$/.test(e) ? String.fromCharCode(parseInt(e, 8)) : ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e,
  );
}

/** Page objects in reading order, walking the page tree from the catalog. */
function pageOrder(objs: Map<number, string>, pdf: string): number[] {
  const catalog = [...objs.values()].find((b) => /\/Type\s*\/Catalog/.test(b));
  const root = catalog ? ref(catalog, 'Pages') : null;
  const pages: number[] = [];
  const walk = (n: number) => {
    const body = objs.get(n) ?? '';
    if (/\/Type\s*\/Pages\b/.test(body)) {
      const kids = body.match(/\/Kids\s*\[([^\]]*)\]/)?.[1] ?? '';
      for (const k of kids.matchAll(/(\d+)\s+0\s+R/g)) walk(Number(k[1]));
    } else pages.push(n);
  };
  if (root !== null) walk(root);
  if (!pages.length) throw new Error(`no page tree in the PDF (${pdf.length} bytes)`);
  return pages;
}

export function readOutline(bytes: Uint8Array): OutlineEntry[] {
  const pdf = Buffer.from(bytes).toString('latin1');
  const objs = objects(pdf);
  const pages = pageOrder(objs, pdf);
  const pageOf = new Map(pages.map((n, i) => [n, i + 1]));
  const catalog = [...objs.values()].find((b) => /\/Type\s*\/Catalog/.test(b)) ?? '';
  const outlines = ref(catalog, 'Outlines');
  const out: OutlineEntry[] = [];
  const walk = (first: number | null) => {
    for (let n = first, guard = 0; n !== null && guard < 100_000; guard++) {
      const body = objs.get(n) ?? '';
      const dest = body.match(/\/Dest\s*\[\s*(\d+)\s+0\s+R/);
      const page = dest ? pageOf.get(Number(dest[1])) : undefined;
      if (page !== undefined) out.push({ title: decodeTitle(body), page });
      walk(ref(body, 'First'));
      n = ref(body, 'Next');
    }
  };
  if (outlines !== null) walk(ref(objs.get(outlines) ?? '', 'First'));
  return out;
}

// Chromium drops the spaces where a heading wraps and repeats the title of a heading that opens a
// page, so titles are compared without whitespace and a repeated title counts as the title.
const squash = (s: string) => s.replace(/\s+/g, '');
const sameTitle = (outline: string, wanted: string) => {
  const o = squash(outline);
  const w = squash(wanted);
  return w.length > 0 && o.length % w.length === 0 && o === w.repeat(o.length / w.length);
};

/** Each wanted heading's page: the outline's entries matched by title, in document order. */
export function pagesOf(outline: readonly OutlineEntry[], wanted: readonly { id: string; text: string }[]): Map<string, number> {
  const pages = new Map<string, number>();
  let from = 0;
  for (const w of wanted) {
    const at = outline.findIndex((o, i) => i >= from && sameTitle(o.title, w.text));
    if (at < 0) continue;
    pages.set(w.id, outline[at]!.page);
    from = at + 1;
  }
  return pages;
}
