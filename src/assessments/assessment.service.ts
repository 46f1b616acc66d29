import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit.js';
import type { AppContext } from '../platform/context.js';
import type { DB } from '../platform/db/schema.js';
import { errors } from '../platform/errors.js';
import { newId } from '../platform/util/ids.js';
import type { Reader } from '../platform/reader.js';
import type { CreateAssessment, UpdateAssessment, UpdateItem } from './assessment.schema.js';
import { type FlatElement, flattenElements, getFrameworkVersion, judgementScale, resolveFrameworkVersion } from './framework.service.js';
import { EDITABLE, type ItemStatus, stepOf } from './workflow.js';
import { assessmentRow, itemRow } from './assessment.rows.js';
import { listEvidence, type EvidenceView } from './evidence.service.js';

/** Assessments per country and year, and their items: one per element of the framework version they were made with. */

export interface AssessmentSummary {
  readonly id: string;
  readonly country: string;
  readonly year: number;
  readonly framework_version_id: string;
  readonly title: Record<string, string>;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface ItemSummary {
  readonly id: string;
  readonly element_id: string;
  readonly status: ItemStatus;
  readonly judgement: string | null;
  readonly original_language: string | null;
  readonly languages: readonly string[];
  readonly version: number;
}

export interface AssessmentView extends AssessmentSummary {
  readonly team: readonly { name: string; role: string; user_id: string | null }[];
  readonly texts: Record<string, Record<string, string>>;
  readonly bibliography: readonly unknown[];
  readonly abbreviations: readonly unknown[];
  readonly elements: readonly FlatElement[];
  readonly items: readonly ItemSummary[];
  readonly version: number;
}

export interface ItemView extends ItemSummary {
  readonly assessment_id: string;
  readonly element: FlatElement;
  readonly findings: readonly { lang: string; text: string; translation: string }[];
  readonly seed_lines: readonly number[];
  readonly evidence: readonly EvidenceView[];
  readonly comments: readonly { id: number; author: string; text: string; at: string }[];
  readonly transitions: readonly { from_status: string; to_status: string; actor: string; reason: string; at: string }[];
  readonly updated_at: string;
  readonly updated_by: string;
}

const now = () => new Date().toISOString();

const summaryOf = (row: DB['assessments']): AssessmentSummary => ({
  id: row.id,
  country: row.country,
  year: row.year,
  framework_version_id: row.framework_version_id,
  title: JSON.parse(row.title),
  created_at: row.created_at,
  updated_at: row.updated_at,
});

export async function listAssessments(ctx: AppContext, filter: { country?: string } = {}): Promise<AssessmentSummary[]> {
  let q = ctx.database.db.selectFrom('assessments').selectAll();
  if (filter.country) q = q.where('country', '=', filter.country);
  return (await q.orderBy('country').orderBy('year', 'desc').execute()).map(summaryOf);
}

export async function createAssessment(
  ctx: AppContext,
  input: CreateAssessment & { texts?: unknown; bibliography?: unknown; abbreviations?: unknown },
  reader: Reader,
): Promise<AssessmentView> {
  const framework = await resolveFrameworkVersion(ctx, input.framework);
  const elements = flattenElements(framework.document);
  const id = newId('asm');
  const at = now();
  await ctx.database.db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('assessments').select('id').where('country', '=', input.country).where('year', '=', input.year).executeTakeFirst();
    if (taken) throw errors.conflict(`there is already an assessment of ${input.country} for ${input.year} (${taken.id})`);
    const row = {
      id,
      country: input.country,
      year: input.year,
      framework_version_id: framework.id,
      title: JSON.stringify(input.title),
      texts: JSON.stringify(input.texts ?? {}),
      bibliography: JSON.stringify(input.bibliography ?? []),
      abbreviations: JSON.stringify(input.abbreviations ?? []),
      version: 1,
      created_at: at,
      created_by: reader.actor,
      updated_at: at,
    };
    await trx.insertInto('assessments').values(row).execute();
    if (input.team.length) {
      await trx
        .insertInto('assessment_team')
        .values(input.team.map((m, position) => ({ assessment_id: id, position, name: m.name, role: m.role, user_id: m.user_id ?? null })))
        .execute();
    }
    await trx
      .insertInto('assessment_items')
      .values(elements.map((e, position) => ({ id: newId('item'), assessment_id: id, element_id: e.id, position, status: 'draft', judgement: null, original_language: null, seed_lines: '[]', version: 1, updated_at: at, updated_by: reader.actor })))
      .execute();
    await appendAudit(trx, [{ record_kind: 'assessment', record_id: id, action: 'create', actor: reader.actor, at, before: null, after: JSON.stringify({ ...row, team: input.team }) }]);
  });
  return getAssessment(ctx, id);
}

