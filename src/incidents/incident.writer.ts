import type { Kysely } from 'kysely';
import type { IncidentDoc } from '../exchange/interchange.schema.js';
import type { FieldIssue } from '../exchange/check-codes.js';
import { insertMany, selectIn } from '../platform/db/bulk.js';
import type { DB } from '../platform/db/schema.js';
import { appendAudit } from '../audit/audit.js';
import { upsertCases } from '../cases/case.writer.js';
import { upsertPeople } from '../people/people.writer.js';
import { indexForSearch, searchColumns, unindex } from './search-index.js';
import { foreignChildIds } from './foreign-ids.js';
import { incidentRows, type IncidentRows, peopleOf, referencedIds } from './incident.rows.js';
import { checkNamedRecords } from './incident.references.js';
import { visiblePeopleIds } from '../people/people.access.js';
import { isStaff, type Reader } from '../platform/reader.js';

/** Who writes, and how much of the change the history keeps. */
export interface WriteContext {
  readonly actor: string;
  readonly action: 'create' | 'update' | 'import';
  readonly now: string;
  /** The documents as they were before an update, for the history's before/after. */
  readonly before?: ReadonlyMap<string, IncidentDoc>;
  /**
   * Bulk imports record who imported what, not a copy of every document: the record is the after,
   * and the file is the evidence. Edits through the API keep both sides.
   */
  readonly fullHistory: boolean;
  /** The user recording new incidents (null for imports and the command line). */
  readonly createdBy?: string | null;
  /** Who writes: every record the documents name must be one this reader may see (incident.references.ts). */
  readonly reader: Reader;
}

export interface WriteResult {
  readonly created: string[];
  readonly updated: string[];
  readonly unchanged: string[];
  /** Per document index: references to people that exist neither in the batch nor in the database. */
  readonly issues: ReadonlyMap<number, FieldIssue[]>;
}

const CHILD_TABLES = ['involvements', 'acts', 'incident_texts', 'incident_tags', 'sources', 'case_incidents'] as const;

/**
 * The one way incidents are stored, by the API and by imports alike: a batch of documents lands
 * with its people and legal cases, replacing what changed and leaving unchanged records untouched
 * (so re-importing a file changes nothing). Call it inside a transaction.
 */
