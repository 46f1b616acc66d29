import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { REPORT_FORMATS, REPORT_LANGS } from '../assessments/report/report-model.js';
import { checkLangFormat, findAssessmentId, renderReport, stepsOf } from '../assessments/report/report.service.js';
import { AppError } from '../platform/errors.js';
import { argumentError, withContext } from './shared.js';

interface Options {
  country: string;
  year: string;
  lang: string;
  format: string;
  out: string;
  snapshot?: string;
}

/** `jsi report assessment`: the national JSI report of a country and year, as HTML, PDF or DOCX. */
export function reportCommand(): Command {
  const command = new Command('report').description('render reports');
  command
    .command('assessment')
    .description("the national report of a JSI assessment, from its findings and its latest statistics snapshot")
    .requiredOption('--country <code>', 'ISO 3166-1 alpha-2 code, e.g. KZ')
    .requiredOption('--year <year>', 'the assessment year, e.g. 2020')
    .addOption(new Option('--lang <lang>', 'the report language').choices(REPORT_LANGS).default('en'))
    .addOption(new Option('--format <format>', 'the file format').choices(REPORT_FORMATS).default('pdf'))
    .requiredOption('--out <file>', 'where to write the report')
    .option('--snapshot <id>', 'a statistics snapshot of the assessment (default: its latest)')
    .action(async (opts: Options) => {
      const year = Number(opts.year);
      if (!/^[A-Za-z]{2}$/.test(opts.country)) throw argumentError([{ path: ['country'], message: `"${opts.country}" is not a two-letter country code` }]);
      if (!Number.isInteger(year)) throw argumentError([{ path: ['year'], message: `"${opts.year}" is not a year` }]);
      const { lang, format } = checkLangFormat(opts.lang, opts.format);
      await withContext(async (ctx) => {
        const id = await findAssessmentId(ctx, opts.country, year).catch((error: unknown) => {
          if (error instanceof AppError && error.code === 'not_found') throw new Error(`there is no assessment of ${opts.country.toUpperCase()} for ${year}`);
          throw error;
        });
        const steps = stepsOf(format);
        const report = await renderReport(ctx, id, lang, format, {
          snapshotId: opts.snapshot,
          onStep: (step) => process.stderr.write(`[${steps.indexOf(step) + 1}/${steps.length}] ${step}\n`),
        });
        await writeFile(opts.out, report.bytes);
        process.stderr.write(`wrote ${opts.out} (${report.bytes.length} bytes)\n`);
      });
    });
  return command;
}
