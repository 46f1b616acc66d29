import type { Profile } from '../reference/profile.js';
import { CASE_OUTCOMES, GENDERS, INSTANCES, type Language, STATUSES } from '../reference/vocabulary.js';
import type { DimensionId } from './definition.schema.js';
import { monthLabel, VALUE_LABELS } from './labels.js';
import { monthsIn, type Period, quartersIn, regionsValidIn, yearsIn } from './period.js';

/**
 * The values a dimension takes without a grouping: their order in a table and their labels. The
 * calendar and the regions are listed in full for the period (an empty month or region is a
 * finding too); other dimensions show the values that occur, in the order of their list.
 */
export function knownValues(id: DimensionId, profile: Profile, period: Period | null): { order: string[]; showEmpty: boolean } {
  switch (id) {
    case 'region':
      // The regions of the period's own layout (2020 tables use the 2020 regions).
      return { order: regionsValidIn(profile.regions, period).map((r) => r.code), showEmpty: true };
    case 'month':
      return { order: monthsIn(period), showEmpty: period !== null };
    case 'quarter':
      return { order: quartersIn(period), showEmpty: period !== null };
    case 'year':
      return { order: yearsIn(period), showEmpty: period !== null };
    case 'type':
      return { order: profile.taxonomy.types.map((t) => t.code), showEmpty: false };
    case 'victim_group':
      return { order: profile.victimGroups.map((g) => g.code), showEmpty: false };
    case 'victim_kind':
      return { order: ['person', 'organisation'], showEmpty: false };
    case 'gender':
      return { order: [...GENDERS], showEmpty: false };
    case 'perpetrator_type':
      return { order: profile.perpetratorTypes.map((p) => p.code), showEmpty: false };
    case 'article':
      return { order: [...profile.legalCodes.books.map((b) => b.code), ...profile.legalCodes.articles.map((a) => a.code)], showEmpty: false };
    case 'proceeding':
      return { order: Object.keys(VALUE_LABELS.proceeding!), showEmpty: false };
    case 'stage':
      return { order: [...INSTANCES], showEmpty: false };
    case 'outcome':
      return { order: [...CASE_OUTCOMES], showEmpty: false };
    case 'status':
      return { order: [...STATUSES], showEmpty: false };
    case 'context':
      return { order: profile.contextTags.map((t) => t.code), showEmpty: false };
  }
}

/** The label of a stored code in a language, from the profile or the method's vocabulary. */
export function rawLabels(id: DimensionId, profile: Profile, lang: Language): (code: string) => string {
  const from = (list: readonly { code: string; labels: Record<Language, string> }[]) => {
    const map = new Map(list.map((x) => [x.code, x.labels[lang]]));
    return (code: string) => map.get(code) ?? code;
  };
  switch (id) {
    case 'region':
      return from(profile.regions);
    case 'type':
      return from(profile.taxonomy.types);
    case 'victim_group':
      return from(profile.victimGroups);
    case 'perpetrator_type':
      return from(profile.perpetratorTypes);
    case 'context':
      return from(profile.contextTags);
    case 'article': {
      const books = new Map(profile.legalCodes.books.map((b) => [b.code, b.labels[lang]]));
      const articles = new Map(profile.legalCodes.articles.map((a) => [a.code, a]));
      return (code) => {
        const a = articles.get(code);
        // "274.4.2: label": the number as lawyers cite it, then what the article is about.
        return a ? `${code.slice(a.book.length + 1)}: ${a.labels[lang]}` : (books.get(code) ?? code);
      };
    }
    case 'month':
      return (code) => monthLabel(code, lang);
    case 'year':
    case 'quarter':
      return (code) => code;
    default: {
      const labels = VALUE_LABELS[id] ?? {};
      return (code) => labels[code]?.[lang] ?? code;
    }
  }
}
