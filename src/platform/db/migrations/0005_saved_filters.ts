import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration-helpers.js';

/**
 * The editor's desk:
 *
 * - `saved_filters`: named views of the incident list, one set per user. The query is the list's
 *   own query string, so applying one is following a link; deleting the account deletes them.
 * - `incidents.assigned_to`: who has taken a report in the review queue (a user id, null when
 *   nobody has). Taking it is not a change of the record's content, so it does not bump the
 *   version an open editor holds; it is recorded in the history like every other change.
 * - an index for the review queue, which reads the waiting statuses oldest first.
 */
export async function up(db: Kysely<unknown>, _dialect: MigrationDialect): Promise<void> {
  const s = db.schema;
  await s
    .createTable('saved_filters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('saved_filters_user_name', ['user_id', 'name'])
    .execute();

  await s.alterTable('incidents').addColumn('assigned_to', 'text').execute();
  await s.createIndex('incidents_review_queue').on('incidents').columns(['status', 'created_at', 'id']).execute();
}
