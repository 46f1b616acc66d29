import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { partialDate } from '../exchange/interchange.schema.js';
import type { Dialect } from '../platform/db/connection.js';
import type { DB } from '../platform/db/schema.js';
import type { Reader } from '../platform/reader.js';
import { GENDERS, STATUSES } from '../reference/vocabulary.js';
import { spanOf } from './dates.js';
import { victimShown, visibleIncidents } from './incident.policy.js';
import { queryTerms } from './search-text.js';

/** A comma-separated list in a query string (`type=liberty,attack`), as an array. */
const codes = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[A-Za-z0-9._-]{1,80}$/, 'not a valid code')).min(1).max(50));

/**
 * The incident filters, shared by the list, the facets, the export and the command line. Codes of
 * the hierarchical kinds (act type, legal article) match at any level: `liberty` takes in
 * `liberty.detention.protest`, `KZ-CC-274` takes in `KZ-CC-274.4.2`.
 */
export const incidentFilterSchema = z.object({
  from: partialDate.optional().describe('incidents that overlap the period from this date'),
  to: partialDate.optional().describe('…up to this date'),
  year: z.coerce.number().int().min(1900).max(2100).optional(),
  type: codes.optional(),
  region: codes.optional(),
  victim_group: codes.optional(),
  gender: codes.pipe(z.array(z.enum(GENDERS))).optional(),
  perpetrator_type: codes.optional(),
  article: codes.optional(),
  status: codes.pipe(z.array(z.enum(STATUSES))).optional(),
  context: codes.optional(),
  person: z.string().max(100).optional(),
  organisation: z.string().max(100).optional(),
  q: z.string().trim().min(1).max(200).optional().describe('free text in any of the three languages: every word must begin a word of the record (ё/е and Kazakh letters fold to Russian ones); a lone letter must be a whole word'),
});
export type IncidentFilter = z.output<typeof incidentFilterSchema>;

type Eb = ExpressionBuilder<DB, 'incidents'>;

const underCode = (eb: ExpressionBuilder<any, any>, column: string, values: string[]) =>
  eb.or(values.flatMap((v) => [eb(column, '=', v), eb(column, 'like', `${v}.%`)]));

/** Applies the filters and the reader's limits to a query over `incidents`. */
export function applyIncidentFilter<Q extends { where: (...args: any[]) => Q }>(
  query: Q,
  filter: IncidentFilter,
  reader: Reader,
  dialect: Dialect,
): Q {
  let q = query;
  const where = (f: (eb: Eb) => any) => {
    q = q.where(f as never);
  };
  where((eb) => visibleIncidents(eb, reader));
  if (filter.from) {
    const from = spanOf(filter.from).from;
    where((eb) => eb('incidents.date_to', '>=', from));
  }
  if (filter.to) {
    const to = spanOf(filter.to).to;
    where((eb) => eb('incidents.date_from', '<=', to));
  }
  if (filter.year !== undefined) where((eb) => eb('incidents.year', '=', filter.year!));
  if (filter.region) where((eb) => eb('incidents.region', 'in', filter.region!));
  if (filter.status) where((eb) => eb('incidents.status', 'in', filter.status!));
  if (filter.type) {
    where((eb) => eb.exists(eb.selectFrom('acts').select(sql.lit(1).as('x')).whereRef('acts.incident_id', '=', 'incidents.id').where((a) => underCode(a, 'acts.type', filter.type!))));
  }
  if (filter.victim_group) {
    where((eb) => eb.exists(eb.selectFrom('acts').select(sql.lit(1).as('x')).whereRef('acts.incident_id', '=', 'incidents.id').where('acts.victim_group', 'in', filter.victim_group!)));
  }
  if (filter.gender) {
    where((eb) =>
      eb.exists(
        eb
          .selectFrom('acts')
          .innerJoin('persons', 'persons.id', 'acts.person_id')
          .select(sql.lit(1).as('x'))
          .whereRef('acts.incident_id', '=', 'incidents.id')
          .where('persons.gender', 'in', filter.gender!)
          .where((a) => victimShown(a, reader)),
      ),
    );
  }
  if (filter.perpetrator_type) {
    where((eb) =>
      eb.exists(
        eb.selectFrom('involvements').select(sql.lit(1).as('x')).whereRef('involvements.incident_id', '=', 'incidents.id').where('involvements.perpetrator_type', 'in', filter.perpetrator_type!),
      ),
    );
  }
  if (filter.article) {
    where((eb) =>
      eb.exists(
        eb
          .selectFrom('case_incidents')
          .innerJoin('case_charges', 'case_charges.case_id', 'case_incidents.case_id')
          .select(sql.lit(1).as('x'))
          .whereRef('case_incidents.incident_id', '=', 'incidents.id')
          .where((c) => underCode(c, 'case_charges.article', filter.article!)),
      ),
    );
  }
  if (filter.context) {
    where((eb) => eb.exists(eb.selectFrom('incident_tags').select(sql.lit(1).as('x')).whereRef('incident_tags.incident_id', '=', 'incidents.id').where('incident_tags.tag', 'in', filter.context!)));
  }
  if (filter.person) {
    where((eb) =>
      eb.exists(
        eb.selectFrom('acts').select(sql.lit(1).as('x')).whereRef('acts.incident_id', '=', 'incidents.id').where('acts.person_id', '=', filter.person!).where((a) => victimShown(a, reader)),
      ),
    );
  }
  if (filter.organisation) {
    const org = filter.organisation;
    where((eb) =>
      eb.exists(
        eb
          .selectFrom('acts')
          .leftJoin('persons', 'persons.id', 'acts.person_id')
          .select(sql.lit(1).as('x'))
          .whereRef('acts.incident_id', '=', 'incidents.id')
          .where((a) => a.or([a('acts.organisation_id', '=', org), a('persons.outlet_id', '=', org)]))
          .where((a) => victimShown(a, reader)),
      ),
    );
  }
  if (filter.q) {
    const terms = queryTerms(filter.q);
    if (terms.length === 0) where(() => sql<boolean>`1 = 0`);
    else where((eb) => textMatch(eb, terms, dialect));
  }
  return q;
}

/**
 * Prefix matching of every term (a lone letter whole), on the index of each database: FTS5 on
 * SQLite, a tsvector with the 'simple' configuration on PostgreSQL. Terms are letters and digits
 * only (queryTerms).
 */
function textMatch(eb: Eb, terms: string[], dialect: Dialect) {
  if (dialect === 'sqlite') {
    return eb('incidents.id', 'in', eb.selectFrom('incident_search').select('incident_search.incident_id').where(sql<boolean>`incident_search match ${ftsTerms(terms)}`));
  }
  const tsquery = terms.map((t) => (t.length > 1 ? `${t}:*` : t)).join(' & ');
  return sql<boolean>`${sql.ref('incidents.search_tsv')} @@ to_tsquery('simple', ${tsquery})`;
}

// A lone letter is an initial or a conjunction, not the start of a word: it is matched whole
// (as a prefix it would match half the vocabulary, and no prefix index serves it).
const ftsTerms = (terms: readonly string[]) => terms.map((t) => (t.length > 1 ? `"${t}"*` : `"${t}"`)).join(' ');

/** The FTS5 query for a search text: every word as a prefix; null when no word is left. */
export function ftsMatch(q: string): string | null {
  const terms = queryTerms(q);
  return terms.length ? ftsTerms(terms) : null;
}

export function filteredIncidentIds(db: Kysely<DB>, filter: IncidentFilter, reader: Reader, dialect: Dialect) {
  return applyIncidentFilter(db.selectFrom('incidents').select('incidents.id'), filter, reader, dialect);
}
