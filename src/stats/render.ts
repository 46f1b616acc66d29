import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { neutraliseFormula } from '../exchange/tabular.js';
import type { Language } from '../reference/vocabulary.js';
import { DIMENSION_LABELS, FRAME, VALUE_LABELS } from './labels.js';
import type { StatsCell, StatsTable } from './table.types.js';

/**
 * A table as a file: JSON (everything, each cell with its filter), CSV (the grid, with a byte-order
 * mark so spreadsheet programs read Cyrillic), Markdown (the grid with its title, method and notes)
 * and XLSX. Text cells pass through the same formula neutralisation as the exports.
 */

export const TABLE_FORMATS = ['json', 'csv', 'md', 'xlsx'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

export const TABLE_CONTENT_TYPES: Record<TableFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const BOM = '\uFEFF';
const percent = (share: number | null) => (share === null ? '' : `${(share * 100).toFixed(1)}%`);

function periodLabel(period: StatsTable['period']): string {
  if (!period) return '';
  if (period.from.endsWith('-01-01') && period.to.endsWith('-12-31') && period.from.slice(0, 4) === period.to.slice(0, 4)) return period.from.slice(0, 4);
  return `${period.from}/${period.to}`;
}

/** The grid as rows of text: a header, one line per row, and the totals line. */
export function tableGrid(table: StatsTable): string[][] {
  const lang = table.lang as Language;
  const compare = table.compare !== null;
  const previous = compare ? `${FRAME.total[lang]} ${periodLabel(table.compare!.period)}` : '';
  const tail = (c: StatsCell) => [String(c.value), percent(c.share), ...(compare ? [String(c.previous ?? 0), String(c.value - (c.previous ?? 0))] : [])];
  const header = [
    ...table.row_dimensions.map((d) => d.label),
    ...table.columns.map((c) => c.labels.join(' / ')),
    table.columns.length ? FRAME.total[lang] : table.count_label,
    FRAME.share[lang],
    ...(compare ? [previous, FRAME.change[lang]] : []),
  ];
  const lines = table.rows.map((r) => [...r.labels, ...r.cells.map((c) => String(c.value)), ...tail(r.total)]);
  const pad = Array.from({ length: Math.max(0, table.row_dimensions.length - 1) }, () => '');
  const totals = [FRAME.total[lang], ...pad, ...table.columns.map((c) => String(c.total.value)), ...tail(table.total)];
  return [header, ...lines, totals];
}

export function renderCsv(table: StatsTable): string {
  return BOM + stringify(tableGrid(table).map((row) => row.map(neutraliseFormula)));
}

const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown(table: StatsTable): string {
  const grid = tableGrid(table);
  const width = table.row_dimensions.length;
  const out = [`# ${table.title}`, ''];
  const lang = table.lang as Language;
  const statuses = table.statuses.map((s) => VALUE_LABELS.status![s]?.[lang] ?? s).join(', ');
  const facts = [`${FRAME.count[lang]}: ${table.count_label}`, table.period ? periodLabel(table.period) : '', `${DIMENSION_LABELS.status![lang]}: ${statuses}`];
  out.push(facts.filter(Boolean).join(' · '), '');
  out.push(`| ${grid[0]!.map(mdCell).join(' | ')} |`);
  out.push(`|${grid[0]!.map((_, i) => (i < width ? '---' : '---:')).join('|')}|`);
  for (const row of grid.slice(1, -1)) out.push(`| ${row.map(mdCell).join(' | ')} |`);
  out.push(`| ${grid.at(-1)!.map((c, i) => (i === 0 || c ? `**${mdCell(c)}**` : '')).join(' | ')} |`, '');
  if (table.methodology) out.push(table.methodology, '');
  for (const note of table.notes) out.push(`- ${note}`);
  if (table.notes.length) out.push('');
  if (table.seed?.comparison.length) {
    const fact = (c: (typeof table.seed.comparison)[number]) => `${[c.row, c.column].filter(Boolean).join(' × ') || FRAME.total[lang]} (${c.line}): ${c.seed} → ${c.ours}`;
    out.push(`${FRAME.seed[lang]}: ${table.seed.comparison.map(fact).join('; ')}`, '');
    if (table.seed.differences) out.push(table.seed.differences, '');
  }
  out.push(`${FRAME.records[lang]}: \`/api/v1/incidents?${table.filter}\``, '');
  return out.join('\n');
}

export async function renderXlsx(table: StatsTable): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet((table.id ?? 'table').slice(0, 31));
  const text = (s: string) => neutraliseFormula(s);
  sheet.addRow([text(table.title)]).font = { bold: true, size: 13 };
  sheet.addRow([text(`${table.count_label}${table.period ? ` · ${periodLabel(table.period)}` : ''}`)]);
  sheet.addRow([]);
  const grid = tableGrid(table);
  const width = table.row_dimensions.length;
  grid.forEach((line, i) => {
    // Counts go in as numbers so the sheet can sum them; labels and shares as text.
    const row = sheet.addRow(line.map((c, k) => (i > 0 && k >= width && /^-?\d+$/.test(c) ? Number(c) : text(c))));
    if (i === 0 || i === grid.length - 1) row.font = { bold: true };
  });
  sheet.addRow([]);
  if (table.methodology) sheet.addRow([text(table.methodology)]);
  for (const note of table.notes) sheet.addRow([text(note)]);
  sheet.getColumn(1).width = 48;
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** The table in a format: text for json, csv and md; bytes for xlsx. */
export async function renderTable(table: StatsTable, format: TableFormat): Promise<string | Uint8Array> {
  switch (format) {
    case 'json':
      return `${JSON.stringify(table, null, 2)}\n`;
    case 'csv':
      return renderCsv(table);
    case 'md':
      return renderMarkdown(table);
    case 'xlsx':
      return renderXlsx(table);
  }
}
