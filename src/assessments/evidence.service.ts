import { createHash } from 'node:crypto';
import { appendAudit } from '../audit/audit.js';
import { applyIncidentFilter } from '../incidents/incident.filters.js';
import { readSummaries } from '../incidents/incident.summary.js';
import { type HistoryEntry, recordHistory } from '../incidents/incident.service.js';
import type { AppContext } from '../platform/context.js';
import { errors } from '../platform/errors.js';
import type { Reader } from '../platform/reader.js';
import { newId } from '../platform/util/ids.js';
import type { EvidenceInput } from './assessment.schema.js';
import { assessmentRow, itemRow } from './assessment.rows.js';

/**
 * What an item cites: incidents of the register (shown only as far as the reader may see them),
 * statistics tables frozen in a snapshot, uploaded documents and small tables typed in.
 */

export interface EvidenceView {
  readonly id: string;
  readonly kind: string;
  readonly ref: string | null;
  readonly snapshot_id: string | null;
  /** An incident's titles, a table's title in the snapshot, a document's file name, a dataset's title, columns and rows. */
  readonly data: Record<string, unknown>;
  readonly created_at: string;
  readonly created_by: string;
}

/** Documents: what may be uploaded, and how much. Checked by content as well as by declared type. */
export const DOCUMENT_LIMIT_BYTES = 10 * 1024 * 1024;
const DOCUMENT_TYPES: Readonly<Record<string, (bytes: Buffer) => boolean>> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  // DOCX and XLSX are ZIP files.
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': (b) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])),
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': (b) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])),
  'text/plain': (b) => !b.includes(0) && isUtf8(b),
  'text/csv': (b) => !b.includes(0) && isUtf8(b),
};
export const DOCUMENT_CONTENT_TYPES = Object.keys(DOCUMENT_TYPES);

