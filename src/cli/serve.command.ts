import { Command } from 'commander';
import { buildApp, openContext } from '../app.js';
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
      const app = await buildApp(ctx, { logger: false });
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
      console.log(
        process.env.JSI_STAFF_TOKEN
          ? '  staff access: send "Authorization: Bearer $JSI_STAFF_TOKEN"'
          : '  staff access: set JSI_STAFF_TOKEN to a long random secret and send it as a Bearer token (accounts come later)',
      );
    });
}
