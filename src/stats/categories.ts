import { type RawBuilder, sql } from 'kysely';
import type { Profile } from '../reference/profile.js';
import type { Language } from '../reference/vocabulary.js';
import type { Category, DimensionSpec } from './definition.schema.js';
import { ACT, DIMENSION_INFO, dimensionColumn, type HiddenVictim, type ListKey } from './dimensions.js';
import { articleHierarchy, type Hierarchy, listCodes, typeHierarchy } from './hierarchy.js';
import { FRAME, type Labels, VALUE_LABELS } from './labels.js';
import { knownValues, rawLabels } from './values.js';
import type { Period } from './period.js';

/** List parameters (`type`, `victim_group`…) with the codes a category stands for. */
export type CellFilterPart = Partial<Record<ListKey, readonly string[]>>;

export const OTHER = '__other__';
export const NONE = '__none__';

/**
 * A dimension made ready for a query: the SQL that gives each record's category, the categories
 * in the order a table shows them, their labels, and the stored codes each category stands for
 * (which become the cell's filter for the incident list).
 */
export interface ResolvedDimension {
  readonly spec: DimensionSpec;
  /** The category of a record; `__other__` outside the categories, null when nothing is recorded. */
  readonly expr: RawBuilder<unknown>;
  /** Categories in display order; with `showEmpty` they appear even when nothing falls in them. */
  readonly order: readonly string[];
  readonly showEmpty: boolean;
  /** Where records are left out of the table (`other: false`, `none: false`). */
  readonly restriction?: RawBuilder<boolean>;
  label(code: string): string;
  /** The incident-list parameters that select a category's records; undefined when the list cannot. */
  filterOf(code: string): CellFilterPart | undefined;
}

interface Grouping {
  readonly categories: readonly Category[];
  readonly labels: (code: string) => Labels | undefined;
}

const lit = (s: string) => sql.lit(s);

function hierarchyOf(spec: DimensionSpec, profile: Profile): Hierarchy | undefined {
  if (spec.dimension === 'type') return typeHierarchy(profile);
  if (spec.dimension === 'article') return articleHierarchy(profile);
  return undefined;
}

/** Categories from a level of a hierarchy: each code goes to its ancestor at that level (labelled as that code). */
function levelGrouping(spec: DimensionSpec, profile: Profile): Grouping {
  const hierarchy = hierarchyOf(spec, profile);
  if (!hierarchy) throw new Error(`${spec.dimension} has no levels`);
  const groups = new Map<string, string[]>();
  for (const c of hierarchy.codes) {
    const top = hierarchy.atLevel(c, spec.level!);
    groups.set(top, [...(groups.get(top) ?? []), c]);
  }
  const categories = [...groups].map(([code, values]) => ({ code, values, labels: { en: code, ru: code, kk: code } }));
  return { categories, labels: () => undefined };
}

/** Categories from a mapping of the profile (mappings.json, the victim groups' SDG column, the perpetrators' state flag). */
function frameworkGrouping(spec: DimensionSpec, profile: Profile): Grouping {
  const fw = spec.framework!;
  if (spec.dimension === 'type') {
    const framework = profile.mappings.frameworks.find((f) => f.id === fw);
    if (!framework) throw new Error(`no framework "${fw}" in mappings.json`);
    const rules = profile.mappings.rules.filter((r) => r.framework === fw);
    // One category per rule keeps each rule's victim kind; rules of one category share its code.
    const categories = framework.categories.flatMap((c) =>
      rules
        .filter((r) => r.category === c.code)
        .map((r) => ({ code: c.code, labels: c.labels, values: r.act_types, ...(r.victim_applies_to ? { victim_kind: r.victim_applies_to } : {}) })),
    );
    return { categories, labels: (code) => framework.categories.find((c) => c.code === code)?.labels };
  }
  if (spec.dimension === 'victim_group' && fw === 'sdg_16_10_1') {
    const targets = [...new Set(profile.victimGroups.flatMap((g) => (g.sdg_16_10_1 ? [g.sdg_16_10_1] : [])))];
    const categories = targets.map((t) => ({
      code: t,
      labels: profile.victimGroups.find((g) => g.code === t)?.labels ?? { en: t, ru: t, kk: t },
      values: profile.victimGroups.filter((g) => g.sdg_16_10_1 === t).map((g) => g.code),
    }));
    return { categories, labels: (code) => categories.find((c) => c.code === code)?.labels };
  }
  if (spec.dimension === 'perpetrator_type' && fw === 'state') {
    const state = VALUE_LABELS.perpetrator_state!;
    const flag = { state: true, non_state: false, unknown: null } as const;
    const categories = (Object.keys(flag) as (keyof typeof flag)[]).flatMap((k) => {
      const values = profile.perpetratorTypes.filter((p) => p.state === flag[k]).map((p) => p.code);
      return values.length ? [{ code: k, labels: state[k]!, values }] : [];
    });
    return { categories, labels: (code) => state[code] };
  }
  throw new Error(`${spec.dimension} has no framework "${fw}"`);
}

