import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { NotAnArchive, unpackZip } from './archive.js';
import type { IncidentDoc } from './interchange.schema.js';
import type { RawRecord } from './formats.js';
import { decodeUtf8 } from './utf8.js';

/**
 * The tabular form of the interchange format: one table per kind of record, linked by ids, so a
 * spreadsheet shows one thing per row. XLSX keeps each table on a sheet; CSV puts each table in a
 * file of its own inside a ZIP. docs/interchange.md describes every column.
 */
export const TABLES = {
  incidents: ['id', 'status', 'merged_into', 'date', 'date_end', 'region', 'settlement', 'source_language', 'context', 'confidential', 'confidential_fields', 'url'],
  texts: ['incident_id', 'lang', 'title', 'description', 'translation'],
  acts: ['incident_id', 'act', 'id', 'type', 'victim_group', 'person_id', 'organisation_id', 'outcome', 'confidential_fields'],
  perpetrators: ['incident_id', 'act', 'perpetrator_type', 'name', 'degree'],
  persons: ['id', 'name', 'gender', 'birth_year', 'employment', 'outlet_id', 'contact', 'notes', 'confidential_fields'],
  organisations: ['id', 'name', 'kind', 'region'],
  sources: ['incident_id', 'id', 'kind', 'citation', 'url', 'published_on', 'reliability', 'public', 'identity', 'confidential_fields'],
  legal_cases: ['id', 'incidents', 'kind', 'title', 'case_number', 'court', 'against_journalist', 'investigation_status', 'notes', 'confidential_fields'],
  case_parties: ['case_id', 'person_id', 'organisation_id', 'name', 'role'],
  case_charges: ['case_id', 'article', 'person_id'],
  case_events: ['case_id', 'date', 'kind', 'instance', 'outcome', 'detail', 'deadline'],
} as const;
export type TableName = keyof typeof TABLES;
type Row = Record<string, string>;
export type Tables = Record<TableName, Row[]>;

const LIST = ';';
const cell = (v: unknown): string => (v === null || v === undefined ? '' : Array.isArray(v) ? v.join(LIST) : String(v));

// A spreadsheet runs a cell that starts with one of these as a formula; a quote makes it text.
const FORMULA_START = /^[=+\-@\t\r]/;
export const neutraliseFormula = (s: string) => (FORMULA_START.test(s) ? `'${s}` : s);
const restoreFormula = (s: string) => (s.startsWith("'") && FORMULA_START.test(s.slice(1)) ? s.slice(1) : s);

export function emptyTables(): Tables {
  return Object.fromEntries(Object.keys(TABLES).map((t) => [t, []])) as unknown as Tables;
}

/** Adds documents to the tables; people and legal cases shared by several incidents appear once. */
export function addToTables(tables: Tables, items: readonly { doc: IncidentDoc; url: string }[], seen: { people: Set<string>; cases: Map<string, Row> }): void {
  const row = (table: TableName, values: Record<string, unknown>) => {
    tables[table].push(Object.fromEntries(TABLES[table].map((c) => [c, cell(values[c])])));
  };
  for (const { doc, url } of items) {
    row('incidents', { ...doc, url });
    for (const [lang, t] of Object.entries(doc.texts)) row('texts', { incident_id: doc.id, lang, ...t });
    doc.acts.forEach((a, i) => {
      row('acts', { ...a, incident_id: doc.id, act: i + 1, person_id: a.person?.id, organisation_id: a.organisation?.id });
      for (const p of a.perpetrators) row('perpetrators', { ...p, incident_id: doc.id, act: i + 1 });
      const outlet = a.person?.outlet;
      for (const org of [outlet, a.organisation]) {
        if (org?.name && !seen.people.has(`o:${org.id}`)) {
          seen.people.add(`o:${org.id}`);
          row('organisations', org);
        }
      }
      if (a.person?.name && !seen.people.has(`p:${a.person.id}`)) {
        seen.people.add(`p:${a.person.id}`);
        row('persons', { ...a.person, outlet_id: outlet?.id });
      }
    });
    for (const s of doc.sources) row('sources', { ...s, incident_id: doc.id });
    for (const c of doc.legal_cases) {
      const known = seen.cases.get(c.id);
      if (known) {
        known.incidents = `${known.incidents}${LIST}${doc.id}`;
        continue;
      }
      row('legal_cases', { ...c, incidents: doc.id });
      seen.cases.set(c.id, tables.legal_cases.at(-1)!);
      for (const p of c.parties) row('case_parties', { case_id: c.id, person_id: p.person, organisation_id: p.organisation, name: p.name, role: p.role });
      for (const ch of c.charges) row('case_charges', { case_id: c.id, article: ch.article, person_id: ch.person });
      for (const e of c.events) row('case_events', { ...e, case_id: c.id });
    }
  }
}

