import type { Kysely } from 'kysely';
import { writeIncidents } from '../incidents/incident.writer.js';
import type { AppContext } from '../platform/context.js';
import { operatorReader, type Reader } from '../platform/reader.js';
import type { DB } from '../platform/db/schema.js';
import { refreshPlannerStatistics } from '../platform/db/statistics.js';
import { checkAgainstProfile } from './check-codes.js';
import { type MergedRecord, refusedMergeTargets } from './merge-targets.js';
import { type IncidentDoc, incidentSchema } from './interchange.schema.js';
import { type RawRecord, readRecords, type ExchangeFormat } from './formats.js';

/** One bad row: where it is in the file, which record and field, and why. */
export interface RowError {
  readonly line: number;
  readonly id?: string;
  readonly field: string;
  readonly message: string;
}

export interface ImportReport {
  readonly format: ExchangeFormat;
  readonly records: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly errors: RowError[];
  readonly written: boolean;
}

export interface ImportOptions {
  readonly dryRun?: boolean;
  readonly actor: string;
  /** Who imports (an editor or administrator through the API); the command line imports as its operator. */
  readonly reader?: Reader;
  readonly format?: ExchangeFormat;
  readonly onProgress?: (done: number) => void;
}

const BATCH = 1000;
/** From this many new or changed records on, the planner's statistics are refreshed afterwards. */
const LARGE_IMPORT = 1000;
const MAX_ERRORS = 1000;

class Rollback extends Error {}

/**
 * Imports a file of incidents. Every record is validated; the good ones are written inside one
 * transaction as they come, and if any record is bad the transaction is rolled back, so the file
 * lands whole or not at all. A dry run takes exactly the same path and always rolls back, so it
 * reports what the real run would.
 */
export async function importFile(ctx: AppContext, path: string, options: ImportOptions): Promise<ImportReport> {
  const errors: RowError[] = [];
  const counts = { records: 0, created: 0, updated: 0, unchanged: 0 };
  const seen = new Map<string, number>();
  const merged = new Map<string, MergedRecord>();
  let format: ExchangeFormat = options.format ?? 'jsonl';
  const now = new Date().toISOString();
  const context = { actor: options.actor, action: 'import' as const, now, fullHistory: false, reader: options.reader ?? operatorReader(options.actor) };

  const run = async (trx: Kysely<DB>) => {
    let batch: { doc: IncidentDoc; line: number }[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const docs = batch.map((b) => b.doc);
      if (errors.length === 0) {
        const result = await writeIncidents(trx, docs, context);
        counts.created += result.created.length;
        counts.updated += result.updated.length;
        counts.unchanged += result.unchanged.length;
        for (const [index, issues] of result.issues) {
          const { line, doc } = batch[index]!;
          for (const issue of issues) errors.push({ line, id: doc.id, field: issue.path, message: issue.message });
        }
      }
      batch = [];
      options.onProgress?.(counts.records);
    };
    const source = await readRecords(path, options.format);
    format = source.format;
    for await (const record of source.records) {
      counts.records++;
      const doc = validateRecord(ctx, record, errors, seen);
      if (doc) batch.push({ doc, line: record.line });
      if (doc?.merged_into) merged.set(doc.id, { line: record.line, target: doc.merged_into });
      if (batch.length >= BATCH) await flush();
      if (errors.length >= MAX_ERRORS) break;
    }
    await flush();
    for (const [id, message] of await refusedMergeTargets(trx, merged, new Set(seen.keys()))) {
      errors.push({ line: merged.get(id)!.line, id, field: 'merged_into', message });
    }
    if (counts.records === 0) errors.push({ line: 0, field: '(file)', message: 'no records: the file holds no incident' });
    if (errors.length > 0 || options.dryRun) throw new Rollback();
  };

  let written = false;
  try {
    await ctx.database.db.transaction().execute(run);
    written = true;
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  if (written && counts.created + counts.updated >= LARGE_IMPORT) await refreshPlannerStatistics(ctx.database);
  return { format, ...counts, errors, written };
}

function validateRecord(ctx: AppContext, record: RawRecord, errors: RowError[], seen: Map<string, number>): IncidentDoc | undefined {
  const { line } = record;
  if ('error' in record) {
    errors.push({ line, field: record.field ?? '(row)', message: record.error });
    return undefined;
  }
  const id = typeof (record.value as { id?: unknown })?.id === 'string' ? ((record.value as { id: string }).id) : undefined;
  const parsed = incidentSchema.safeParse(record.value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors.push({ line, id, field: issue.path.join('.') || '(record)', message: issue.message });
    return undefined;
  }
  const issues = checkAgainstProfile(parsed.data, ctx.profile);
  for (const issue of issues) errors.push({ line, id, field: issue.path, message: issue.message });
  const first = seen.get(parsed.data.id);
  if (first !== undefined) {
    errors.push({ line, id, field: 'id', message: `the same id is on line ${first} already` });
    return undefined;
  }
  seen.set(parsed.data.id, line);
  return issues.length ? undefined : parsed.data;
}
