import { Unzip, UnzipInflate } from 'fflate';
import { errors } from '../platform/errors.js';

/**
 * Limits on what a ZIP (a CSV import, or an XLSX workbook, which is a ZIP too) may unpack to, so
 * that a small file cannot make the server hold gigabytes. Chosen from real exports: the demo's
 * incidents unpack to about 3.3 KB each as CSV and 6.8 KB each as XLSX, so an export of 100,000
 * incidents unpacks to about 330 MB (CSV) or 680 MB (XLSX). Exports pack 4 to 6 times; the most
 * repetitive one measured (thousands of bare incidents differing only in their ids) 16 times. An
 * export has 11 files (CSV) or about 30 (XLSX).
 */
export const ARCHIVE_LIMITS = {
  /** Files in the archive. */
  entries: 1_000,
  /** Bytes unpacked, in all files together. */
  unpackedBytes: 1024 ** 3,
  /** Bytes unpacked per byte of the archive: exports reach 16 at most, a ZIP bomb 1,000. */
  ratio: 40,
} as const;

// Fed to the inflater a slice at a time, so that no single step can unpack more than about
// 1,000 times the slice (deflate's maximum ratio) before the limits are looked at again.
const SLICE = 16 * 1024;

export class NotAnArchive extends Error {}

/**
 * Unpacks a ZIP, keeping the files `keep` accepts, and refuses it (HTTP 413) the moment it holds
 * more files or unpacks to more bytes than the limits allow: counted while inflating, from the
 * bytes actually produced, never from the sizes the archive claims for itself.
 */
export function unpackZip(bytes: Uint8Array, keep: (name: string) => boolean = () => true): Map<string, Uint8Array> {
  const limit = Math.min(ARCHIVE_LIMITS.unpackedBytes, ARCHIVE_LIMITS.ratio * bytes.length);
  const kept = new Map<string, Uint8Array[]>();
  let entries = 0;
  let unpacked = 0;
  let unfinished = 0;
  let refusal: string | undefined;
  let damage: string | undefined;
  const unzip = new Unzip((file) => {
    if (refusal || damage) return;
    if (++entries > ARCHIVE_LIMITS.entries) {
      refusal = `the archive holds more than ${ARCHIVE_LIMITS.entries.toLocaleString('en')} files; an export has at most about 30`;
      return;
    }
    const chunks: Uint8Array[] | undefined = keep(file.name) ? [] : undefined;
    if (chunks) kept.set(file.name, chunks);
    unfinished++;
    file.ondata = (error, data, final) => {
      if (error) {
        damage ??= `${file.name}: ${error.message}`;
        return;
      }
      unpacked += data.length;
      if (unpacked > limit) refusal ??= tooMuch(limit, bytes.length);
      else chunks?.push(data);
      if (final) unfinished--;
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < bytes.length && !refusal && !damage; at += SLICE) unzip.push(bytes.subarray(at, at + SLICE), at + SLICE >= bytes.length);
  } catch (error) {
    damage ??= (error as Error).message;
  }
  if (refusal) throw errors.tooLarge(`refused: ${refusal}`);
  if (damage) throw new NotAnArchive(`the ZIP is damaged (${damage})`);
  if (entries === 0) throw new NotAnArchive('the file is not a ZIP archive, or an empty one');
  if (unfinished > 0) throw new NotAnArchive('the ZIP is cut short');
  return new Map([...kept].map(([name, chunks]) => [name, Buffer.concat(chunks)]));
}

function tooMuch(limit: number, packed: number): string {
  const mib = (n: number) => (n < 1024 ** 2 ? `${Math.ceil(n / 1024)} KiB` : `${Math.round(n / 1024 ** 2).toLocaleString('en')} MiB`);
  return limit === ARCHIVE_LIMITS.unpackedBytes
    ? `the archive unpacks to more than ${mib(limit)}, the most an import may hold (an export of 100,000 incidents unpacks to about 700 MiB)`
    : `the archive unpacks to more than ${ARCHIVE_LIMITS.ratio} times its own size (${mib(packed)} packed); real exports pack at most 16 times, so this looks like a ZIP bomb`;
}