/**
 * Puts the tables back together into one raw document per row of the incidents table, reported
 * at that row's line in the file (given, since blank rows are skipped; else counted from row 2).
 */
export function tablesToRecords(tables: Partial<Tables>, incidentLines: readonly number[] = []): RawRecord[] {
  const by = (table: TableName, key: string) => {
    const map = new Map<string, Row[]>();
    for (const r of tables[table] ?? []) map.set(r[key] ?? '', [...(map.get(r[key] ?? '') ?? []), r]);
    return map;
  };
  const opt = (r: Row, k: string) => (r[k] ? r[k] : undefined);
  const list = (r: Row, k: string) => (r[k] ? r[k].split(LIST).map((s) => s.trim()).filter(Boolean) : []);
  const bool = (r: Row, k: string) => (r[k] === '' || r[k] === undefined ? undefined : r[k] === 'true' ? true : r[k] === 'false' ? false : r[k]);
  const organisations = new Map((tables.organisations ?? []).map((o) => [o.id, { id: o.id, name: opt(o, 'name'), kind: opt(o, 'kind'), region: opt(o, 'region') }]));
  const orgRef = (id: string | undefined) => (id ? (organisations.get(id) ?? { id }) : undefined);
  const persons = new Map(
    (tables.persons ?? []).map((p) => [
      p.id,
      {
        id: p.id,
        name: opt(p, 'name'),
        gender: opt(p, 'gender'),
        birth_year: p.birth_year ? Number(p.birth_year) : undefined,
        employment: opt(p, 'employment'),
        outlet: orgRef(opt(p, 'outlet_id')),
        contact: opt(p, 'contact'),
        notes: opt(p, 'notes'),
        confidential_fields: list(p, 'confidential_fields'),
      },
    ]),
  );
  const texts = by('texts', 'incident_id');
  const acts = by('acts', 'incident_id');
  const perpetrators = by('perpetrators', 'incident_id');
  const sources = by('sources', 'incident_id');
  const parties = by('case_parties', 'case_id');
  const charges = by('case_charges', 'case_id');
  const events = by('case_events', 'case_id');
  const casesOf = new Map<string, unknown[]>();
  for (const c of tables.legal_cases ?? []) {
    const doc = {
      id: c.id,
      kind: opt(c, 'kind'),
      title: opt(c, 'title'),
      case_number: opt(c, 'case_number'),
      court: opt(c, 'court'),
      against_journalist: bool(c, 'against_journalist'),
      investigation_status: opt(c, 'investigation_status'),
      parties: (parties.get(c.id ?? '') ?? []).map((p) => ({ person: opt(p, 'person_id'), organisation: opt(p, 'organisation_id'), name: opt(p, 'name'), role: opt(p, 'role') })),
      charges: (charges.get(c.id ?? '') ?? []).map((ch) => ({ article: opt(ch, 'article'), person: opt(ch, 'person_id') })),
      events: (events.get(c.id ?? '') ?? []).map((e) => ({
        date: opt(e, 'date'),
        kind: opt(e, 'kind'),
        instance: opt(e, 'instance'),
        outcome: opt(e, 'outcome'),
        detail: opt(e, 'detail'),
        deadline: opt(e, 'deadline'),
      })),
      notes: opt(c, 'notes'),
      confidential_fields: list(c, 'confidential_fields'),
    };
    for (const incident of list(c, 'incidents')) casesOf.set(incident, [...(casesOf.get(incident) ?? []), doc]);
  }
  return (tables.incidents ?? []).map((i, index) => {
    const id = i.id ?? '';
    const actRows = [...(acts.get(id) ?? [])].sort((a, b) => Number(a.act) - Number(b.act));
    return {
      line: incidentLines[index] ?? index + 2, // the header is row 1
      value: {
        id: opt(i, 'id'),
        status: opt(i, 'status'),
        merged_into: opt(i, 'merged_into'),
        date: opt(i, 'date'),
        date_end: opt(i, 'date_end'),
        region: opt(i, 'region'),
        settlement: opt(i, 'settlement'),
        source_language: opt(i, 'source_language'),
        texts: Object.fromEntries((texts.get(id) ?? []).map((t) => [t.lang, { title: t.title, description: t.description ?? '', translation: opt(t, 'translation') }])),
        context: list(i, 'context'),
        confidential: bool(i, 'confidential'),
        confidential_fields: list(i, 'confidential_fields'),
        acts: actRows.map((a) => ({
          id: opt(a, 'id'),
          type: opt(a, 'type'),
          victim_group: opt(a, 'victim_group'),
          person: a.person_id ? (persons.get(a.person_id) ?? { id: a.person_id }) : undefined,
          organisation: orgRef(opt(a, 'organisation_id')),
          outcome: opt(a, 'outcome'),
          perpetrators: (perpetrators.get(id) ?? [])
            .filter((p) => p.act === a.act)
            .map((p) => ({ perpetrator_type: opt(p, 'perpetrator_type'), name: opt(p, 'name'), degree: opt(p, 'degree') })),
          confidential_fields: list(a, 'confidential_fields'),
        })),
        sources: (sources.get(id) ?? []).map((s) => ({
          id: opt(s, 'id'),
          kind: opt(s, 'kind'),
          citation: opt(s, 'citation'),
          url: opt(s, 'url'),
          published_on: opt(s, 'published_on'),
          reliability: opt(s, 'reliability'),
          public: bool(s, 'public'),
          identity: opt(s, 'identity'),
          confidential_fields: list(s, 'confidential_fields'),
        })),
        legal_cases: casesOf.get(id) ?? [],
      },
    };
  });
}