function isUtf8(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

const now = () => new Date().toISOString();

export async function listEvidence(ctx: AppContext, itemId: string, reader: Reader): Promise<EvidenceView[]> {
  const db = ctx.database.db;
  const rows = await db.selectFrom('assessment_evidence').selectAll().where('item_id', '=', itemId).orderBy('position').execute();
  const incidentIds = rows.filter((r) => r.kind === 'incident' && r.ref).map((r) => r.ref!);
  const visible = await visibleIncidents(ctx, incidentIds, reader);
  const summaries = await readSummaries(db, [...visible], reader);
  return rows.map((r) => {
    const data = JSON.parse(r.data) as Record<string, unknown>;
    if (r.kind === 'incident') {
      const s = summaries.get(r.ref!);
      // An incident the reader may not see is cited without even its id.
      return s ? { ...view(r), data: { titles: s.titles, date: s.date, status: s.status } } : { ...view(r), ref: null, data: { hidden: true } };
    }
    return { ...view(r), data };
  });
}

const view = (r: { id: string; kind: string; ref: string | null; snapshot_id: string | null; created_at: string; created_by: string }) => ({
  id: r.id,
  kind: r.kind,
  ref: r.ref,
  snapshot_id: r.snapshot_id,
  created_at: r.created_at,
  created_by: r.created_by,
});

/**
 * An item's history, with the incidents cited as evidence that the reader may not see left
 * without their ids, as the evidence list shows them.
 */
export async function itemHistory(ctx: AppContext, itemId: string, reader: Reader): Promise<HistoryEntry[]> {
  const history = await recordHistory(ctx, 'assessment_item', itemId);
  const cited = (v: unknown) => (v && typeof v === 'object' && (v as { kind?: unknown }).kind === 'incident' ? String((v as { ref?: unknown }).ref) : undefined);
  const visible = await visibleIncidents(ctx, history.flatMap((h) => [cited(h.before), cited(h.after)].filter((x): x is string => Boolean(x))), reader);
  const redact = (v: unknown) => {
    const ref = cited(v);
    return ref && !visible.has(ref) ? { ...(v as object), ref: null, hidden: true } : v;
  };
  return history.map((h) => ({ ...h, before: redact(h.before), after: redact(h.after) }));
}

async function visibleIncidents(ctx: AppContext, ids: readonly string[], reader: Reader): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await applyIncidentFilter(ctx.database.db.selectFrom('incidents').select('incidents.id'), {}, reader, ctx.database.dialect)
    .where('incidents.id', 'in', ids as string[])
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Checks that what the evidence names exists, in this assessment where it belongs to one, and returns what to store with it. */
async function resolve(ctx: AppContext, assessmentId: string, input: EvidenceInput, reader: Reader): Promise<{ ref: string | null; snapshot_id: string | null; data: object }> {
  const db = ctx.database.db;
  switch (input.kind) {
    case 'incident': {
      if (!(await visibleIncidents(ctx, [input.ref], reader)).has(input.ref)) {
        throw errors.validation([{ path: 'body.ref', message: `incident "${input.ref}" does not exist` }]);
      }
      return { ref: input.ref, snapshot_id: null, data: {} };
    }
    case 'stats_table': {
      const snapshot = await db.selectFrom('assessment_snapshots').select(['id', 'tables']).where('id', '=', input.snapshot_id).where('assessment_id', '=', assessmentId).executeTakeFirst();
      if (!snapshot) throw errors.validation([{ path: 'body.snapshot_id', message: `snapshot "${input.snapshot_id}" is not one of this assessment's` }]);
      const table = (JSON.parse(snapshot.tables) as { id: string; version: string; title: Record<string, string> }[]).find((t) => t.id === input.ref);
      if (!table) throw errors.validation([{ path: 'body.ref', message: `snapshot "${input.snapshot_id}" holds no table "${input.ref}"` }]);
      return { ref: input.ref, snapshot_id: snapshot.id, data: { version: table.version, title: table.title } };
    }
    case 'document': {
      const doc = await db.selectFrom('assessment_documents').select(['id', 'filename', 'content_type', 'size']).where('id', '=', input.ref).where('assessment_id', '=', assessmentId).executeTakeFirst();
      if (!doc) throw errors.validation([{ path: 'body.ref', message: `document "${input.ref}" was not uploaded to this assessment` }]);
      return { ref: doc.id, snapshot_id: null, data: { filename: doc.filename, content_type: doc.content_type, size: doc.size } };
    }
    case 'dataset': {
      const width = input.columns.length;
      const bad = input.rows.findIndex((r) => r.length !== width);
      if (bad >= 0) throw errors.validation([{ path: `body.rows.${bad}`, message: `row ${bad + 1} has ${input.rows[bad]!.length} cells; the table has ${width} columns` }]);
      return { ref: null, snapshot_id: null, data: { title: input.title, columns: input.columns, rows: input.rows, seed_lines: input.seed_lines ?? [] } };
    }
  }
}

export async function addEvidence(ctx: AppContext, assessmentId: string, elementId: string, input: EvidenceInput, reader: Reader): Promise<EvidenceView> {
  const resolved = await resolve(ctx, assessmentId, input, reader);
  const id = newId('ev');
  await ctx.database.db.transaction().execute(async (trx) => {
    const item = await itemRow(trx, assessmentId, elementId);
    const last = await trx.selectFrom('assessment_evidence').select((eb) => eb.fn.max('position').as('p')).where('item_id', '=', item.id).executeTakeFirst();
    const at = now();
    const row = { id, item_id: item.id, position: Number(last?.p ?? -1) + 1, kind: input.kind, ref: resolved.ref, snapshot_id: resolved.snapshot_id, data: JSON.stringify(resolved.data), created_at: at, created_by: reader.actor };
    await trx.insertInto('assessment_evidence').values(row).execute();
    await appendAudit(trx, [{ record_kind: 'assessment_item', record_id: item.id, action: 'add_evidence', actor: reader.actor, at, before: null, after: JSON.stringify(row) }]);
  });
  return (await listEvidence(ctx, (await itemRow(ctx.database.db, assessmentId, elementId)).id, reader)).find((e) => e.id === id)!;
}

export async function removeEvidence(ctx: AppContext, assessmentId: string, elementId: string, evidenceId: string, reader: Reader): Promise<void> {
  await ctx.database.db.transaction().execute(async (trx) => {
    const item = await itemRow(trx, assessmentId, elementId);
    const row = await trx.selectFrom('assessment_evidence').selectAll().where('id', '=', evidenceId).where('item_id', '=', item.id).executeTakeFirst();
    if (!row) throw errors.notFound('evidence', evidenceId);
    await trx.deleteFrom('assessment_evidence').where('id', '=', evidenceId).execute();
    await appendAudit(trx, [{ record_kind: 'assessment_item', record_id: item.id, action: 'remove_evidence', actor: reader.actor, at: now(), before: JSON.stringify(row), after: null }]);
  });
}

export interface DocumentView {
  readonly id: string;
  readonly filename: string;
  readonly content_type: string;
  readonly size: number;
  readonly sha256: string;
  readonly uploaded_at: string;
  readonly uploaded_by: string;
}

/** Stores an uploaded document in the database (one place to back up), after checking its size and that its bytes are what its type says. */
export async function uploadDocument(ctx: AppContext, assessmentId: string, file: { filename: string; contentType: string; bytes: Buffer }, reader: Reader): Promise<DocumentView> {
  await assessmentRow(ctx.database.db, assessmentId);
  const type = file.contentType.split(';')[0]!.trim().toLowerCase();
  const check = DOCUMENT_TYPES[type];
  if (!check) throw errors.validation([{ path: 'file', message: `documents of type "${type}" are not accepted; accepted: ${DOCUMENT_CONTENT_TYPES.join(', ')}` }]);
  if (file.bytes.length === 0) throw errors.validation([{ path: 'file', message: 'the file is empty' }]);
  if (file.bytes.length > DOCUMENT_LIMIT_BYTES) throw errors.validation([{ path: 'file', message: `the file is larger than ${DOCUMENT_LIMIT_BYTES / 1024 / 1024} MB` }]);
  if (!check(file.bytes)) throw errors.validation([{ path: 'file', message: `the file's content is not ${type}` }]);
  // Only the base name, without control characters: it is echoed in a download header.
  const filename = (file.filename.split(/[\\/]/).pop() ?? 'document').replace(/[\u0000-\u001f"]/g, '').slice(0, 200) || 'document';
  const row = {
    id: newId('doc'),
    assessment_id: assessmentId,
    filename,
    content_type: type,
    size: file.bytes.length,
    sha256: createHash('sha256').update(file.bytes).digest('hex'),
    bytes: file.bytes,
    uploaded_at: now(),
    uploaded_by: reader.actor,
  };
  await ctx.database.db.transaction().execute(async (trx) => {
    await trx.insertInto('assessment_documents').values(row).execute();
    const { bytes: _bytes, ...meta } = row;
    await appendAudit(trx, [{ record_kind: 'assessment_document', record_id: row.id, action: 'create', actor: reader.actor, at: row.uploaded_at, before: null, after: JSON.stringify(meta) }]);
  });
  const { bytes: _b, assessment_id: _a, ...out } = row;
  return out;
}

export async function listDocuments(ctx: AppContext, assessmentId: string): Promise<DocumentView[]> {
  await assessmentRow(ctx.database.db, assessmentId);
  return ctx.database.db
    .selectFrom('assessment_documents')
    .select(['id', 'filename', 'content_type', 'size', 'sha256', 'uploaded_at', 'uploaded_by'])
    .where('assessment_id', '=', assessmentId)
    .orderBy('uploaded_at')
    .execute();
}

export async function readDocument(ctx: AppContext, assessmentId: string, documentId: string): Promise<DocumentView & { bytes: Buffer }> {
  const row = await ctx.database.db.selectFrom('assessment_documents').selectAll().where('id', '=', documentId).where('assessment_id', '=', assessmentId).executeTakeFirst();
  if (!row) throw errors.notFound('document', documentId);
  const { assessment_id: _a, ...doc } = row;
  return { ...doc, bytes: Buffer.from(row.bytes) };
}
