import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { ExchangeFormat } from '../../src/exchange/formats.js';
import { importFile } from '../../src/exchange/import.js';
import { incidentSchema } from '../../src/exchange/interchange.schema.js';
import { addToTables, emptyTables, TABLES, type TableName, type Tables } from '../../src/exchange/tabular.js';
import { readIncidents } from '../../src/incidents/incident.reader.js';
import { AppError } from '../../src/platform/errors.js';
import { tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';
import { jsonl, tempFiles } from '../support/temp-files.js';
import { incidentDoc } from '../support/fixtures.js';

/** Malformed files of every kind the import must refuse whole, naming the row, never with a 500. */

const { file } = tempFiles('jsi-malformed-');
const nextYear = String(new Date().getUTCFullYear() + 1);

function tablesOf(docs: object[]): Tables {
  const tables = emptyTables();
  addToTables(tables, docs.map((d) => ({ doc: incidentSchema.parse(d), url: '' })), { people: new Set(), cases: new Map() });
  return tables;
}
const csvText = (tables: Tables, name: TableName) => stringify([[...TABLES[name]], ...tables[name].map((r) => TABLES[name].map((c) => r[c] ?? ''))]);
/** A CSV import of the documents, with some tables' text replaced. */
function csvZip(docs: object[], replace: Partial<Record<TableName, string | Uint8Array>> = {}): Uint8Array {
  const tables = tablesOf(docs);
  const files: Record<string, Uint8Array> = {};
  for (const name of Object.keys(TABLES) as TableName[]) {
    const content = replace[name] ?? csvText(tables, name);
    files[`${name}.csv`] = typeof content === 'string' ? strToU8(content) : content;
  }
  return zipSync(files);
}
/** An XLSX import of the documents; `edit` changes the workbook before it is written. */
async function xlsx(docs: object[], edit: (book: ExcelJS.Workbook) => void = () => undefined): Promise<Uint8Array> {
  const tables = tablesOf(docs);
  const book = new ExcelJS.Workbook();
  for (const [name, columns] of Object.entries(TABLES)) {
    const sheet = book.addWorksheet(name);
    sheet.addRow([...columns]);
    for (const r of tables[name as TableName]) sheet.addRow(columns.map((c) => r[c] ?? ''));
  }
  edit(book);
  return new Uint8Array(await book.xlsx.writeBuffer());
}
const cellOf = (book: ExcelJS.Workbook, sheet: TableName, row: number, column: string) =>
  book.getWorksheet(sheet)!.getRow(row).getCell(TABLES[sheet].indexOf(column as never) + 1);

onEachDatabase('malformed imports', (db) => {
  let app: FastifyInstance;
  let staff: { authorization: string };
  beforeAll(async () => {
    app = await buildApp(db.ctx());
    staff = (await tokenFor(db.ctx(), ['editor'])).headers;
  });
  afterAll(() => app.close());

  const run = (content: string | Uint8Array, format: ExchangeFormat = 'jsonl', dryRun = false) =>
    importFile(db.ctx(), file(`in.${format}`, content), { actor: 'test', format, dryRun });
  const stored = async (id: string) => (await readIncidents(db.ctx().database.db, [id])).get(id);
  const post = (doc: object) => app.inject({ method: 'POST', url: '/api/v1/incidents', headers: staff, payload: doc });
  const upload = (body: string | Uint8Array, type = 'application/x-ndjson') =>
    app.inject({ method: 'POST', url: '/api/v1/import', headers: { ...staff, 'content-type': type }, payload: Buffer.from(body) });

  it('refuses two acts or two sources of one incident with the same id, naming the row and field', async () => {
    const acts = incidentDoc({ id: 'DUP-A' });
    acts.acts.push({ ...acts.acts[0]!, id: 'DUP-A.a1' }); // collides with the first act's default id
    const sources = incidentDoc({ id: 'DUP-S' });
    sources.sources = [{ id: 'S-x', kind: 'publication', citation: 'one', reliability: 'reliable' }, { id: 'S-x', kind: 'interview', citation: 'two', reliability: 'reliable' }];
    const report = await run(jsonl([incidentDoc({ id: 'DUP-OK' }), acts, sources]));
    expect(report.written).toBe(false);
    expect(report.errors).toEqual([
      { line: 2, id: 'DUP-A', field: 'acts.1.id', message: 'act id "DUP-A.a1" is already used by acts.0' },
      { line: 3, id: 'DUP-S', field: 'sources.1.id', message: 'source id "S-x" is already used by sources.0' },
    ]);
    expect(await stored('DUP-OK')).toBeUndefined();

    const api = await post({ ...sources, id: undefined, status: 'received' });
    expect(api.statusCode).toBe(400);
    expect(api.json().error.issues).toEqual([{ path: 'body.sources.1.id', message: 'source id "S-x" is already used by sources.0' }]);
  });

  it('refuses act and source ids that belong to another incident, stored or earlier in the file, in every format and over the API', async () => {
    const owner = incidentDoc({ id: 'OWN-1' });
    owner.acts[0]!.id = 'ACT-OWNED';
    owner.sources = [{ id: 'SRC-OWNED', kind: 'publication', citation: 'owner', reliability: 'reliable' }];
    expect((await run(jsonl([owner]))).written).toBe(true);

    const thief = incidentDoc({ id: 'OWN-2' });
    thief.acts[0]!.id = 'ACT-OWNED';
    thief.sources = [{ id: 'SRC-OWNED', kind: 'publication', citation: 'thief', reliability: 'reliable' }];
    // JSON Lines names the line; the tables the row in `incidents`, after its header row.
    const expected = (line: number) => [
      { line, id: 'OWN-2', field: 'acts.0.id', message: 'act id "ACT-OWNED" belongs to incident "OWN-1"' },
      { line, id: 'OWN-2', field: 'sources.0.id', message: 'source id "SRC-OWNED" belongs to incident "OWN-1"' },
    ];
    const good = incidentDoc({ id: 'OWN-3' });
    expect((await run(jsonl([good, thief]))).errors).toEqual(expected(2));
    expect((await run(csvZip([good, thief]), 'csv')).errors).toEqual(expected(3));
    expect((await run(await xlsx([good, thief]), 'xlsx')).errors).toEqual(expected(3));
    expect((await stored('OWN-1'))!.doc.sources[0]!.citation).toBe('owner');
    expect(await stored('OWN-3')).toBeUndefined();

    // Two new incidents of one file claiming the same act id.
    const first = incidentDoc({ id: 'OWN-4' });
    first.acts[0]!.id = 'ACT-NEW';
    const second = incidentDoc({ id: 'OWN-5' });
    second.acts[0]!.id = 'ACT-NEW';
    expect((await run(jsonl([first, second]))).errors).toEqual([{ line: 2, id: 'OWN-5', field: 'acts.0.id', message: 'act id "ACT-NEW" belongs to incident "OWN-4"' }]);

    const api = await post({ ...thief, id: 'OWN-6', status: 'received' });
    expect(api.statusCode).toBe(400);
    expect(api.json().error.issues).toContainEqual({ path: 'acts.0.id', message: 'act id "ACT-OWNED" belongs to incident "OWN-1"' });
    expect((await upload(jsonl([thief]))).statusCode).toBe(422);
  });

  it('refuses an incident id repeated within a CSV or XLSX file at its second row', async () => {
    const expected = [{ line: 3, id: 'REP-1', field: 'id', message: 'the same id is on line 2 already' }];
    expect((await run(csvZip([incidentDoc({ id: 'REP-1' }), incidentDoc({ id: 'REP-1' })]), 'csv')).errors).toEqual(expected);
    expect((await run(await xlsx([incidentDoc({ id: 'REP-1' }), incidentDoc({ id: 'REP-1' })]), 'xlsx')).errors).toEqual(expected);
  });

  it('refuses CSV that is not the documented dialect, naming the file and line', async () => {
    const docs = [incidentDoc({ id: 'DIA-1' }), incidentDoc({ id: 'DIA-2' })];
    const tables = tablesOf(docs);
    const semicolons = csvText(tables, 'incidents').replaceAll(',', ';');
    expect((await run(csvZip(docs, { incidents: semicolons }), 'csv')).errors).toEqual([
      { line: 1, field: 'incidents.csv', message: 'the columns are separated by ";"; the tables are comma-separated CSV' },
    ]);
    const lines = csvText(tables, 'texts').split('\n');
    lines[3] = lines[3]!.replace(',', ',"'); // a quote opened on line 4 and never closed
    expect((await run(csvZip(docs, { texts: lines.join('\n') }), 'csv')).errors).toEqual([
      { line: 4, field: 'texts.csv', message: 'a quoted cell is opened here and never closed' },
    ]);
    const latin1 = Buffer.concat([Buffer.from(csvText(tables, 'acts').split('\n').slice(0, 2).join('\n') + '\n'), Buffer.from('DIA-2,1,,liberty.detention,journalist,P-DIA-2,,Arr\xeat\n', 'latin1')]);
    const report = await run(csvZip(docs, { acts: latin1 }), 'csv');
    expect(report.errors).toEqual([{ line: 3, field: 'acts.csv', message: expect.stringMatching(/^not valid UTF-8/) }]);
    expect(report.written).toBe(false);
  });

  it('refuses bytes that are not UTF-8 and lone surrogates in JSON Lines at their line, never storing U+FFFD', async () => {
    const bad = Buffer.concat([Buffer.from(`${JSON.stringify(incidentDoc({ id: 'U8-1' }))}\n`), Buffer.from(JSON.stringify(incidentDoc({ id: 'U8-2', settlement: 'Almaty' })).replace('Almaty', 'Alma\xffty'), 'latin1')]);
    const report = await run(bad);
    expect(report.errors).toEqual([{ line: 2, field: '(row)', message: expect.stringMatching(/^not valid UTF-8/) }]);
    expect(await stored('U8-1')).toBeUndefined();

    const surrogate = JSON.stringify(incidentDoc({ id: 'U8-3', settlement: 'SURROGATE' })).replace('SURROGATE', 'Alma\\ud800ty');
    expect((await run(`${JSON.stringify(incidentDoc({ id: 'U8-4' }))}\n${surrogate}`)).errors).toEqual([
      { line: 2, id: 'U8-3', field: 'settlement', message: expect.stringContaining('surrogate') },
    ]);
    const api = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: { ...staff, 'content-type': 'application/json' }, payload: surrogate.replace('"status":"published"', '"status":"received"') });
    expect(api.statusCode).toBe(400);
    expect(api.json().error.issues[0].path).toBe('body.settlement');
  });

  it('refuses a ZIP bomb and an archive of too many files while unpacking: 413 over the API, an error from importFile', async () => {
    const docs = [incidentDoc({ id: 'BOMB-1' })];
    const bomb = zipSync({ ...Object.fromEntries(Object.entries(csvFiles(docs))), 'padding.txt': new Uint8Array(64 * 1024 ** 2) }, { level: 9 });
    for (const format of ['csv', 'xlsx'] as const) {
      const refusal = await run(bomb, format).catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(AppError);
      expect((refusal as AppError).status).toBe(413);
      expect((refusal as AppError).message).toMatch(/^refused: the archive unpacks to more than 40 times its own size/);
    }
    const res = await upload(bomb, 'application/zip');
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toContain('ZIP bomb');

    const many = zipSync({ ...csvFiles(docs), ...Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`notes/${i}.txt`, strToU8('x')])) });
    const crowded = await upload(many, 'application/zip');
    expect(crowded.statusCode).toBe(413);
    expect(crowded.json().error.message).toContain('more than 1,000 files');
    expect(await stored('BOMB-1')).toBeUndefined();
  });

  it('takes the stored result of an XLSX formula and the text of rich text, and refuses a formula without one by sheet, row and column', async () => {
    const docs = [incidentDoc({ id: 'XF-1' }), incidentDoc({ id: 'XF-2' })];
    const good = await xlsx(docs, (book) => {
      cellOf(book, 'texts', 2, 'title').value = { formula: 'CONCATENATE("Computed"," title")', result: 'Computed title' };
      cellOf(book, 'incidents', 3, 'settlement').value = { richText: [{ text: 'Ala', font: { bold: true } }, { text: 'ty' }] };
    });
    expect((await run(good, 'xlsx')).errors).toEqual([]);
    expect((await stored('XF-1'))!.doc.texts.ru!.title).toBe('Computed title');
    expect((await stored('XF-2'))!.doc.settlement).toBe('Alaty');

    const bad = await xlsx([incidentDoc({ id: 'XF-3' })], (book) => {
      cellOf(book, 'acts', 2, 'type').value = { formula: 'A1&B1' } as ExcelJS.CellFormulaValue;
    });
    const report = await run(bad, 'xlsx');
    expect(report.errors).toEqual([{ line: 2, field: 'acts.type', message: 'sheet "acts", row 2, column "type": a formula with no stored result; enter the value itself' }]);
    expect(await stored('XF-3')).toBeUndefined();
  });

  it('names rows after a blank row by their own row number, in XLSX and CSV', async () => {
    const broken = incidentDoc({ id: 'BL-2' });
    broken.acts[0]!.type = 'nonsense';
    const expected = [{ line: 4, id: 'BL-2', field: 'acts.0.type', message: 'unknown act type "nonsense"' }];
    const book = await xlsx([incidentDoc({ id: 'BL-1' })], (b) => {
      const tables = tablesOf([broken]);
      for (const name of Object.keys(TABLES) as TableName[]) {
        const sheet = b.getWorksheet(name)!;
        for (const r of tables[name]) sheet.getRow(sheet.rowCount + 2).values = TABLES[name].map((c) => r[c] ?? ''); // a blank row before each
      }
    });
    expect((await run(book, 'xlsx')).errors).toEqual(expected);
    const lines = csvText(tablesOf([incidentDoc({ id: 'BL-1' }), broken]), 'incidents').trimEnd().split('\n');
    lines.splice(2, 0, '');
    expect((await run(csvZip([incidentDoc({ id: 'BL-1' }), broken], { incidents: lines.join('\n') }), 'csv')).errors).toEqual(expected);
  });

  it('refuses implausible dates of events, and accepts a deadline in the future', async () => {
    const old = incidentDoc({ id: 'DT-1', date: '1850-03' });
    const future = incidentDoc({ id: 'DT-2', date: '2020', date_end: `${nextYear}-01` });
    const published = incidentDoc({ id: 'DT-3' });
    published.sources![0]!.published_on = `${nextYear}-02-03`;
    const report = await run(jsonl([old, future, published]));
    expect(report.errors).toEqual([
      { line: 1, id: 'DT-1', field: 'date', message: 'a date before 1900 is not plausible' },
      { line: 2, id: 'DT-2', field: 'date_end', message: `${nextYear}-01 is in the future` },
      { line: 3, id: 'DT-3', field: 'sources.0.published_on', message: `${nextYear}-02-03 is in the future` },
    ]);
    const deadline = incidentDoc({ id: 'DT-4' });
    deadline.legal_cases = [{ id: 'C-DT-4', kind: 'civil', title: 'Claim', against_journalist: true, events: [{ date: '2020-06-01', kind: 'claim_filed', deadline: `${nextYear}-06-01` }] }];
    expect((await run(jsonl([deadline]))).errors).toEqual([]);
    const eventInFuture = { ...deadline, id: 'DT-5', legal_cases: [{ ...deadline.legal_cases[0]!, id: 'C-DT-5', events: [{ date: `${nextYear}-06-01`, kind: 'hearing' }] }] };
    expect((await run(jsonl([eventInFuture]))).errors.map((e) => e.field)).toEqual(['legal_cases.0.events.0.date']);
  });

  it('refuses merged_into that points at itself, at nothing, or into a cycle, naming the row', async () => {
    const base = { status: 'merged' as const };
    expect((await run(jsonl([incidentDoc({ id: 'MG-1', ...base, merged_into: 'MG-1' })]))).errors).toEqual([
      { line: 1, id: 'MG-1', field: 'merged_into', message: 'an incident cannot be merged into itself' },
    ]);
    expect((await run(jsonl([incidentDoc({ id: 'MG-OK' }), incidentDoc({ id: 'MG-2', ...base, merged_into: 'MG-NOWHERE' })]))).errors).toEqual([
      { line: 2, id: 'MG-2', field: 'merged_into', message: 'incident "MG-NOWHERE" is neither in the file nor stored' },
    ]);
    const cycle = await run(jsonl([incidentDoc({ id: 'MG-3', ...base, merged_into: 'MG-4' }), incidentDoc({ id: 'MG-4', ...base, merged_into: 'MG-3' }), incidentDoc({ id: 'MG-5', ...base, merged_into: 'MG-3' })]));
    expect(cycle.errors).toEqual([
      { line: 1, id: 'MG-3', field: 'merged_into', message: 'the merges make a cycle: "MG-3" → "MG-4" → "MG-3"' },
      { line: 2, id: 'MG-4', field: 'merged_into', message: 'the merges make a cycle: "MG-4" → "MG-3" → "MG-4"' },
      { line: 3, id: 'MG-5', field: 'merged_into', message: 'leads into a cycle of merges: "MG-3" → "MG-4" → "MG-3"' },
    ]);
    // A stored merge closes the cycle: MG-7 is stored as merged into MG-6, the file merges MG-6 into MG-7.
    expect((await run(jsonl([incidentDoc({ id: 'MG-6' }), incidentDoc({ id: 'MG-7', ...base, merged_into: 'MG-6' })]))).errors).toEqual([]);
    expect((await run(jsonl([incidentDoc({ id: 'MG-6', ...base, merged_into: 'MG-7' })]))).errors).toEqual([
      { line: 1, id: 'MG-6', field: 'merged_into', message: 'the merges make a cycle: "MG-6" → "MG-7" → "MG-6"' },
    ]);
    expect((await stored('MG-6'))!.doc.status).toBe('published');
  });

  it('checks an organisation region against the gazetteer and allows only http and https source URLs, also over the API', async () => {
    const org = incidentDoc({ id: 'RG-1' });
    org.acts = [{ type: 'media.blocking', victim_group: 'media_outlet', organisation: { id: 'O-RG-1', name: 'Outlet', kind: 'media_outlet', region: 'KZ-NOWHERE' } }];
    const script = incidentDoc({ id: 'RG-2' });
    script.sources![0]!.url = 'javascript:alert(document.cookie)';
    expect((await run(jsonl([org, script]))).errors).toEqual([
      { line: 1, id: 'RG-1', field: 'acts.0.organisation.region', message: 'unknown region "KZ-NOWHERE"' },
      { line: 2, id: 'RG-2', field: 'sources.0.url', message: 'expected an http or https address' },
    ]);
    const api = await post({ ...script, id: 'RG-3', status: 'received' });
    expect(api.statusCode).toBe(400);
    expect(api.json().error.issues).toEqual([{ path: 'body.sources.0.url', message: 'expected an http or https address' }]);
  });

  it('refuses an empty file and a header-only CSV with "no records": 422 over the API', async () => {
    const noRecords = [{ line: 0, field: '(file)', message: 'no records: the file holds no incident' }];
    expect((await run('')).errors).toEqual(noRecords);
    expect((await run('\n\n')).errors).toEqual(noRecords);
    expect((await run(csvZip([]), 'csv')).errors).toEqual(noRecords);
    expect((await run(await xlsx([]), 'xlsx')).errors).toEqual(noRecords);
    const res = await upload('');
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual(noRecords);
  });
});

function csvFiles(docs: object[]): Record<string, Uint8Array> {
  const tables = tablesOf(docs);
  return Object.fromEntries((Object.keys(TABLES) as TableName[]).map((name) => [`${name}.csv`, strToU8(csvText(tables, name))]));
}
