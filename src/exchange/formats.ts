import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { readCsvZip, readXlsx } from './tabular.js';

export const EXCHANGE_FORMATS = ['jsonl', 'csv', 'xlsx'] as const;
export type ExchangeFormat = (typeof EXCHANGE_FORMATS)[number];

/** One record of a file, not yet validated: its value, or why it could not even be read. */
export type RawRecord = { readonly line: number; readonly value: unknown } | { readonly line: number; readonly error: string };

export function formatOfPath(path: string): ExchangeFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.zip' || ext === '.csv') return 'csv';
  throw new Error(`cannot tell the format of "${path}" from its name; give --format jsonl, csv or xlsx`);
}

async function* jsonLines(path: string): AsyncGenerator<RawRecord> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    const trimmed = line === 1 ? text.replace(/^\uFEFF/, '').trim() : text.trim();
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
