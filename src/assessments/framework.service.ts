import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appendAudit } from '../audit/audit.js';
import type { AppContext } from '../platform/context.js';
import { errors } from '../platform/errors.js';
import type { Reader } from '../platform/reader.js';
import { stableStringify } from '../platform/util/stable-json.js';
import { type ElementLevel, type FrameworkElement, type FrameworkFile, frameworkFileSchema, type JudgementScale, judgementScaleSchema } from './framework.schema.js';

/** Framework versions: loaded from files, stored whole, never changed afterwards. */

export const FRAMEWORKS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'frameworks');
export const DEFAULT_FRAMEWORK_FILE = join(FRAMEWORKS_DIR, 'jsi-national-2015.json');

/** An element of the tree as a flat row, in the framework's order. */
export interface FlatElement {
  readonly id: string;
  readonly parent: string | null;
  readonly level: ElementLevel;
  readonly depth: number;
  readonly label: FrameworkElement['label'];
  readonly seed_lines: readonly number[];
  readonly inferred: boolean;
  readonly wording_verified: boolean;
}

export interface FrameworkVersionSummary {
  readonly id: string;
  readonly framework_id: string;
  readonly version: string;
  readonly title: FrameworkFile['title'];
  readonly element_count: number;
  readonly loaded_at: string;
  readonly loaded_by: string;
}

export interface FrameworkVersion extends FrameworkVersionSummary {
  readonly document: FrameworkFile;
}

export function flattenElements(doc: FrameworkFile): FlatElement[] {
  const out: FlatElement[] = [];
  const walk = (elements: readonly FrameworkElement[], parent: string | null, depth: number) => {
    for (const e of elements) {
      out.push({ id: e.id, parent, level: e.level, depth, label: e.label, seed_lines: e.seed_lines, inferred: e.inferred, wording_verified: e.wording_verified });
      walk(e.children ?? [], e.id, depth + 1);
    }
  };
  walk(doc.categories, null, 0);
  return out;
}

/** The element a zod issue path points into, so an error names `B.3.iv` rather than `categories.1.children.2…`. */
function elementAt(input: unknown, path: readonly PropertyKey[]): string | undefined {
  let node: unknown = input;
  let found: string | undefined;
  for (const key of path) {
    if (node === null || typeof node !== 'object') break;
    node = (node as Record<PropertyKey, unknown>)[key];
    const id = node && typeof node === 'object' && !Array.isArray(node) ? (node as { id?: unknown }).id : undefined;
    if (typeof id === 'string') found = id;
  }
  return found;
}

/**
 * Checks a framework file: its shape, then what a schema cannot say (ids unique, each child's id
 * under its parent's, categories at the top, indicators under categories). Every problem names the
 * element and the field.
 */
export function parseFrameworkFile(input: unknown): FrameworkFile {
  const parsed = frameworkFileSchema.safeParse(input);
  if (!parsed.success) {
    throw errors.validation(
      parsed.error.issues.map((i) => {
        const element = elementAt(input, i.path);
        const where = i.path.map(String).join('.');
        return { path: where, message: element ? `element "${element}": ${i.message}` : i.message };
      }),
    );
  }
  const doc = parsed.data;
  const issues: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  const check = (elements: readonly FrameworkElement[], parent: FrameworkElement | null, path: string) => {
    elements.forEach((e, i) => {
      const here = `${path}.${i}`;
      if (seen.has(e.id)) issues.push({ path: `${here}.id`, message: `element "${e.id}": the id is used twice` });
      seen.add(e.id);
      const expected: readonly ElementLevel[] = parent === null ? ['category'] : parent.level === 'category' ? ['indicator'] : ['sub_indicator'];
      if (!expected.includes(e.level)) issues.push({ path: `${here}.level`, message: `element "${e.id}": a ${parent ? `child of a ${parent.level}` : 'top-level element'} must be a ${expected.join(' or ')}, not a ${e.level}` });
      if (parent && !e.id.startsWith(`${parent.id}.`)) issues.push({ path: `${here}.id`, message: `element "${e.id}": its id must start with its parent's, "${parent.id}."` });
      check(e.children ?? [], e, `${here}.children`);
    });
  };
  check(doc.categories, null, 'categories');
  if (issues.length) throw errors.validation(issues);
  return doc;
}

