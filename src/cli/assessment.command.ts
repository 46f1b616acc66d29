import { Command } from 'commander';
import { getAssessment, listAssessments } from '../assessments/assessment.service.js';
import { listFrameworkVersions, loadFrameworkVersion, readFrameworkFile } from '../assessments/framework.service.js';
import { assessmentOverview, judgementTrends } from '../assessments/overview.service.js';
import { takeSnapshot } from '../assessments/snapshot.service.js';
import { operatorReader } from '../platform/reader.js';
import { withContext } from './shared.js';

/** `jsi framework` and `jsi assessment`: the JSI assessment from the command line. */

const actor = () => `cli:${process.env.USER ?? 'operator'}`;
const json = (value: unknown) => console.log(JSON.stringify(value, null, 2));

export function frameworkCommand(): Command {
  const cmd = new Command('framework').description('framework versions of the JSI assessment');
  cmd
    .command('load')
    .description('load a framework version from its file (the same file again changes nothing)')
    .argument('<file>', 'a framework file, e.g. data/frameworks/jsi-national-2015.json')
    .action((file: string) =>
      withContext(async (ctx) => {
        const { version, created } = await loadFrameworkVersion(ctx, readFrameworkFile(file), operatorReader(actor()));
        console.log(`${version.id}: ${created ? 'loaded' : 'already loaded, unchanged'} (${version.element_count} elements)`);
      }),
    );
  cmd
    .command('list')
    .description('the framework versions loaded')
    .action(() =>
      withContext(async (ctx) => {
        for (const v of await listFrameworkVersions(ctx)) console.log(`${v.id}\t${v.element_count} elements\t${v.loaded_at}\t${v.title.en}`);
      }),
    );
  return cmd;
}

export function assessmentCommand(): Command {
  const cmd = new Command('assessment').description('JSI assessments: list, show, overview, trends, snapshot');
  cmd
    .command('list')
    .description('assessments, newest year first')
    .option('--country <code>', 'ISO 3166-1 alpha-2, e.g. KZ')
    .action((options: { country?: string }) =>
      withContext(async (ctx) => {
        for (const a of await listAssessments(ctx, { country: options.country?.toUpperCase() })) console.log(`${a.id}\t${a.country}\t${a.year}\t${a.framework_version_id}\t${a.title.en}`);
      }),
    );
  cmd
    .command('show')
    .description('an assessment with each element’s status and judgement (JSON)')
    .argument('<id>')
    .action((id: string) => withContext(async (ctx) => json(await getAssessment(ctx, id))));
  cmd
    .command('overview')
    .description('how much of the framework is assessed, and what awaits review')
    .argument('<id>')
    .option('--json', 'print JSON')
    .action((id: string, options: { json?: boolean }) =>
      withContext(async (ctx) => {
        const o = await assessmentOverview(ctx, id);
        if (options.json) return json(o);
        console.log(`assessed: ${o.assessed} of ${o.elements} elements (${o.assessed_percent}%)`);
        console.log(`judgements: ${o.by_judgement.map((j) => `${j.code} ${j.count}`).join(', ')}`);
        console.log(`status: ${o.by_status.map((s) => `${s.status} ${s.count}`).join(', ')}`);
        console.log(`awaiting review: ${o.awaiting_review.length ? o.awaiting_review.join(', ') : 'none'}`);
      }),
    );
  cmd
    .command('trends')
    .description("judgements of the same elements across a country's assessment years")
    .requiredOption('--country <code>', 'ISO 3166-1 alpha-2, e.g. KZ')
    .option('--json', 'print JSON')
    .action((options: { country: string; json?: boolean }) =>
      withContext(async (ctx) => {
        const t = await judgementTrends(ctx, options.country.toUpperCase());
        if (options.json) return json(t);
        const years = t.assessments.map((a) => String(a.year));
        console.log(['element', ...years].join('\t'));
        for (const e of t.elements) console.log([e.id, ...years.map((y) => e.judgements[y] ?? '-')].join('\t'));
      }),
    );
  cmd
    .command('snapshot')
    .description("freeze the assessment year's A.1 statistics for the report to cite")
    .argument('<id>')
    .action((id: string) =>
      withContext(async (ctx) => {
        const s = await takeSnapshot(ctx, id, operatorReader(actor()));
        console.log(`${s.id}: ${s.tables.length} tables of ${s.year}, ${s.record_count} records, taken ${s.taken_at}`);
      }),
    );
  return cmd;
}