/** Changes an assessment's title and team, if the caller read its latest version. */
export async function updateAssessment(ctx: AppContext, id: string, input: UpdateAssessment, reader: Reader): Promise<AssessmentView> {
  await ctx.database.db.transaction().execute(async (trx) => {
    const row = await assessmentRow(trx, id);
    if (row.version !== input.version) throw errors.conflict(`assessment ${id} was changed meanwhile (version ${row.version}, you sent ${input.version}); reload it`);
    const team = await trx.selectFrom('assessment_team').select(['name', 'role', 'user_id']).where('assessment_id', '=', id).orderBy('position').execute();
    const at = now();
    await trx.updateTable('assessments').set({ title: JSON.stringify(input.title), version: row.version + 1, updated_at: at }).where('id', '=', id).execute();
    await trx.deleteFrom('assessment_team').where('assessment_id', '=', id).execute();
    if (input.team.length) {
      await trx
        .insertInto('assessment_team')
        .values(input.team.map((m, position) => ({ assessment_id: id, position, name: m.name, role: m.role, user_id: m.user_id ?? null })))
        .execute();
    }
    await appendAudit(trx, [
      { record_kind: 'assessment', record_id: id, action: 'update', actor: reader.actor, at, before: JSON.stringify({ title: JSON.parse(row.title), team }), after: JSON.stringify({ title: input.title, team: input.team }) },
    ]);
  });
  return getAssessment(ctx, id);
}

export async function elementsOf(ctx: AppContext, frameworkVersionId: string): Promise<FlatElement[]> {
  return flattenElements((await getFrameworkVersion(ctx, frameworkVersionId)).document);
}

async function itemSummaries(db: Kysely<DB>, assessmentId: string): Promise<ItemSummary[]> {
  const [items, langs] = await Promise.all([
    db.selectFrom('assessment_items').selectAll().where('assessment_id', '=', assessmentId).orderBy('position').execute(),
    db
      .selectFrom('assessment_findings')
      .innerJoin('assessment_items', 'assessment_items.id', 'assessment_findings.item_id')
      .select(['assessment_findings.item_id', 'assessment_findings.lang'])
      .where('assessment_items.assessment_id', '=', assessmentId)
      .orderBy('assessment_findings.lang')
      .execute(),
  ]);
  const byItem = new Map<string, string[]>();
  for (const l of langs) byItem.set(l.item_id, [...(byItem.get(l.item_id) ?? []), l.lang]);
  return items.map((i) => ({
    id: i.id,
    element_id: i.element_id,
    status: i.status as ItemStatus,
    judgement: i.judgement,
    original_language: i.original_language,
    languages: byItem.get(i.id) ?? [],
    version: i.version,
  }));
}

export async function getAssessment(ctx: AppContext, id: string): Promise<AssessmentView> {
  const db = ctx.database.db;
  const row = await assessmentRow(db, id);
  const [team, items, elements] = await Promise.all([
    db.selectFrom('assessment_team').select(['name', 'role', 'user_id']).where('assessment_id', '=', id).orderBy('position').execute(),
    itemSummaries(db, id),
    elementsOf(ctx, row.framework_version_id),
  ]);
  return {
    ...summaryOf(row),
    team,
    texts: JSON.parse(row.texts),
    bibliography: JSON.parse(row.bibliography),
    abbreviations: JSON.parse(row.abbreviations),
    elements,
    items,
    version: row.version,
  };
}

export async function getItem(ctx: AppContext, assessmentId: string, elementId: string, reader: Reader): Promise<ItemView> {
  const db = ctx.database.db;
  const item = await itemRow(db, assessmentId, elementId);
  const assessment = await assessmentRow(db, assessmentId);
  const [findings, comments, transitions, evidence, elements] = await Promise.all([
    db.selectFrom('assessment_findings').select(['lang', 'text', 'translation']).where('item_id', '=', item.id).orderBy('lang').execute(),
    db.selectFrom('assessment_comments').select(['id', 'author', 'text', 'at']).where('item_id', '=', item.id).orderBy('id').execute(),
    db.selectFrom('assessment_transitions').select(['from_status', 'to_status', 'actor', 'reason', 'at']).where('item_id', '=', item.id).orderBy('id').execute(),
    listEvidence(ctx, item.id, reader),
    elementsOf(ctx, assessment.framework_version_id),
  ]);
  const element = elements.find((e) => e.id === elementId)!;
  return {
    id: item.id,
    assessment_id: assessmentId,
    element_id: elementId,
    element,
    status: item.status as ItemStatus,
    judgement: item.judgement,
    original_language: item.original_language,
    languages: findings.map((f) => f.lang),
    findings,
    seed_lines: JSON.parse(item.seed_lines),
    evidence,
    comments,
    transitions,
    version: item.version,
    updated_at: item.updated_at,
    updated_by: item.updated_by,
  };
}

/** The item as the audit log keeps it: what changed, before and after. */
async function itemSnapshot(db: Kysely<DB>, itemId: string) {
  const item = await db.selectFrom('assessment_items').selectAll().where('id', '=', itemId).executeTakeFirstOrThrow();
  const findings = await db.selectFrom('assessment_findings').select(['lang', 'text', 'translation']).where('item_id', '=', itemId).orderBy('lang').execute();
  return { element_id: item.element_id, status: item.status, judgement: item.judgement, original_language: item.original_language, seed_lines: JSON.parse(item.seed_lines), findings };
}

