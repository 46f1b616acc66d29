import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.js';
import { errors } from '../platform/errors.js';

/** The rows every assessment operation starts from, or a 404 naming what is missing. */

export async function assessmentRow(db: Kysely<DB>, id: string) {
  const row = await db.selectFrom('assessments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw errors.notFound('assessment', id);
  return row;
}

export async function itemRow(db: Kysely<DB>, assessmentId: string, elementId: string) {
  const row = await db.selectFrom('assessment_items').selectAll().where('assessment_id', '=', assessmentId).where('element_id', '=', elementId).executeTakeFirst();
  if (!row) {
    await assessmentRow(db, assessmentId);
    throw errors.notFound('framework element of this assessment', elementId);
  }
  return row;
}