const BOM = '\uFEFF';

/** CSV tables in a ZIP, each with a byte-order mark so spreadsheet programs read Cyrillic. */
export function writeCsvZip(tables: Tables): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, columns] of Object.entries(TABLES)) {
    const rows = tables[name as TableName].map((r) => columns.map((c) => neutraliseFormula(r[c] ?? '')));
    files[`${name}.csv`] = strToU8(BOM + stringify([columns as readonly string[] as string[], ...rows]));
  }
  return zipSync(files);
}

/** A table as read from a file: its rows, each with its line (header = 1), or the errors met reading it. */
interface ReadTable {
  readonly rows: Row[];
  readonly lines: number[];
  readonly errors: RawRecord[];
}

/** The readers keep only the files of the tables, and every one of them: the limits count the rest. */
const isTableFile = (extension: string) => (file: string) => tableOf(file, extension) !== undefined;
function tableOf(file: string, extension: string): TableName | undefined {
  const name = file.replace(/^.*\//, '');
  if (!name.toLowerCase().endsWith(extension)) return undefined;
  const table = name.slice(0, -extension.length);
  return table in TABLES ? (table as TableName) : undefined;
}

function unpack(bytes: Uint8Array, keep: (name: string) => boolean, what: string): Map<string, Uint8Array> | RawRecord[] {
  try {
    return unpackZip(bytes, keep);
  } catch (error) {
    if (error instanceof NotAnArchive) return [{ line: 0, field: '(file)', error: `${what}: ${error.message}` }];
    throw error;
  }
}

export function readCsvZip(bytes: Uint8Array): RawRecord[] {
  const files = unpack(bytes, isTableFile('.csv'), 'a CSV import is a ZIP of the tables (incidents.csv, acts.csv, …)');
  if (Array.isArray(files)) return files;
  const tables: Partial<Tables> = {};
  const errors: RawRecord[] = [];
  let incidentLines: number[] = [];
  for (const [file, content] of files) {
    const name = tableOf(file, '.csv')!;
    const table = readCsvTable(`${name}.csv`, TABLES[name], content);
    errors.push(...table.errors);
    tables[name] = table.rows;
    if (name === 'incidents') incidentLines = table.lines;
  }
  if (errors.length) return errors;
  if (!tables.incidents) return [{ line: 0, field: '(file)', error: 'the ZIP has no incidents.csv' }];
  return tablesToRecords(tables, incidentLines);
}

/**
 * One CSV table in the documented dialect: UTF-8, comma-separated, double quotes doubled inside
 * quoted cells, the column names on line 1. Anything else is refused at its line, so a file saved
 * with semicolons or in another encoding is named instead of read as nonsense.
 */
function readCsvTable(file: string, columns: readonly string[], content: Uint8Array): ReadTable {
  const failed = (line: number, error: string): ReadTable => ({ rows: [], lines: [], errors: [{ line, field: file, error }] });
  const decoded = decodeUtf8(content);
  if ('error' in decoded) return failed(decoded.line, decoded.error);
  const text = decoded.text;
  let parsed: { record: Row; info: { lines: number } }[];
  try {
    parsed = parse(text, { columns: true, bom: true, skip_empty_lines: true, info: true });
  } catch (error) {
    const e = error as Error & { code?: string; lines?: number };
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') return failed(unclosedQuoteLine(text), 'a quoted cell is opened here and never closed');
    return failed(e.lines ?? 0, e.message);
  }
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  if (parsed.length > 0 || header) {
    const key = columns[0]!;
    const names = header.split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
    if (!names.includes(key)) {
      const separator = [';', '\t', '|'].find((c) => header.includes(c));
      return failed(
        1,
        separator
          ? `the columns are separated by "${separator === '\t' ? 'tab' : separator}"; the tables are comma-separated CSV`
          : `line 1 must name the columns, and "${key}" is missing`,
      );
    }
  }
  return {
    rows: parsed.map((p) => Object.fromEntries(Object.entries(p.record).map(([k, v]) => [k, restoreFormula(v)]))),
    lines: parsed.map((p) => p.info.lines),
    errors: [],
  };
}

/** The line where a quote opens that is never closed (a doubled quote inside a cell counts twice, so it balances). */
function unclosedQuoteLine(text: string): number {
  let line = 1;
  let opened = 1;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') {
      quoted = !quoted;
      if (quoted) opened = line;
    } else if (ch === '\n') line++;
  }
  return opened;
}

