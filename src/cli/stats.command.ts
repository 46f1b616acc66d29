import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { incidentFilterSchema } from '../incidents/incident.filters.js';
import { AppError } from '../platform/errors.js';
import { operatorReader, PUBLIC_READER } from '../platform/reader.js';
import { LANGUAGES, type Language } from '../reference/vocabulary.js';
import { COUNT_UNITS, type CountUnit } from '../stats/definition.schema.js';
import { computeImpunity } from '../stats/impunity.js';
import { impunityMarkdown } from '../stats/impunity.render.js';
import { sdgConfig } from '../stats/indicators.js';
import { renderTable, TABLE_FORMATS, type TableFormat } from '../stats/render.js';
import { checkWindow, computeSdg16101, sdgCsv } from '../stats/sdg16101.js';
import { adHocTable, listTables, namedTable } from '../stats/stats.service.js';
import { argumentError, withContext } from './shared.js';

const FILTERS = ['year', 'from', 'to', 'type', 'region', 'victim-group', 'gender', 'perpetrator-type', 'article', 'status', 'context', 'q'] as const;
const SDG = 'sdg-16-10-1';
const IMPUNITY = 'impunity';
const QUERY = 'query';

type Options = Record<string, string | boolean | undefined> & {
  list?: boolean;
  format?: TableFormat;
  out?: string;
  compare?: boolean;
  public?: boolean;
  lang: Language;
  count?: string;
  rows?: string;
  columns?: string;
};

async function emit(body: string | Uint8Array, out: string | undefined): Promise<void> {
  if (out) await writeFile(out, body);
  else process.stdout.write(body);
}

/** Errors of the statistics name the option as it is typed here (`--to`, not `to`). */
function asArgumentError(error: unknown): never {
  if (error instanceof AppError && error.issues.length) throw argumentError(error.issues.map((i) => ({ path: [i.path.replace(/^querystring\./, '')], message: i.message })));
  if (error instanceof AppError && error.code === 'not_found') throw new Error(`${error.message}; \`jsi stats --list\` lists the tables`);
  throw error;
}

export function statsCommand(): Command {
  const command = new Command('stats')
    .description(`print a statistics table, SDG 16.10.1 (${SDG}) or the impunity figures (${IMPUNITY}); --list names the tables`)
    .argument('[table]', `a table id from --list, "${SDG}", "${IMPUNITY}" or "${QUERY}" (with --count, --rows, --columns)`)
    .option('--list', 'list the named tables')
    .addOption(new Option('--format <format>', 'output format (default: md; csv for sdg-16-10-1)').choices(TABLE_FORMATS))
    .option('--out <file>', 'write to this file (default: standard output)')
    .option('--compare', 'add the same figures for the year before')
    .option('--public', 'count only what the public may see (published, not confidential)')
    .addOption(new Option('--lang <lang>', 'language of labels and methodology').choices(LANGUAGES).default('en'))
    .addOption(new Option('--count <unit>', `for "${QUERY}": what to count`).choices(COUNT_UNITS))
    .option('--rows <dimensions>', `for "${QUERY}": row dimensions, e.g. region or type:1`)
    .option('--columns <dimensions>', `for "${QUERY}": column dimensions, e.g. victim_group`);
  for (const f of FILTERS) command.option(`--${f} <value>`, `filter: ${f.replace('-', ' ')} (lists: comma-separated)`);

  return command.action(async (table: string | undefined, opts: Options) => {
    const raw = Object.fromEntries(
      FILTERS.flatMap((f) => {
        const key = f.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
        return opts[key] === undefined ? [] : [[f.replace(/-/g, '_'), opts[key]]];
      }),
    );
    const parsed = incidentFilterSchema.strict().safeParse(raw);
    if (!parsed.success) throw argumentError(parsed.error.issues);
    const filter = parsed.data;
    const reader = opts.public ? PUBLIC_READER : operatorReader('cli');
    if (!opts.list && !table) throw new Error('name a table (see `jsi stats --list`), sdg-16-10-1 or impunity');
    if (opts.compare && filter.year === undefined && !filter.from && !filter.to) throw new Error('--compare: a comparison with the previous year needs --year or --from/--to');

    await withContext(async (ctx) => {
      try {
        if (opts.list) {
          const lines = listTables(ctx, opts.lang).map((t) => `${t.id.padEnd(40)} v${t.version.padEnd(5)} ${t.count.padEnd(9)} ${t.title}`);
          return emit(`${lines.join('\n')}\n${SDG.padEnd(40)} SDG indicator 16.10.1 (--from, --to; csv or json)\n${IMPUNITY.padEnd(40)} impunity for crimes against journalists (json or md)\n`, opts.out);
        }
        if (table === SDG) {
          const format = opts.format ?? 'csv';
          if (format !== 'csv' && format !== 'json') throw new Error(`--format: ${SDG} is written as csv or json`);
          const from = filter.from ?? (filter.year !== undefined ? `${filter.year}-01-01` : undefined);
          const to = filter.to ?? (filter.year !== undefined ? `${filter.year}-12-31` : undefined);
          if (!from || !to) throw new Error(`--from and --to: ${SDG} needs a window of at most twelve months, e.g. --from 2020-01-01 --to 2020-12-31`);
          const window = checkWindow(from, to);
          const result = await computeSdg16101(ctx, window, reader, opts.lang);
          return emit(format === 'csv' ? sdgCsv(result, sdgConfig(ctx.profile)) : `${JSON.stringify(result, null, 2)}\n`, opts.out);
        }
        if (table === IMPUNITY) {
          const format = opts.format ?? 'md';
          if (format !== 'json' && format !== 'md') throw new Error(`--format: ${IMPUNITY} is written as json or md`);
          const result = await computeImpunity(ctx, { year: filter.year, from: filter.from, to: filter.to }, reader, opts.lang);
          return emit(format === 'md' ? impunityMarkdown(result) : `${JSON.stringify(result, null, 2)}\n`, opts.out);
        }
        const options = { lang: opts.lang, compare: Boolean(opts.compare) };
        const result =
          table === QUERY
            ? await adHocTable(ctx, { count: (opts.count ?? 'incidents') as CountUnit, rows: opts.rows, columns: opts.columns }, filter, reader, options)
            : await namedTable(ctx, table!, filter, reader, options);
        return emit(await renderTable(result, opts.format ?? 'md'), opts.out);
      } catch (error) {
        asArgumentError(error);
      }
    });
  });
}
