import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration-helpers.js';

/**
 * The keys clients send with `Idempotency-Key` when they create an incident, per account: a
 * correspondent's phone that sends the same report twice (a retry after a dropped connection, two
 * `online` events) gets the first result back, and nothing is created twice. The hash of the
 * request tells a true repeat from a different request that reuses a key.
 */
export async function up(db: Kysely<unknown>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['owner', 'key'])
    .execute();
}
