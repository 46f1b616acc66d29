import { z } from 'zod';
import type { AppContext } from '../platform/context.js';
import { errors } from '../platform/errors.js';
import type { Reader } from '../platform/reader.js';
import { newId } from '../platform/util/ids.js';
import { incidentFilterSchema } from './incident.filters.js';

/** The list parameters a saved view may hold: the filters and the order, never a cursor or a page size. */
const savedQuerySchema = incidentFilterSchema.extend({ sort: z.enum(['date', '-date']).optional() }).strict();

/** A saved query is the incident list's own query string, so it must be one the list accepts. */
function checkQuery(query: string, ctx: z.RefinementCtx): void {
  const params = new URLSearchParams(query);
  const keys = [...params.keys()];
  const repeated = keys.find((k, i) => keys.indexOf(k) !== i);
  if (repeated) {
    ctx.addIssue({ code: 'custom', message: `"${repeated}" is given twice; give a list as one comma-separated value`, path: [repeated] });
    return;
  }
  const parsed = savedQuerySchema.safeParse(Object.fromEntries(params));
  if (parsed.success) return;
  for (const issue of parsed.error.issues) {
    const key = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.map(String).join('.');
    ctx.addIssue({ code: 'custom', message: issue.code === 'unrecognized_keys' ? 'not a filter of the incident list' : issue.message, path: [key] });
  }
}

export const savedFilterInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  query: z
    .string()
    .max(2000)
    .transform((q) => q.replace(/^\?/, ''))
    .superRefine(checkQuery)
    .describe('the query string of GET /incidents, e.g. "status=received&region=KZ-ALA"'),
});
export type SavedFilterInput = z.output<typeof savedFilterInputSchema>;

export interface SavedFilter {
  readonly id: string;
  readonly name: string;
  readonly query: string;
  readonly created_at: string;
}

/** Saved views belong to a person; an API token acts for its owner, the command line for nobody. */
function ownerOf(reader: Reader): string {
  if (!reader.userId) throw errors.forbiddenBecause('saved filters belong to a signed-in user');
  return reader.userId;
}

export async function listSavedFilters(ctx: AppContext, reader: Reader): Promise<SavedFilter[]> {
  return ctx.database.db
    .selectFrom('saved_filters')
    .select(['id', 'name', 'query', 'created_at'])
    .where('user_id', '=', ownerOf(reader))
    .orderBy('name')
    .execute();
}

export async function createSavedFilter(ctx: AppContext, input: SavedFilterInput, reader: Reader): Promise<SavedFilter> {
  const userId = ownerOf(reader);
  const row = { id: newId('flt'), name: input.name, query: input.query, created_at: new Date().toISOString() };
  await ctx.database.db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('saved_filters').select('id').where('user_id', '=', userId).where('name', '=', input.name).executeTakeFirst();
    if (taken) throw errors.conflict(`you already have a saved filter named "${input.name}"; choose another name or delete that one`);
    await trx.insertInto('saved_filters').values({ ...row, user_id: userId }).execute();
  });
  return row;
}

/** Deletes one of the reader's own filters; someone else's is answered as if it did not exist. */
export async function deleteSavedFilter(ctx: AppContext, id: string, reader: Reader): Promise<void> {
  const result = await ctx.database.db.deleteFrom('saved_filters').where('id', '=', id).where('user_id', '=', ownerOf(reader)).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw errors.notFound('saved filter', id);
}
