import { Command } from 'commander';
import { join } from 'node:path';
import { loadAssessmentDemo } from '../assessments/demo.js';
import type { AppContext } from '../platform/context.js';
import { importFile, type ImportReport } from '../exchange/import.js';
import { PROFILES_DIR } from '../reference/profile.js';
import { withContext } from './shared.js';

export const DEMO_FILE = join(PROFILES_DIR, '..', 'demo', 'kz-2020.jsonl');

export function migrateCommand(): Command {
  return new Command('migrate').description('bring the database schema up to date (also done on every start)').action(() =>
    withContext(async (ctx) => {
      console.log(`database schema is up to date (${ctx.database.dialect})`);
    }),
  );
}

/** Loads the Kazakhstan 2020 demo data; loading it again changes nothing. */
export async function loadDemo(ctx: AppContext): Promise<ImportReport> {
  const report = await importFile(ctx, DEMO_FILE, { actor: 'seed:demo' });
  if (!report.written) {
    const first = report.errors[0];
    throw new Error(`the demo data did not load: line ${first?.line} ${first?.field}: ${first?.message}`);
  }
  await loadAssessmentDemo(ctx);
  return report;
}

export function seedCommand(): Command {
  return new Command('seed')
    .description('load a dataset shipped with the product: "demo" is the 2020 Kazakhstan incidents')
    .argument('<dataset>', 'the dataset to load (demo)')
    .action((dataset: string) => {
      if (dataset !== 'demo') throw new Error(`unknown dataset "${dataset}"; the one there is: demo`);
      return withContext(async (ctx) => {
        const r = await loadDemo(ctx);
        console.log(`demo data: ${r.records} incidents (${r.created} new, ${r.updated} changed, ${r.unchanged} unchanged)`);
      });
    });
}
