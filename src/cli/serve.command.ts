import { Command } from 'commander';
import { buildApp, openContext } from '../app.js';
import { ensureFirstAdministrator } from '../accounts/users.service.js';
import { loadDemo } from './database.command.js';

export function serveCommand(): Command {
  return new Command('serve')
    .description('serve the API (and, on an empty database, load the demo data first)')
    .option('--no-demo', 'do not load the demo data into an empty database')
    .action(async (opts: { demo: boolean }) => {
      const ctx = await openContext();
      const { db } = ctx.database;
      const empty = !(await db.selectFrom('incidents').select('id').limit(1).executeTakeFirst());
      if (empty && opts.demo && process.env.JSI_DEMO !== '0') {
        const report = await loadDemo(ctx);
        console.log(`loaded the demo data: ${report.created} incidents from the 2020 Kazakhstan assessment`);
      }
      const admin = await ensureFirstAdministrator(ctx, process.env.JSI_ADMIN_EMAIL ?? 'admin@jsi-monitor.local');
      // The log holds internal errors only, each with the request id its answer carried.
      const app = await buildApp(ctx, { logger: true });
      const stop = async () => {
        await app.close();
        await ctx.database.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await app.listen({ port: ctx.config.port, host: ctx.config.host });
      const base = `http://localhost:${ctx.config.port}`;
      console.log(`JSI Monitor is serving ${base} (database: ${ctx.database.dialect})`);
      console.log(`  incidents:   ${base}/api/v1/incidents?year=2020`);
      console.log(`  API reference: ${base}/api/v1/openapi.json`);
      if (admin) {
        console.log('');
        console.log('  First start: an administrator account was created. Sign in with');
        console.log(`    email:    ${admin.email}`);
        console.log(`    password: ${admin.password}   (shown only now; you will be asked to change it)`);
        console.log(`  e.g. curl -c cookies -H 'content-type: application/json' -d '{"email":"${admin.email}","password":"…"}' ${base}/api/v1/auth/login`);
      } else {
        console.log('  sign in: POST /api/v1/auth/login; accounts: npx jsi user list | add | disable | reset-2fa');
      }
    });
}
