import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { readCsvZip, readXlsx } from './tabular.js';
import { decodeUtf8 } from './utf8.js';

export const EXCHANGE_FORMATS = ['jsonl', 'csv', 'xlsx'] as const;
export type ExchangeFormat = (typeof EXCHANGE_FORMATS)[number];

/**
 * One record of a file, not yet validated: its value, or why it could not even be read (with the
 * field that names where, when it is not the row as a whole: a table's file, a sheet's column).
 */
export type RawRecord = { readonly line: number; readonly value: unknown } | { readonly line: number; readonly error: string; readonly field?: string };

export function formatOfPath(path: string): ExchangeFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.zip' || ext === '.csv') return 'csv';
  throw new Error(`cannot tell the format of "${path}" from its name; give --format jsonl, csv or xlsx`);
}

/** The lines of a file as bytes, so that each can be decoded strictly and named when it is not UTF-8. */
async function* byteLines(path: string): AsyncGenerator<Buffer> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    const buffer: Buffer = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let end = buffer.indexOf(10); end !== -1; end = buffer.indexOf(10, start)) {
      yield buffer.subarray(start, end);
      start = end + 1;
    }
    rest = buffer.subarray(start);
  }
  if (rest.length) yield rest;
}

async function* jsonLines(path: string): AsyncGenerator<RawRecord> {
  let line = 0;
  for await (const bytes of byteLines(path)) {
    line++;
    const decoded = decodeUtf8(bytes, line);
    if ('error' in decoded) {
      yield decoded;
      continue;
    }
    const trimmed = decoded.text.replace(/^\uFEFF/, '').trim();
    if (!trimmed) continue;
    try {
      yield { line, value: JSON.parse(trimmed) };
    } catch (error) {
      yield { line, error: `not valid JSON: ${(error as Error).message}` };
    }
  }
}

/**
 * Reads incident records from a file. JSON Lines streams, so files of any size pass in constant
 * memory; the tabular formats (CSV tables in a ZIP, or an XLSX workbook) are read whole and put
 * back together into documents, each reported at its row in the incidents table.
 */
export async function readRecords(path: string, format?: ExchangeFormat): Promise<{ format: ExchangeFormat; records: AsyncIterable<RawRecord> }> {
  const chosen = format ?? formatOfPath(path);
  if (chosen === 'jsonl') return { format: chosen, records: jsonLines(path) };
  const bytes = await readFile(path);
  const records = chosen === 'xlsx' ? await readXlsx(bytes) : readCsvZip(bytes);
  return { format: chosen, records: (async function* () { yield* records; })() };
}
