import { Command } from 'commander';
import { verifyAudit } from '../audit/audit.js';
import { withContext } from './shared.js';

export function auditCommand(): Command {
  const audit = new Command('audit').description('the tamper-evident audit log');
  audit
    .command('verify')
    .description('check the hash chain; report the first broken link')
    .action(() =>
      withContext(async (ctx) => {
        const result = await verifyAudit(ctx.database.db);
        if (result.broken) {
          console.error(`audit log BROKEN at entry ${result.broken.id}: ${result.broken.reason}`);
          process.exitCode = 1;
        } else console.log(`audit log intact: ${result.entries} entries`);
      }),
    );
  return audit;
}
