import type { Kysely } from 'kysely';
import type { IncidentDoc } from '../exchange/interchange.schema.js';
import { selectIn } from '../platform/db/bulk.js';
import type { DB } from '../platform/db/schema.js';
import type { Reader } from '../platform/reader.js';
import { presentIncident } from './incident.presenter.js';

/** What a list shows of an incident: enough to recognise it, light enough for a slow line. */
export interface IncidentSummary {
  readonly id: string;
  readonly status: string;
  readonly date: string;
  readonly date_end?: string | null;
  readonly region?: string | null;
  readonly settlement?: string | null;
  readonly source_language: string;
  readonly titles: Record<string, string>;
  readonly types: string[];
  readonly victims: { readonly group: string; readonly person?: string; readonly organisation?: string; readonly name?: string }[];
  readonly version: number;
  readonly updated_at: string;
}

/**
 * Reads list summaries in three queries. They are cut down by the same presenter as whole
 * incidents, so a list can never show a victim or place that the incident page would hide.
 */
export async function readSummaries(db: Kysely<DB>, ids: readonly string[], reader: Reader): Promise<Map<string, IncidentSummary>> {
  const inIds = <R>(q: (slice: string[]) => Promise<R[]>) => selectIn(ids as string[], q);
  const [incidents, texts, acts, cases] = await Promise.all([
    inIds((s) =>
      db
        .selectFrom('incidents')
        .select(['id', 'status', 'date', 'date_end', 'region', 'settlement', 'source_language', 'confidential', 'confidential_fields', 'version', 'updated_at', 'created_by'])
        .where('id', 'in', s)
        .execute(),
    ),
    inIds((s) => db.selectFrom('incident_texts').select(['incident_id', 'lang', 'title']).where('incident_id', 'in', s).execute()),
    inIds((s) =>
      db
        .selectFrom('acts')
        .leftJoin('persons', 'persons.id', 'acts.person_id')
        .leftJoin('organisations', 'organisations.id', 'acts.organisation_id')
        .select([
          'acts.incident_id',
          'acts.type',
          'acts.victim_group',
          'acts.confidential_fields',
          'acts.person_id',
          'persons.name as person_name',
          'persons.confidential_fields as person_hidden',
          'persons.created_by as person_owner',
          'acts.organisation_id',
          'organisations.name as organisation_name',
        ])
        .where('acts.incident_id', 'in', s)
        .orderBy('acts.incident_id')
        .orderBy('acts.position')
        .execute(),
    ),
    inIds((s) => db.selectFrom('case_incidents').select(['incident_id', 'case_id']).where('incident_id', 'in', s).execute()),
  ]);
  const out = new Map<string, IncidentSummary>();
  for (const i of incidents) {
    const partial = {
      id: i.id,
      status: i.status,
      date: i.date ?? '',
      date_end: i.date_end,
      region: i.region,
      settlement: i.settlement,
      source_language: i.source_language,
      texts: Object.fromEntries(texts.filter((t) => t.incident_id === i.id).map((t) => [t.lang, { title: t.title, description: '', translation: 'original' }])),
      context: [],
      confidential: i.confidential === 1,
      confidential_fields: JSON.parse(i.confidential_fields),
      acts: acts
        .filter((a) => a.incident_id === i.id)
        .map((a) => ({
          type: a.type,
          victim_group: a.victim_group,
          person: a.person_id ? { id: a.person_id, name: a.person_name ?? undefined, confidential_fields: JSON.parse(a.person_hidden ?? '[]') } : undefined,
          organisation: a.organisation_id ? { id: a.organisation_id, name: a.organisation_name ?? undefined } : undefined,
          perpetrators: [],
          confidential_fields: JSON.parse(a.confidential_fields),
        })),
      sources: [],
      legal_cases: [],
    } as IncidentDoc;
    const person_owners = new Map(acts.flatMap((a) => (a.incident_id === i.id && a.person_id ? [[a.person_id, a.person_owner] as const] : [])));
    const doc = presentIncident(partial, reader, { created_by: i.created_by, case_ids: cases.filter((c) => c.incident_id === i.id).map((c) => c.case_id), person_owners, merged_into_shown: false /* a summary names no merge target */ });
    out.set(i.id, {
      id: doc.id,
      status: doc.status,
      date: doc.date,
      date_end: doc.date_end,
      region: doc.region,
      settlement: doc.settlement,
      source_language: doc.source_language,
      titles: Object.fromEntries(Object.entries(doc.texts).map(([lang, t]) => [lang, t.title])),
      types: [...new Set(doc.acts.map((a) => a.type))],
      victims: doc.acts.map((a) => ({
        group: a.victim_group,
        person: a.person?.id,
        organisation: a.organisation?.id,
        name: a.person?.name ?? a.organisation?.name,
      })),
      version: i.version,
      updated_at: i.updated_at,
    });
  }
  return out;
}
