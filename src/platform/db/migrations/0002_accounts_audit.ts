import type { Kysely } from 'kysely';
import { type MigrationDialect, serialId } from '../migration-helpers.js';

/**
 * Accounts (users, sessions, API tokens, password resets, lawyers' case assignments), who created
 * each incident (a monitor edits only their own drafts), and the hash chain over the history that
 * makes it a tamper-evident audit log.
 */
export async function up(db: Kysely<unknown>, dialect: MigrationDialect): Promise<void> {
  const s = db.schema;
  await s.alterTable('history').addColumn('prev_hash', 'text', (c) => c.notNull().defaultTo('')).execute();
  await s.alterTable('history').addColumn('hash', 'text', (c) => c.notNull().defaultTo('')).execute();

  await s.alterTable('incidents').addColumn('created_by', 'text').execute();

  await s
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('regions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('grants', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('ru'))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('totp_secret', 'text')
    .addColumn('totp_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('totp_last_step', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('sessions_by_user').on('sessions').columns(['user_id']).execute();

  await s
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  await s
    .createTable('password_resets')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  await s
    .createTable('login_attempts')
    .addColumn('id', serialId(dialect), (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('login_attempts_by_key').on('login_attempts').columns(['key', 'at']).execute();

  await s
    .createTable('case_assignments')
    .addColumn('case_id', 'text', (c) => c.notNull().references('legal_cases.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('case_assignments_pk', ['case_id', 'user_id'])
    .execute();
}