export async function writeIncidents(db: Kysely<DB>, input: readonly IncidentDoc[], ctx: WriteContext): Promise<WriteResult> {
  const named = isStaff(ctx.reader) ? { docs: input, issues: new Map<number, FieldIssue[]>() } : await checkNamedRecords(db, input, ctx.reader);
  const docs = named.docs;
  const issues = await missingReferences(db, docs, ctx.reader);
  for (const found of [named.issues, await foreignChildIds(db, docs)]) {
    for (const [index, list] of found) issues.set(index, [...(issues.get(index) ?? []), ...list]);
  }
  if (issues.size > 0) return { created: [], updated: [], unchanged: [], issues };

  const ids = docs.map((d) => d.id);
  const existing = new Map(
    (await selectIn(ids, (slice) => db.selectFrom('incidents').select(['id', 'content_hash', 'status', 'version']).where('id', 'in', slice).execute())).map(
      (r) => [r.id, r],
    ),
  );
  const created: string[] = [];
  const updated: string[] = [];
  const unchanged: string[] = [];
  const changed: { doc: IncidentDoc; rows: IncidentRows }[] = [];
  for (const doc of docs) {
    const rows = incidentRows(doc);
    const old = existing.get(doc.id);
    if (old && old.content_hash === rows.incident.content_hash) unchanged.push(doc.id);
    else {
      (old ? updated : created).push(doc.id);
      changed.push({ doc, rows });
    }
  }
  if (changed.length === 0) return { created, updated, unchanged, issues };

  const people = changed.map((c) => peopleOf(c.doc));
  await upsertPeople(db, people.flatMap((p) => p.persons), people.flatMap((p) => p.organisations), { ...ctx, createdBy: ctx.reader.userId });
  // Only staff record legal cases through an incident; anyone else sent the cases as they stand.
  if (isStaff(ctx.reader)) await upsertCases(db, changed.flatMap((c) => c.doc.legal_cases), ctx);

  if (updated.length > 0) {
    await unindex(db, updated);
    for (const table of CHILD_TABLES) {
      await selectIn(updated, async (slice) => {
        await db.deleteFrom(table).where('incident_id', 'in', slice).execute();
        return [];
      });
    }
    for (const { rows } of changed) {
      const old = existing.get(rows.incident.id);
      if (!old) continue;
      await db
        .updateTable('incidents')
        .set({ ...rows.incident, ...searchColumns(db, rows.searchBody), version: old.version + 1, updated_at: ctx.now })
        .where('id', '=', rows.incident.id)
        .execute();
    }
  }
  const fresh = changed.filter((c) => !existing.has(c.doc.id));
  await insertMany(
    db,
    'incidents',
    fresh.map(({ rows }) => ({ ...rows.incident, ...searchColumns(db, rows.searchBody), version: 1, created_at: ctx.now, updated_at: ctx.now, created_by: ctx.createdBy ?? null })),
  );
  await insertMany(db, 'incident_texts', changed.flatMap((c) => c.rows.texts));
  await insertMany(db, 'incident_tags', changed.flatMap((c) => c.rows.tags));
  await insertMany(db, 'acts', changed.flatMap((c) => c.rows.acts));
  await insertMany(db, 'involvements', changed.flatMap((c) => c.rows.involvements));
  await insertMany(db, 'sources', changed.flatMap((c) => c.rows.sources));
  await indexForSearch(db, changed.map((c) => ({ incident_id: c.doc.id, body: c.rows.searchBody })));
  await insertMany(
    db,
    'case_incidents',
    changed.flatMap((c) => [...new Set(c.doc.legal_cases.map((lc) => lc.id))].map((caseId) => ({ case_id: caseId, incident_id: c.doc.id }))),
  );
  await insertMany(
    db,
    'status_transitions',
    changed
      .filter((c) => existing.get(c.doc.id)?.status !== c.doc.status)
      .map((c) => ({
        incident_id: c.doc.id,
        from_status: existing.get(c.doc.id)?.status ?? null,
        to_status: c.doc.status,
        actor: ctx.actor,
        reason: ctx.action,
        at: ctx.now,
      })),
  );
  await appendAudit(
    db,
    changed.map((c) => {
      const before = ctx.before?.get(c.doc.id);
      return {
        record_kind: 'incident',
        record_id: c.doc.id,
        action: existing.has(c.doc.id) ? (ctx.action === 'import' ? 'import' : 'update') : ctx.action,
        actor: ctx.actor,
        at: ctx.now,
        before: ctx.fullHistory && before ? JSON.stringify(before) : null,
        after: ctx.fullHistory ? JSON.stringify(c.doc) : null,
      };
    }),
  );
  return { created, updated, unchanged, issues };
}

/**
 * People given by id alone must exist already, or be given in full elsewhere in the batch; a
 * record the writer may not see is answered exactly as one that does not exist.
 */
async function missingReferences(db: Kysely<DB>, docs: readonly IncidentDoc[], reader: Reader): Promise<Map<number, FieldIssue[]>> {
  const givenPersons = new Set<string>();
  const givenOrganisations = new Set<string>();
  for (const d of docs) {
    for (const a of d.acts) {
      if (a.person?.name) givenPersons.add(a.person.id);
      if (a.person?.outlet?.name) givenOrganisations.add(a.person.outlet.id);
      if (a.organisation?.name) givenOrganisations.add(a.organisation.id);
    }
  }
  const wanted = docs.map(referencedIds);
  const askPersons = [...new Set(wanted.flatMap((w) => w.persons))].filter((id) => !givenPersons.has(id));
  const askOrganisations = [...new Set(wanted.flatMap((w) => w.organisations))].filter((id) => !givenOrganisations.has(id));
  const stored = async (table: 'persons' | 'organisations', ids: string[]) =>
    isStaff(reader)
      ? new Set((await selectIn(ids, (slice) => db.selectFrom(table).select('id').where('id', 'in', slice).execute())).map((r) => r.id))
      : visiblePeopleIds(db, table === 'persons' ? 'person' : 'organisation', ids, reader);
  const persons = askPersons.length ? await stored('persons', askPersons) : new Set<string>();
  const organisations = askOrganisations.length ? await stored('organisations', askOrganisations) : new Set<string>();
  const issues = new Map<number, FieldIssue[]>();
  wanted.forEach((w, i) => {
    const list: FieldIssue[] = [];
    for (const id of w.persons) {
      if (!givenPersons.has(id) && !persons.has(id)) list.push({ path: 'person', message: `person "${id}" is neither given in full nor stored` });
    }
    for (const id of w.organisations) {
      if (!givenOrganisations.has(id) && !organisations.has(id)) {
        list.push({ path: 'organisation', message: `organisation "${id}" is neither given in full nor stored` });
      }
    }
    if (list.length) issues.set(i, list);
  });
  return issues;
}
