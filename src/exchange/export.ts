import { type IncidentFilter, filteredIncidentIds } from '../incidents/incident.filters.js';
import { readViews } from '../incidents/incident.service.js';
import type { AppContext } from '../platform/context.js';
import type { Reader } from '../platform/reader.js';
import type { IncidentDoc } from './interchange.schema.js';
import type { ExchangeFormat } from './formats.js';
import { addToTables, emptyTables, writeCsvZip, writeXlsx } from './tabular.js';

const PAGE = 500;

/** The incidents a filter selects, as the reader may see them, in id order, a page at a time. */
export async function* exportedDocs(ctx: AppContext, filter: IncidentFilter, reader: Reader): AsyncGenerator<{ doc: IncidentDoc; url: string }[]> {
  const { db, dialect } = ctx.database;
  let after = '';
  for (;;) {
    const ids = (await filteredIncidentIds(db, filter, reader, dialect).where('incidents.id', '>', after).orderBy('incidents.id').limit(PAGE).execute()).map((r) => r.id);
    if (ids.length === 0) return;
    yield (await readViews(ctx, ids, reader)).map(({ doc, url }) => ({ doc, url }));
    after = ids.at(-1)!;
  }
}

export const CONTENT_TYPES: Record<ExchangeFormat, string> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'application/zip',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
export const FILE_EXTENSIONS: Record<ExchangeFormat, string> = { jsonl: 'jsonl', csv: 'csv.zip', xlsx: 'xlsx' };

/**
 * Writes an export in pieces. JSON Lines streams page by page, each record with its URL; the
 * tabular formats gather their tables first, since a ZIP or a workbook is written whole.
 */
export async function* exportIncidents(ctx: AppContext, filter: IncidentFilter, reader: Reader, format: ExchangeFormat): AsyncGenerator<Uint8Array | string> {
  if (format === 'jsonl') {
    for await (const page of exportedDocs(ctx, filter, reader)) {
      yield page.map(({ doc, url }) => `${JSON.stringify({ ...doc, url })}\n`).join('');
    }
    return;
  }
  const tables = emptyTables();
  const seen = { people: new Set<string>(), cases: new Map() };
  for await (const page of exportedDocs(ctx, filter, reader)) addToTables(tables, page, seen);
  yield format === 'csv' ? writeCsvZip(tables) : await writeXlsx(tables);
}