export function readFrameworkFile(file: string): FrameworkFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw errors.validation([{ path: '(file)', message: `not a JSON file: ${(error as Error).message}` }]);
  }
  return parseFrameworkFile(json);
}

const summary = (row: { id: string; framework_id: string; version: string; title: string; element_count: number; loaded_at: string; loaded_by: string }): FrameworkVersionSummary => ({
  id: row.id,
  framework_id: row.framework_id,
  version: row.version,
  title: JSON.parse(row.title),
  element_count: row.element_count,
  loaded_at: row.loaded_at,
  loaded_by: row.loaded_by,
});

/**
 * Stores a framework version. The same file again changes nothing; a changed file under a version
 * already stored is refused (assessments made with that version must keep it): give it a new version.
 */
export async function loadFrameworkVersion(ctx: AppContext, input: unknown, reader: Reader): Promise<{ version: FrameworkVersionSummary; created: boolean }> {
  const doc = parseFrameworkFile(input);
  const text = stableStringify(doc);
  const hash = createHash('sha256').update(text).digest('hex');
  const id = `${doc.id}@${doc.version}`;
  return ctx.database.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('framework_versions').selectAll().where('id', '=', id).executeTakeFirst();
    if (existing) {
      if (existing.content_hash !== hash) throw errors.conflict(`framework "${doc.id}" version "${doc.version}" is already loaded with other content; give the changed file a new version`);
      return { version: summary(existing), created: false };
    }
    const row = {
      id,
      framework_id: doc.id,
      version: doc.version,
      title: JSON.stringify(doc.title),
      document: text,
      content_hash: hash,
      element_count: flattenElements(doc).length,
      loaded_at: new Date().toISOString(),
      loaded_by: reader.actor,
    };
    await trx.insertInto('framework_versions').values(row).execute();
    await appendAudit(trx, [{ record_kind: 'framework_version', record_id: id, action: 'create', actor: reader.actor, at: row.loaded_at, before: null, after: JSON.stringify({ id, content_hash: hash, element_count: row.element_count }) }]);
    return { version: summary(row), created: true };
  });
}

export async function listFrameworkVersions(ctx: AppContext): Promise<FrameworkVersionSummary[]> {
  const rows = await ctx.database.db
    .selectFrom('framework_versions')
    .select(['id', 'framework_id', 'version', 'title', 'element_count', 'loaded_at', 'loaded_by'])
    .orderBy('framework_id')
    .orderBy('loaded_at')
    .execute();
  return rows.map(summary);
}

export async function getFrameworkVersion(ctx: AppContext, id: string): Promise<FrameworkVersion> {
  const row = await ctx.database.db.selectFrom('framework_versions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw errors.notFound('framework version', id);
  return { ...summary(row), document: JSON.parse(row.document) as FrameworkFile };
}

/** A framework version by its full id (`jsi-national-2015@1`), or the latest loaded of a framework id. */
export async function resolveFrameworkVersion(ctx: AppContext, ref: string): Promise<FrameworkVersion> {
  if (ref.includes('@')) return getFrameworkVersion(ctx, ref);
  const latest = await ctx.database.db
    .selectFrom('framework_versions')
    .select('id')
    .where('framework_id', '=', ref)
    .orderBy('loaded_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest) throw errors.notFound('framework', ref);
  return getFrameworkVersion(ctx, latest.id);
}

let scale: JudgementScale | undefined;

/** The judgement scale is data: change `data/frameworks/judgement-scale.json` to change it. */
export function judgementScale(): JudgementScale {
  scale ??= judgementScaleSchema.parse(JSON.parse(readFileSync(join(FRAMEWORKS_DIR, 'judgement-scale.json'), 'utf8')));
  return scale;
}
