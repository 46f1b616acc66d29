import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import { seesAllConfidential, seesConfidentialSql, victimShown, visibleIncidentIds } from '../incidents/incident.policy.js';
import { selectIn } from '../platform/db/bulk.js';
import type { DB } from '../platform/db/schema.js';
import { isStaff, type Reader } from '../platform/reader.js';

/**
 * Which people and organisations a reader may see, and may name in a write. Staff see every
 * record; anyone else those named as a victim (or a victim's outlet) that is not hidden from them
 * in an incident they may see, and those they recorded themselves. A person whose name is
 * confidential is known only to those who see the person's confidential data: a record the
 * reader may not name carries no id that leads to it.
 */
export type PeopleKind = 'person' | 'organisation';
export const PEOPLE_TABLE = { person: 'persons', organisation: 'organisations' } as const;

const nameMarked = sql<boolean>`${sql.ref('persons.confidential_fields')} like ${'%"name"%'}`;

/**
 * The acts that name a person or an organisation (as the victim, or as the victim's outlet) and
 * that the reader may know of: in an incident the reader sees, with the victim not hidden from the
 * reader. `id` is the record's id, or a reference to the row of an outer query.
 */
export function actsAbout(db: Kysely<DB>, kind: PeopleKind, id: string | undefined, reader: Reader) {
  const record = id ?? sql.ref(kind === 'person' ? 'persons.id' : 'organisations.id');
  return db
    .selectFrom('acts')
    .leftJoin('persons as victim', 'victim.id', 'acts.person_id')
    .select('acts.incident_id')
    .where((eb) =>
      eb.and([
        kind === 'person' ? eb('acts.person_id', '=', record as never) : eb.or([eb('acts.organisation_id', '=', record as never), eb('victim.outlet_id', '=', record as never)]),
        victimShown(eb as never, reader),
        eb('acts.incident_id', 'in', visibleIncidentIds(eb, reader)),
      ]),
    );
}

/** The condition on a `persons` or `organisations` row: the reader may see (and name) the record. */
export function peopleRecordVisible(db: Kysely<DB>, eb: ExpressionBuilder<any, any>, kind: PeopleKind, reader: Reader) {
  if (isStaff(reader)) return sql<boolean>`1 = 1`;
  const table = PEOPLE_TABLE[kind];
  let named = eb.exists(actsAbout(db, kind, undefined, reader));
  if (kind === 'person' && !seesAllConfidential(reader)) {
    // A confidential name: only the person's own scope (its author, the lawyers of its incidents).
    const scope = seesConfidentialSql(reader, { id: sql.ref('acts.incident_id'), createdBy: sql.ref('persons.created_by') });
    named = eb.exists(actsAbout(db, kind, undefined, reader).where(sql<boolean>`(not ${nameMarked} or ${scope ?? sql`1 = 1`})`));
  }
  return reader.userId ? eb.or([eb(sql.ref(`${table}.created_by`), '=', reader.userId), named]) : named;
}

/** The subset of the ids that the reader may see; the others are answered as if they did not exist. */
export async function visiblePeopleIds(db: Kysely<DB>, kind: PeopleKind, ids: readonly string[], reader: Reader): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const table = PEOPLE_TABLE[kind];
  const rows = await selectIn([...new Set(ids)], (slice) =>
    db
      .selectFrom(table as 'persons')
      .select('id')
      .where('id', 'in', slice)
      .where((eb) => peopleRecordVisible(db, eb, kind, reader))
      .execute(),
  );
  return new Set(rows.map((r) => r.id));
}

/** What decides who may change a stored record: its author, and whether anything but the author's own drafts names it. */
interface PeopleEditState {
  readonly created_by: string | null;
  readonly namedOutsideOwnDrafts: boolean;
}

export async function peopleEditStates(db: Kysely<DB>, kind: PeopleKind, ids: readonly string[]): Promise<Map<string, PeopleEditState>> {
  const table = PEOPLE_TABLE[kind];
  const rows = await selectIn([...new Set(ids)], (slice) => db.selectFrom(table as 'persons').select(['id', 'created_by']).where('id', 'in', slice).execute());
  const states = new Map<string, PeopleEditState>();
  for (const row of rows) {
    // A record nobody recorded (an import) is changed by staff only: there is nothing more to ask.
    if (row.created_by === null) {
      states.set(row.id, { created_by: null, namedOutsideOwnDrafts: true });
      continue;
    }
    const owner = row.created_by;
    // Acts, outlets of victims and case parties that name the record outside its author's drafts.
    const elsewhere = await db
      .selectFrom('acts')
      .innerJoin('incidents', 'incidents.id', 'acts.incident_id')
      .leftJoin('persons as victim', 'victim.id', 'acts.person_id')
      .select('acts.id')
      .where((eb) => (kind === 'person' ? eb('acts.person_id', '=', row.id) : eb.or([eb('acts.organisation_id', '=', row.id), eb('victim.outlet_id', '=', row.id)])))
      .where((eb) => eb.or([eb('incidents.status', '!=', 'received'), eb('incidents.created_by', 'is distinct from', owner)]))
      .limit(1)
      .executeTakeFirst();
    const party = await db
      .selectFrom('case_parties')
      .select('case_id')
      .where(kind === 'person' ? 'person_id' : 'organisation_id', '=', row.id)
      .limit(1)
      .executeTakeFirst();
    states.set(row.id, { created_by: row.created_by, namedOutsideOwnDrafts: Boolean(elsewhere || party) });
  }
  return states;
}
