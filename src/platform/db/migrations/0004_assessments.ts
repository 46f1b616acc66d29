import type { Kysely } from 'kysely';
import { type MigrationDialect, serialId } from '../migration-helpers.js';

/**
 * The JSI assessment: framework versions (each loaded file kept whole, never changed, so an
 * assessment made with it keeps it), assessments per country and year with their team, one item
 * per framework element (findings per language, judgement, evidence, comments, workflow), the
 * uploaded documents, and the frozen statistics snapshots that reports cite.
 */
export async function up(db: Kysely<unknown>, dialect: MigrationDialect): Promise<void> {
  const s = db.schema;
  await s
    .createTable('framework_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('framework_id', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('element_count', 'integer', (c) => c.notNull())
    .addColumn('loaded_at', 'text', (c) => c.notNull())
    .addColumn('loaded_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('framework_versions_unique', ['framework_id', 'version'])
    .execute();

  await s
    .createTable('assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('framework_version_id', 'text', (c) => c.notNull().references('framework_versions.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    /** JSON: the report's own texts (foreword, summary…), bibliography and abbreviations. */
    .addColumn('texts', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('bibliography', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('abbreviations', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('assessments_country_year', ['country', 'year'])
    .execute();

  await s
    .createTable('assessment_team')
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addPrimaryKeyConstraint('assessment_team_pk', ['assessment_id', 'position'])
    .execute();

  await s
    .createTable('assessment_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('element_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('judgement', 'text')
    .addColumn('original_language', 'text')
    .addColumn('seed_lines', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('assessment_items_element', ['assessment_id', 'element_id'])
    .execute();
  await s.createIndex('assessment_items_by_status').on('assessment_items').columns(['assessment_id', 'status']).execute();

  await s
    .createTable('assessment_findings')
    .addColumn('item_id', 'text', (c) => c.notNull().references('assessment_items.id').onDelete('cascade'))
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('translation', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('assessment_findings_pk', ['item_id', 'lang'])
    .execute();

  await s
    .createTable('assessment_documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('bytes', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('assessment_snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('taken_at', 'text', (c) => c.notNull())
    .addColumn('taken_by', 'text', (c) => c.notNull())
    .addColumn('record_count', 'integer', (c) => c.notNull())
    /** JSON: [{ id, version }] of every table frozen. */
    .addColumn('tables', 'text', (c) => c.notNull())
    /** JSON: the tables, SDG 16.10.1 and impunity as computed at taken_at. */
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('assessment_snapshots_by_assessment').on('assessment_snapshots').columns(['assessment_id', 'taken_at']).execute();

  await s
    .createTable('assessment_evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('assessment_items.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    /** The incident id, the statistics table id or the document id; null for a dataset. */
    .addColumn('ref', 'text')
    .addColumn('snapshot_id', 'text', (c) => c.references('assessment_snapshots.id'))
    /** JSON: a dataset's title, columns and rows; a note for the other kinds. */
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('assessment_evidence_by_item').on('assessment_evidence').columns(['item_id', 'position']).execute();

  await s
    .createTable('assessment_comments')
    .addColumn('id', serialId(dialect), (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('assessment_items.id').onDelete('cascade'))
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('assessment_comments_by_item').on('assessment_comments').columns(['item_id', 'id']).execute();

  await s
    .createTable('assessment_transitions')
    .addColumn('id', serialId(dialect), (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('assessment_items.id').onDelete('cascade'))
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('assessment_transitions_by_item').on('assessment_transitions').columns(['item_id', 'id']).execute();
}
