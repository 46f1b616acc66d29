import type { AppContext } from '../platform/context.js';
import { errors } from '../platform/errors.js';
import type { Reader } from '../platform/reader.js';
import { contentHash } from '../platform/util/stable-json.js';
import { createIncident, getIncident, type IncidentView } from './incident.service.js';

/**
 * Creating an incident exactly once per client key. A phone that lost its connection cannot know
 * whether its report arrived, so it sends it again with the same `Idempotency-Key`; the first
 * request creates the incident and stores the key in the same transaction, every repeat gets that
 * incident back and creates nothing. Keys are per account: two people's keys never collide.
 *
 * Two repeats racing each other are settled by the key's primary key: the loser's insert fails
 * (PostgreSQL makes it wait for the winner's commit; SQLite runs one writer at a time), its
 * transaction writes nothing, and it answers with the winner's incident.
 */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

export interface Created {
  readonly incident: IncidentView;
  /** True when this answer repeats an earlier request's result. */
  readonly replayed: boolean;
}

const ownerOf = (reader: Reader) => reader.userId ?? reader.actor;

async function findKey(ctx: AppContext, owner: string, key: string) {
  return ctx.database.db.selectFrom('idempotency_keys').select(['request_hash', 'incident_id']).where('owner', '=', owner).where('key', '=', key).executeTakeFirst();
}

async function replay(ctx: AppContext, stored: { request_hash: string; incident_id: string }, hash: string, reader: Reader): Promise<Created> {
  if (stored.request_hash !== hash) {
    throw errors.conflict('this Idempotency-Key was already used for a different request; send a new key for a new incident');
  }
  return { incident: await getIncident(ctx, stored.incident_id, reader), replayed: true };
}

export async function createIncidentOnce(ctx: AppContext, input: unknown, key: string, reader: Reader): Promise<Created> {
  const owner = ownerOf(reader);
  const hash = contentHash(input);
  const earlier = await findKey(ctx, owner, key);
  if (earlier) return replay(ctx, earlier, hash, reader);
  try {
    const incident = await createIncident(ctx, input, reader, {
      claim: async (trx, id) => {
        await trx.insertInto('idempotency_keys').values({ owner, key, request_hash: hash, incident_id: id, created_at: new Date().toISOString() }).execute();
      },
    });
    return { incident, replayed: false };
  } catch (error) {
    // A twin request with the same key committed first: answer with its incident.
    const twin = await findKey(ctx, owner, key);
    if (twin) return replay(ctx, twin, hash, reader);
    throw error;
  }
}
