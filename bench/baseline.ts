import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type SQLite from 'better-sqlite3';
import type { IncidentDoc } from '../src/exchange/interchange.schema.js';
import { caseCore, caseRows, incidentRows, organisationRow, peopleOf, personRow } from '../src/incidents/incident.rows.js';

/**
 * The yardstick for the import: the same rows (search index, history and transitions included)
 * written by a bare loop of prepared single-row inserts in one transaction, with no validation,
 * no change detection and no query builder. The file must hold complete documents (as the
 * generator writes them).
 */
export async function bareInsert(sqlite: SQLite.Database, path: string): Promise<number> {
  const statements = new Map<string, SQLite.Statement>();
  const insert = (table: string, row: object, orIgnore = false) => {
    const key = `${table}${orIgnore}`;
    let statement = statements.get(key);
    if (!statement) {
      const columns = Object.keys(row);
      statement = sqlite.prepare(`insert ${orIgnore ? 'or ignore ' : ''}into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`);
      statements.set(key, statement);
    }
    statement.run(...Object.values(row));
  };
  const now = new Date().toISOString();
  const stamp = { version: 1, created_at: now, updated_at: now };
  let n = 0;
  sqlite.exec('begin');
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (!line) continue;
    const doc = JSON.parse(line) as IncidentDoc;
    const rows = incidentRows(doc);
    const people = peopleOf(doc);
    for (const o of people.organisations) insert('organisations', { ...organisationRow(o), merged_into: null, ...stamp }, true);
    for (const p of people.persons) insert('persons', { ...personRow(p), merged_into: null, ...stamp }, true);
    for (const c of doc.legal_cases) {
      insert('legal_cases', { ...caseCore(c), ...stamp });
      const children = caseRows(c);
      for (const r of children.parties) insert('case_parties', r);
      for (const r of children.charges) insert('case_charges', r);
      for (const r of children.events) insert('case_events', r);
    }
    insert('incidents', { ...rows.incident, ...stamp });
    for (const r of rows.texts) insert('incident_texts', r);
    for (const r of rows.tags) insert('incident_tags', r);
    for (const r of rows.acts) insert('acts', r);
    for (const r of rows.involvements) insert('involvements', r);
    for (const r of rows.sources) insert('sources', r);
    insert('incident_search', { incident_id: doc.id, body: rows.searchBody });
    for (const c of doc.legal_cases) insert('case_incidents', { case_id: c.id, incident_id: doc.id });
    insert('status_transitions', { incident_id: doc.id, from_status: null, to_status: doc.status, actor: 'bench', reason: 'import', at: now });
    insert('history', { record_kind: 'incident', record_id: doc.id, action: 'import', actor: 'bench', at: now, before: null, after: null });
    n++;
  }
  sqlite.exec('commit');
  return n;
}
