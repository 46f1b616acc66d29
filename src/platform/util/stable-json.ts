import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted and empty (null) fields left out, so equal content always gives
 * equal text and equal hashes, whichever way a file spelled "no value".
 */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([, x]) => x !== null && x !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

export function contentHash(value: unknown): string {
  return createHash('sha1').update(stableStringify(value)).digest('hex');
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
