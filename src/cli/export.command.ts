import { createWriteStream } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command, Option } from 'commander';
import { exportIncidents } from '../exchange/export.js';
import { EXCHANGE_FORMATS, type ExchangeFormat } from '../exchange/formats.js';
import { incidentFilterSchema } from '../incidents/incident.filters.js';
import { operatorReader, PUBLIC_READER } from '../platform/reader.js';
import { argumentError, withContext } from './shared.js';

const FILTERS = ['year', 'from', 'to', 'type', 'region', 'victim-group', 'gender', 'perpetrator-type', 'article', 'status', 'context', 'q'] as const;

export function exportCommand(): Command {
  const command = new Command('export')
    .description('export incidents, with filters, as JSON Lines, CSV tables (ZIP) or XLSX')
    .addOption(new Option('--format <format>', 'output format').choices(EXCHANGE_FORMATS).default('jsonl'))
    .option('--out <file>', 'write to this file (default: standard output)')
    .option('--public', 'export only what the public may see (published, nothing confidential)');
  for (const f of FILTERS) command.option(`--${f} <value>`, `filter: ${f.replace('-', ' ')} (lists: comma-separated)`);
  return command.action(async (opts: Record<string, string | boolean | undefined> & { format: ExchangeFormat; out?: string; public?: boolean }) => {
    const raw = Object.fromEntries(FILTERS.flatMap((f) => {
      const key = f.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
      return opts[key] === undefined ? [] : [[f.replace(/-/g, '_'), opts[key]]];
    }));
    const parsed = incidentFilterSchema.strict().safeParse(raw);
    if (!parsed.success) throw argumentError(parsed.error.issues);
    const reader = opts.public ? PUBLIC_READER : operatorReader('cli');
    await withContext(async (ctx) => {
      const target: Writable = opts.out ? createWriteStream(opts.out) : process.stdout;
      await pipeline(Readable.from(exportIncidents(ctx, parsed.data, reader, opts.format)), target);
    });
  });
}