export async function writeXlsx(tables: Tables): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  for (const [name, columns] of Object.entries(TABLES)) {
    const sheet = book.addWorksheet(name);
    sheet.addRow([...columns]);
    sheet.getRow(1).font = { bold: true };
    for (const r of tables[name as TableName]) sheet.addRow(columns.map((c) => neutraliseFormula(r[c] ?? '')));
  }
  return new Uint8Array(await book.xlsx.writeBuffer());
}

export async function readXlsx(bytes: Uint8Array): Promise<RawRecord[]> {
  // Unpacked under the limits first; the workbook library then reads only what was counted, packed
  // again without compression, never the original archive (whose directory could list more).
  const parts = unpack(bytes, () => true, 'an XLSX workbook is a ZIP');
  if (Array.isArray(parts)) return [{ ...parts[0]!, error: 'not a readable XLSX workbook' }];
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(zipSync(Object.fromEntries(parts), { level: 0 }) as unknown as ArrayBuffer);
  } catch {
    return [{ line: 0, field: '(file)', error: 'not a readable XLSX workbook' }];
  }
  const tables: Partial<Tables> = {};
  const errors: RawRecord[] = [];
  let incidentLines: number[] = [];
  book.eachSheet((sheet) => {
    if (!(sheet.name in TABLES)) return;
    const name = sheet.name as TableName;
    const text = (value: ExcelJS.CellValue, row: number, column: string) => {
      const read = cellText(value);
      if (typeof read === 'string') return read;
      errors.push({ line: row, field: `${name}.${column}`, error: `sheet "${name}", row ${row}, column "${column}": ${read.error}` });
      return '';
    };
    const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map((v, i) => text(v, 1, columnLetter(i)));
    const rows: Row[] = [];
    const lines: number[] = [];
    sheet.eachRow((r, n) => {
      if (n === 1) return;
      const values = (r.values as ExcelJS.CellValue[]).slice(1);
      const row = Object.fromEntries(header.map((h, i) => [h, restoreFormula(text(values[i], n, h || columnLetter(i)))]));
      if (Object.values(row).every((v) => v === '')) return;
      rows.push(row);
      lines.push(n); // the sheet's own row number, so rows after a blank row are named where they are
    });
    tables[name] = rows;
    if (name === 'incidents') incidentLines = lines;
  });
  if (errors.length) return errors;
  if (!tables.incidents) return [{ line: 0, field: '(file)', error: 'the workbook has no "incidents" sheet' }];
  return tablesToRecords(tables, incidentLines);
}

const columnLetter = (index: number): string => (index >= 26 ? columnLetter(Math.floor(index / 26) - 1) : '') + String.fromCharCode(65 + (index % 26));

/**
 * The text of a cell. Spreadsheets keep more than text in a cell: a formula keeps the result it
 * last showed (taken), rich text its runs (joined), a link its text, a date a day (written
 * YYYY-MM-DD). A formula never calculated or a cell showing an error has no value to take.
 */
function cellText(value: ExcelJS.CellValue): string | { error: string } {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined || result === null) return { error: 'a formula with no stored result; enter the value itself' };
    if (typeof result === 'object' && 'error' in (result as object)) return { error: `a formula showing the error ${(result as { error: string }).error}` };
    return cellText(result as ExcelJS.CellValue);
  }
  if ('error' in value) return { error: `the cell shows the error ${value.error}` };
  if ('text' in value) return cellText(value.text as ExcelJS.CellValue);
  return { error: 'a value that is not text, a number, a date or a formula result' };
}
