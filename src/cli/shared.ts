import { openContext } from '../app.js';
import type { AppContext } from '../platform/context.js';

/** Runs a command body with an open database, and closes it whatever happens. */
export async function withContext<T>(body: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await openContext();
  try {
    return await body(ctx);
  } finally {
    await ctx.database.close();
  }
}

/** Turns zod's issues into one line per bad argument, named as the user typed it. */
export function argumentError(issues: { path: PropertyKey[]; message: string }[]): Error {
  return new Error(issues.map((i) => `--${String(i.path[0] ?? '?').replace(/_/g, '-')}: ${i.message}`).join('\n'));
}
