import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { appendAudit } from '../audit/audit.js';
import { applyIncidentFilter } from '../incidents/incident.filters.js';
import type { AppContext } from '../platform/context.js';
import { errors } from '../platform/errors.js';
import { PUBLIC_READER } from '../platform/reader.js';
import type { Reader } from '../platform/reader.js';
import { newId } from '../platform/util/ids.js';
import { LANGUAGES } from '../reference/vocabulary.js';
import { loadTableDefinitions } from '../stats/definitions.js';
import { computeImpunity } from '../stats/impunity.js';
import { regionCounts } from '../stats/map/map.service.js';
import { computeSdg16101 } from '../stats/sdg16101.js';
import { buildTable } from '../stats/table.service.js';
import { assessmentRow } from './assessment.rows.js';

/**
 * Snapshots: the statistics of section A.1 frozen for an assessment year, so that a report made
 * from a snapshot prints the same numbers however the records change afterwards. Every named table
 * of the country profile, SDG 16.10.1, impunity and the incidents by region (the map) are computed
 * in each language and stored as JSON, with the moment, the number of records counted and each table's version.
 *
 * They count as the public would (published, non-confidential records): a report is published,
 * and nothing confidential may reach it, not even as a count.
 */

export interface SnapshotSummary {
  readonly id: string;
  readonly assessment_id: string;
  readonly year: number;
  readonly taken_at: string;
  readonly taken_by: string;
  readonly record_count: number;
  readonly tables: readonly { id: string; version: string; title: Record<string, string> }[];
  readonly content_hash: string;
}

export interface Snapshot extends SnapshotSummary {
  readonly content: {
    readonly scope: 'public';
    readonly year: number;
    readonly tables: Record<string, Record<string, unknown>>;
    readonly sdg_16_10_1: Record<string, unknown>;
    readonly impunity: Record<string, unknown>;
    /** Incidents by region per language: what the report's map draws. Absent from older snapshots. */
    readonly regions?: Record<string, unknown>;
  };
}

const SCOPE_READER: Reader = PUBLIC_READER;

async function recordCount(ctx: AppContext, year: number): Promise<number> {
  const row = await applyIncidentFilter(
    ctx.database.db.selectFrom('incidents').select(sql<number>`cast(count(*) as integer)`.as('n')),
    { year, status: ['verified', 'published'] },
    SCOPE_READER,
    ctx.database.dialect,
  ).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function takeSnapshot(ctx: AppContext, assessmentId: string, reader: Reader): Promise<SnapshotSummary> {
  const assessment = await assessmentRow(ctx.database.db, assessmentId);
  const year = assessment.year;
  const definitions = [...loadTableDefinitions(ctx.profile).values()];
  const tables: Record<string, Record<string, unknown>> = {};
  const sdg: Record<string, unknown> = {};
  const impunity: Record<string, unknown> = {};
  const regions: Record<string, unknown> = {};
  // One read of the register for the counts, then the tables; a write in between could make them
  // disagree by a record, which the record count would show: take another snapshot.
  const count = await recordCount(ctx, year);
  for (const def of definitions) {
    tables[def.id] = {};
    for (const lang of LANGUAGES) tables[def.id]![lang] = await buildTable(ctx, def, { year }, SCOPE_READER, { lang });
  }
  for (const lang of LANGUAGES) {
    sdg[lang] = await computeSdg16101(ctx, { from: `${year}-01-01`, to: `${year}-12-31` }, SCOPE_READER, lang);
    impunity[lang] = await computeImpunity(ctx, { year }, SCOPE_READER, lang);
    regions[lang] = await regionCounts(ctx, year, SCOPE_READER, lang);
  }
  const content = { scope: 'public' as const, year, tables, sdg_16_10_1: sdg, impunity, regions };
  // Stored as computed (nulls included), so the report reads exactly what the engine returned.
  const text = JSON.stringify(content);
  const row = {
    id: newId('snap'),
    assessment_id: assessmentId,
    year,
    taken_at: new Date().toISOString(),
    taken_by: reader.actor,
    record_count: count,
    tables: JSON.stringify(definitions.map((d) => ({ id: d.id, version: d.version, title: d.title }))),
    content: text,
    content_hash: createHash('sha256').update(text).digest('hex'),
  };
  await ctx.database.db.transaction().execute(async (trx) => {
    await trx.insertInto('assessment_snapshots').values(row).execute();
    const { content: _c, ...meta } = row;
    await appendAudit(trx, [{ record_kind: 'assessment_snapshot', record_id: row.id, action: 'create', actor: reader.actor, at: row.taken_at, before: null, after: JSON.stringify(meta) }]);
  });
  return summaryOf(row);
}

const summaryOf = (row: { id: string; assessment_id: string; year: number; taken_at: string; taken_by: string; record_count: number; tables: string; content_hash: string }): SnapshotSummary => ({
  id: row.id,
  assessment_id: row.assessment_id,
  year: row.year,
  taken_at: row.taken_at,
  taken_by: row.taken_by,
  record_count: row.record_count,
  tables: JSON.parse(row.tables),
  content_hash: row.content_hash,
});

export async function listSnapshots(ctx: AppContext, assessmentId: string): Promise<SnapshotSummary[]> {
  await assessmentRow(ctx.database.db, assessmentId);
  const rows = await ctx.database.db
    .selectFrom('assessment_snapshots')
    .select(['id', 'assessment_id', 'year', 'taken_at', 'taken_by', 'record_count', 'tables', 'content_hash'])
    .where('assessment_id', '=', assessmentId)
    .orderBy('taken_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(summaryOf);
}

/** A snapshot with its frozen content; without an id, the assessment's latest. */
export async function getSnapshot(ctx: AppContext, assessmentId: string, snapshotId?: string): Promise<Snapshot> {
  let q = ctx.database.db.selectFrom('assessment_snapshots').selectAll().where('assessment_id', '=', assessmentId);
  q = snapshotId ? q.where('id', '=', snapshotId) : q.orderBy('taken_at', 'desc').limit(1);
  const row = await q.executeTakeFirst();
  if (!row) {
    await assessmentRow(ctx.database.db, assessmentId);
    throw errors.notFound('snapshot', snapshotId ?? '(latest)');
  }
  return { ...summaryOf(row), content: JSON.parse(row.content) };
}
