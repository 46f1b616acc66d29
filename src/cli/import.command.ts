import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { SingleBar, Presets } from 'cli-progress';
import { Command, Option } from 'commander';
import { EXCHANGE_FORMATS, type ExchangeFormat, formatOfPath } from '../exchange/formats.js';
import { importFile } from '../exchange/import.js';
import { withContext } from './shared.js';

async function countLines(path: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(path)) {
    for (let i = 0; i < (chunk as Buffer).length; i++) if ((chunk as Buffer)[i] === 10) lines++;
  }
  return lines;
}

export function importCommand(): Command {
  return new Command('import')
    .description('import incidents from JSON Lines, CSV tables (ZIP) or XLSX; all rows land or none')
    .argument('<file>', 'the file to import')
    .option('--dry-run', 'check every row and report, without writing anything')
    .addOption(new Option('--format <format>', 'the file format (default: from the file name)').choices(EXCHANGE_FORMATS))
    .action(async (file: string, opts: { dryRun?: boolean; format?: ExchangeFormat }) => {
      await access(file).catch(() => {
        throw new Error(`cannot read "${file}"`);
      });
      const format = opts.format ?? formatOfPath(file);
      const bar = process.stderr.isTTY ? new SingleBar({ format: 'importing [{bar}] {value}/{total} records', stream: process.stderr }, Presets.shades_classic) : undefined;
      if (bar) bar.start(format === 'jsonl' ? await countLines(file) : 0, 0);
      const report = await withContext((ctx) =>
        importFile(ctx, file, { dryRun: opts.dryRun, actor: `import:${file}`, format, onProgress: (n) => bar?.update(n) }),
      ).finally(() => bar?.stop());
      for (const e of report.errors) console.error(`line ${e.line}${e.id ? ` (${e.id})` : ''}: ${e.field}: ${e.message}`);
      const summary = `${report.records} records: ${report.created} new, ${report.updated} changed, ${report.unchanged} unchanged`;
      if (report.errors.length) {
        console.error(`${report.errors.length} error(s); nothing was written`);
        process.exitCode = 1;
      } else if (opts.dryRun) console.log(`dry run, nothing written: ${summary}`);
      else console.log(`imported ${summary}`);
    });
}