/** The condition that a record's stored value is one of these codes (or below them). */
export function valueCondition(column: RawBuilder<unknown>, codes: readonly string[]): RawBuilder<boolean> {
  return sql<boolean>`${column} in (${sql.join(codes.map(lit))})`;
}

export function resolveDimension(spec: DimensionSpec, profile: Profile, period: Period | null, lang: Language, hiddenVictim: HiddenVictim): ResolvedDimension {
  const id = spec.dimension;
  const column = dimensionColumn(id, hiddenVictim);
  const raw = rawLabels(id, profile, lang);
  const frame = (code: string) => (code === OTHER ? FRAME.other[lang] : code === NONE ? FRAME.none[lang] : undefined);
  const hierarchy = hierarchyOf(spec, profile);
  const expand = (codes: readonly string[]) => [...new Set(codes.flatMap((c) => (hierarchy ? hierarchy.descendants(c) : [c])))];
  const listKey = DIMENSION_INFO[id].listKey;
  const groupsOfKind = (kind: string) => profile.victimGroups.filter((g) => g.applies_to === kind).map((g) => g.code);
  const books = new Set(profile.legalCodes.books.map((b) => b.code));
  const listed = (codes: readonly string[]) => (id === 'article' ? listCodes(hierarchy, codes, (c) => books.has(c)) : [...codes]);

  const grouping = spec.categories
    ? { categories: spec.categories, labels: (code: string) => spec.categories!.find((c) => c.code === code)?.labels }
    : spec.framework
      ? frameworkGrouping(spec, profile)
      : spec.level
        ? levelGrouping(spec, profile)
        : undefined;

  if (!grouping) {
    const restrictions = spec.none ? [] : [sql<boolean>`${column} is not null`];
    return {
      spec,
      expr: column,
      ...knownValues(id, profile, period),
      restriction: restrictions[0],
      label: (code) => frame(code) ?? raw(code),
      filterOf: (code) => (code === NONE || code === OTHER || !listKey ? undefined : { [listKey]: id === 'victim_kind' ? groupsOfKind(code) : listed([code]) }),
    };
  }

  const levelled = spec.level !== undefined;
  // First match wins, in the order the categories are given: each record lands in one category.
  // A level's categories already list exact codes; the others name codes with everything below them.
  const branches = grouping.categories.map((c) => {
    const inValues = valueCondition(column, levelled ? c.values : expand(c.values));
    const kind = c.victim_kind ? sql`and ${sql.ref(c.victim_kind === 'person' ? ACT.person_id : ACT.organisation_id)} is not null` : sql``;
    return sql`when ${inValues} ${kind} then ${lit(c.code)}`;
  });
  const expr = sql`case when ${column} is null then null ${sql.join(branches, sql` `)} else ${lit(OTHER)} end`;
  const order = [...new Set(grouping.categories.map((c) => c.code))];
  const restriction =
    !spec.other && !spec.none
      ? sql<boolean>`${expr} <> ${lit(OTHER)}`
      : !spec.other
        ? sql<boolean>`(${column} is null or ${expr} <> ${lit(OTHER)})`
        : !spec.none
          ? sql<boolean>`${column} is not null`
          : undefined;
  return {
    spec,
    expr,
    order,
    showEmpty: !levelled,
    restriction,
    label: (code) => frame(code) ?? (levelled ? raw(code) : grouping.labels(code)?.[lang]) ?? raw(code),
    filterOf: (code) => {
      if (code === NONE || code === OTHER || !listKey) return undefined;
      if (levelled) return { [listKey]: listed([code]) };
      const members = grouping.categories.filter((c) => c.code === code);
      const part: CellFilterPart = { [listKey]: listed([...new Set(members.flatMap((c) => c.values))]) };
      // A category for one kind of victim: the list narrows to the victim groups of that kind.
      const kinds = new Set(members.map((c) => c.victim_kind));
      const kind = kinds.size === 1 ? [...kinds][0] : undefined;
      return kind && listKey !== 'victim_group' ? { ...part, victim_group: groupsOfKind(kind) } : part;
    },
  };
}
