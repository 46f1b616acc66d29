import { Command, CommanderError } from 'commander';
import { backupCommand, restoreCommand } from './backup.command.js';
import { assessmentCommand, frameworkCommand } from './assessment.command.js';
import { auditCommand } from './audit.command.js';
import { exportCommand } from './export.command.js';
import { importCommand } from './import.command.js';
import { migrateCommand, seedCommand } from './database.command.js';
import { reportCommand } from './report.command.js';
import { serveCommand } from './serve.command.js';
import { statsCommand } from './stats.command.js';
import { userCommand } from './user.command.js';

/**
 * `jsi`: the command-line tool. Each command is thin: it parses its arguments and calls a
 * service; every command works on the database named by DATABASE_URL (or the default file).
 */
const program = new Command('jsi')
  .description('JSI Monitor: incidents against journalists, legal cases, statistics and the JSI assessment')
  .showHelpAfterError()
  .exitOverride();

program.addCommand(serveCommand());
program.addCommand(migrateCommand());
program.addCommand(importCommand());
program.addCommand(exportCommand());
program.addCommand(seedCommand());
program.addCommand(userCommand());
program.addCommand(auditCommand());
program.addCommand(statsCommand());
program.addCommand(reportCommand());
program.addCommand(frameworkCommand());
program.addCommand(assessmentCommand());
program.addCommand(backupCommand());
program.addCommand(restoreCommand());
program.addHelpText('after', '\nEnvironment: DATABASE_URL (postgres://… or a SQLite file; default ./data/jsi.db), PORT, PUBLIC_URL, JSI_PROFILE.');

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  console.error(`jsi: ${(error as Error).message}`);
  process.exit(1);
}