/** Changes an item's findings, judgement or original language, if the caller read its latest version and it can still be edited. */
export async function updateItem(ctx: AppContext, assessmentId: string, elementId: string, input: UpdateItem, reader: Reader): Promise<ItemView> {
  const scale = judgementScale();
  if (input.judgement != null && !scale.values.some((v) => v.code === input.judgement)) {
    throw errors.validation([{ path: 'body.judgement', message: `unknown judgement "${input.judgement}"; the scale has ${scale.values.map((v) => v.code).join(', ')}` }]);
  }
  await ctx.database.db.transaction().execute(async (trx) => {
    const item = await itemRow(trx, assessmentId, elementId);
    if (item.version !== input.version) throw errors.conflict(`item ${elementId} was changed meanwhile (version ${item.version}, you sent ${input.version}); reload it`);
    if (!EDITABLE.has(item.status as ItemStatus)) throw errors.conflict(`item ${elementId} is ${item.status}; send it back to draft before changing it`);
    const before = await itemSnapshot(trx, item.id);
    const at = now();
    for (const f of input.findings ?? []) {
      await trx.deleteFrom('assessment_findings').where('item_id', '=', item.id).where('lang', '=', f.lang).execute();
      if (f.text.trim()) await trx.insertInto('assessment_findings').values({ item_id: item.id, lang: f.lang, text: f.text, translation: f.translation }).execute();
    }
    const original =
      input.original_language !== undefined ? input.original_language : (item.original_language ?? input.findings?.find((f) => f.translation === 'original')?.lang ?? null);
    // The original's text is the original: its translation status says so, whatever was sent.
    if (original) await trx.updateTable('assessment_findings').set({ translation: 'original' }).where('item_id', '=', item.id).where('lang', '=', original).execute();
    await trx
      .updateTable('assessment_findings')
      .set({ translation: 'draft' })
      .where('item_id', '=', item.id)
      .where('translation', '=', 'original')
      .where('lang', '!=', original ?? '')
      .execute();
    await trx
      .updateTable('assessment_items')
      .set({
        judgement: input.judgement === undefined ? item.judgement : input.judgement,
        original_language: original,
        seed_lines: input.seed_lines ? JSON.stringify(input.seed_lines) : item.seed_lines,
        version: item.version + 1,
        updated_at: at,
        updated_by: reader.actor,
      })
      .where('id', '=', item.id)
      .execute();
    const after = await itemSnapshot(trx, item.id);
    await appendAudit(trx, [{ record_kind: 'assessment_item', record_id: item.id, action: 'update', actor: reader.actor, at, before: JSON.stringify(before), after: JSON.stringify(after) }]);
  });
  return getItem(ctx, assessmentId, elementId, reader);
}

/** Moves an item through the review workflow; each step needs its own permission, and sending back needs a reason. */
export async function transitionItem(ctx: AppContext, assessmentId: string, elementId: string, to: ItemStatus, reason: string, reader: Reader): Promise<ItemView> {
  await ctx.database.db.transaction().execute(async (trx) => {
    const item = await itemRow(trx, assessmentId, elementId);
    const from = item.status as ItemStatus;
    const step = stepOf(from, to);
    if (!step) throw errors.invalidTransition(`item ${elementId} cannot go from ${from} to ${to}`);
    if (!reader.can(step.permission)) throw errors.forbidden(step.permission);
    if (step.needsReason && !reason) throw errors.validation([{ path: 'body.reason', message: `going back from ${from} to ${to} needs a reason` }]);
    const at = now();
    await trx.updateTable('assessment_items').set({ status: to, version: item.version + 1, updated_at: at, updated_by: reader.actor }).where('id', '=', item.id).execute();
    await trx.insertInto('assessment_transitions').values({ item_id: item.id, from_status: from, to_status: to, actor: reader.actor, reason, at }).execute();
    await appendAudit(trx, [
      { record_kind: 'assessment_item', record_id: item.id, action: 'transition', actor: reader.actor, at, before: JSON.stringify({ status: from }), after: JSON.stringify({ status: to, reason }) },
    ]);
  });
  return getItem(ctx, assessmentId, elementId, reader);
}

export async function addComment(ctx: AppContext, assessmentId: string, elementId: string, text: string, reader: Reader): Promise<ItemView> {
  await ctx.database.db.transaction().execute(async (trx) => {
    const item = await itemRow(trx, assessmentId, elementId);
    const at = now();
    await trx.insertInto('assessment_comments').values({ item_id: item.id, author: reader.actor, text, at }).execute();
    await appendAudit(trx, [{ record_kind: 'assessment_item', record_id: item.id, action: 'comment', actor: reader.actor, at, before: null, after: JSON.stringify({ text }) }]);
  });
  return getItem(ctx, assessmentId, elementId, reader);
}

/** The item's row id, for the history of the audit log. */
export async function itemId(ctx: AppContext, assessmentId: string, elementId: string): Promise<string> {
  return (await itemRow(ctx.database.db, assessmentId, elementId)).id;
}

