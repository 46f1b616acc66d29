import type { AppContext } from '../platform/context.js';
import { getAssessment, elementsOf } from './assessment.service.js';
import { judgementScale } from './framework.service.js';
import { ITEM_STATUSES, type ItemStatus } from './workflow.js';

/** How far an assessment has got, and how its judgements compare with the same country's other years. */

export interface Overview {
  readonly assessment_id: string;
  readonly elements: number;
  /** Items whose judgement is one the scale counts as assessed. */
  readonly assessed: number;
  readonly assessed_percent: number;
  /** Every code of the scale, then `none` for items without a judgement. */
  readonly by_judgement: readonly { code: string; count: number }[];
  readonly by_status: readonly { status: ItemStatus; count: number }[];
  readonly by_category: readonly { id: string; elements: number; assessed: number }[];
  readonly awaiting_review: readonly string[];
}

export async function assessmentOverview(ctx: AppContext, assessmentId: string): Promise<Overview> {
  const a = await getAssessment(ctx, assessmentId);
  const scale = judgementScale();
  const assessedCodes = new Set(scale.values.filter((v) => v.assessed).map((v) => v.code));
  const isAssessed = (j: string | null) => j !== null && assessedCodes.has(j);
  const assessed = a.items.filter((i) => isAssessed(i.judgement)).length;
  const count = (pred: (i: (typeof a.items)[number]) => boolean) => a.items.filter(pred).length;
  const categoryOf = new Map(a.elements.map((e) => [e.id, e.id.split('.')[0]!]));
  const categories = a.elements.filter((e) => e.level === 'category');
  return {
    assessment_id: a.id,
    elements: a.items.length,
    assessed,
    assessed_percent: a.items.length ? Math.round((assessed / a.items.length) * 1000) / 10 : 0,
    by_judgement: [...scale.values.map((v) => ({ code: v.code, count: count((i) => i.judgement === v.code) })), { code: 'none', count: count((i) => i.judgement === null) }],
    by_status: ITEM_STATUSES.map((status) => ({ status, count: count((i) => i.status === status) })),
    by_category: categories.map((c) => {
      const mine = a.items.filter((i) => categoryOf.get(i.element_id) === c.id);
      return { id: c.id, elements: mine.length, assessed: mine.filter((i) => isAssessed(i.judgement)).length };
    }),
    awaiting_review: a.items.filter((i) => i.status === 'in_review').map((i) => i.element_id),
  };
}

export interface Trends {
  readonly country: string;
  readonly assessments: readonly { id: string; year: number; framework_version_id: string }[];
  /** Every element id judged in any of the years, in the latest framework's order, with its judgement per year (null: not judged, or not in that year's framework). */
  readonly elements: readonly { id: string; label: Record<string, string> | null; judgements: Record<string, string | null>; changed: boolean }[];
}

export async function judgementTrends(ctx: AppContext, country: string): Promise<Trends> {
  const db = ctx.database.db;
  const assessments = await db.selectFrom('assessments').select(['id', 'year', 'framework_version_id']).where('country', '=', country).orderBy('year').execute();
  const items = assessments.length
    ? await db
        .selectFrom('assessment_items')
        .innerJoin('assessments', 'assessments.id', 'assessment_items.assessment_id')
        .select(['assessments.year', 'assessment_items.element_id', 'assessment_items.judgement', 'assessment_items.position'])
        .where('assessments.country', '=', country)
        .execute()
    : [];
  const latest = assessments.at(-1);
  const labels = new Map((latest ? await elementsOf(ctx, latest.framework_version_id) : []).map((e) => [e.id, e.label as Record<string, string>]));
  const order = [...labels.keys()];
  const byElement = new Map<string, Record<string, string | null>>();
  for (const i of items) {
    const row = byElement.get(i.element_id) ?? Object.fromEntries(assessments.map((a) => [String(a.year), null]));
    row[String(i.year)] = i.judgement;
    byElement.set(i.element_id, row);
  }
  const rank = (id: string) => (order.indexOf(id) >= 0 ? order.indexOf(id) : order.length);
  const ids = [...byElement.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return {
    country,
    assessments,
    elements: ids.map((id) => {
      const judgements = byElement.get(id)!;
      const judged = Object.values(judgements).filter((j): j is string => j !== null);
      return { id, label: labels.get(id) ?? null, judgements, changed: new Set(judged).size > 1 };
    }),
  };
}
