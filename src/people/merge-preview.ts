import type { Kysely, Transaction } from 'kysely';
import type { AppContext } from '../platform/context.js';
import type { DB } from '../platform/db/schema.js';
import type { Reader } from '../platform/reader.js';
import { getPerson, mergePeople, type PeopleKind } from './people.service.js';

type PersonView = Awaited<ReturnType<typeof getPerson>>;

/** What a merge would produce, shown before anyone confirms it. */
export interface MergePreview {
  /** The two records as they are now. */
  readonly duplicate: PersonView;
  readonly survivor: PersonView;
  /** The surviving record exactly as the merge would return it. */
  readonly result: PersonView;
  /** Incidents that would newly appear on the survivor. */
  readonly incidents_moved: string[];
  /** The links that would be repointed, per table and column (acts, case parties, charges, staff of an outlet). */
  readonly moved: Record<string, string[]>;
  readonly links_moved: number;
  /** Fields of the duplicate whose value the survivor does not carry: they stay on the marked duplicate only. */
  readonly not_kept: { field: string; value: unknown }[];
}

/** Thrown to leave the preview's transaction, carrying what the merge computed inside it. */
class RolledBack extends Error {
  constructor(readonly preview: { result: PersonView; moved: Record<string, string[]> }) {
    super('merge preview rolled back');
  }
}

/**
 * The transaction seen as a database whose `transaction()` runs inside it: the merge opens its own
 * transaction, which Kysely does not nest, so here it joins the preview's instead. Kysely keeps
 * its state in private fields, so every method is called on the real transaction.
 */
function joined(trx: Transaction<DB>): Kysely<DB> {
  return new Proxy(trx, {
    get(target, prop) {
      if (prop === 'transaction') return () => ({ execute: <T>(fn: (t: Transaction<DB>) => Promise<T>) => fn(trx) });
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Runs the real merge inside a transaction that is always rolled back, so the preview is what the
 * merge would do, by the same code (its checks, its moves, its audit entries), and writes nothing.
 */
export async function previewMerge(ctx: AppContext, kind: PeopleKind, id: string, into: string, reader: Reader): Promise<MergePreview> {
  const [duplicate, survivor] = [await getPerson(ctx, kind, id, reader), await getPerson(ctx, kind, into, reader)];
  let computed: RolledBack['preview'];
  try {
    await ctx.database.db.transaction().execute(async (trx) => {
      const inside: AppContext = { ...ctx, database: Object.assign(Object.create(ctx.database) as AppContext['database'], { db: joined(trx) }) };
      const result = await mergePeople(inside, kind, id, into, 'preview', reader);
      // The merge records what it moved in the survivor's audit entry; read it before it is undone.
      const entry = await trx
        .selectFrom('history')
        .select('after')
        .where('record_kind', '=', kind)
        .where('record_id', '=', into)
        .where('action', '=', 'absorb')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      throw new RolledBack({ result, moved: (JSON.parse(entry.after!) as { moved: Record<string, string[]> }).moved });
    });
    throw new Error('the merge preview was not rolled back');
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
    computed = error.preview;
  }
  const had = new Set(survivor.incidents);
  const kept = (survivor.record ?? {}) as Record<string, unknown>;
  const notKept = Object.entries((duplicate.record ?? {}) as Record<string, unknown>)
    .filter(([field, value]) => field !== 'id' && value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0))
    .filter(([field, value]) => JSON.stringify(value) !== JSON.stringify(kept[field]))
    .map(([field, value]) => ({ field, value }));
  return {
    duplicate,
    survivor,
    result: computed.result,
    incidents_moved: computed.result.incidents.filter((i) => !had.has(i)),
    moved: computed.moved,
    links_moved: Object.values(computed.moved).reduce((n, refs) => n + refs.length, 0),
    not_kept: notKept,
  };
}
