import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { createBackup, restoreBackup } from '../backup/backup.js';
import { checkPassphrase } from '../backup/crypto.js';
import { withContext } from './shared.js';

const PASSPHRASE_HELP = 'the passphrase comes from JSI_BACKUP_PASSPHRASE or --passphrase-file, never from the command line (which other users can see)';

/** The passphrase from a file (its trailing newline dropped) or from the environment. */
async function passphrase(file: string | undefined): Promise<string> {
  if (file) {
    const text = await readFile(file, 'utf8').catch(() => {
      throw new Error(`cannot read the passphrase file "${file}"`);
    });
    return text.replace(/\r?\n$/, '');
  }
  const value = process.env.JSI_BACKUP_PASSPHRASE;
  if (!value) throw new Error(`no passphrase: ${PASSPHRASE_HELP}`);
  return value;
}

/** The passphrase when one is given, for commands that can do without it. */
export async function passphraseIfGiven(file: string | undefined): Promise<string | undefined> {
  return file || process.env.JSI_BACKUP_PASSPHRASE ? passphrase(file) : undefined;
}

export function backupCommand(): Command {
  return new Command('backup')
    .description('write an encrypted, consistent backup of the database while it is in use')
    .requiredOption('--out <file>', 'the backup file to write')
    .option('--passphrase-file <path>', 'read the passphrase from this file instead of JSI_BACKUP_PASSPHRASE')
    .addHelpText('after', `\nThe backup is encrypted with AES-256-GCM under a key derived (scrypt) from the passphrase; ${PASSPHRASE_HELP}.`)
    .action(async (opts: { out: string; passphraseFile?: string }) => {
      const secret = await passphrase(opts.passphraseFile);
      // Refused before the database is opened: a weak passphrase protects nothing.
      checkPassphrase(secret);
      const header = await withContext((ctx) => createBackup(ctx.database, opts.out, secret, { url: ctx.config.databaseUrl }));
      console.log(`backup written to ${opts.out} (${header.dialect}, ${header.createdAt}, encrypted)`);
    });
}

export function restoreCommand(): Command {
  return new Command('restore')
    .description('replace the database with the content of a backup')
    .argument('<file>', 'the backup file written by "jsi backup"')
    .option('--yes', 'replace a database that already holds incidents')
    .option('--passphrase-file <path>', 'read the passphrase from this file instead of JSI_BACKUP_PASSPHRASE')
    .action(async (file: string, opts: { yes?: boolean; passphraseFile?: string }) => {
      const secret = await passphrase(opts.passphraseFile);
      await withContext(async (ctx) => {
        const { n } = await ctx.database.db.selectFrom('incidents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        if (Number(n) > 0 && !opts.yes) {
          throw new Error(`the database already holds ${n} incident(s), which the restore would replace with the backup's; add --yes to go ahead`);
        }
        const header = await restoreBackup(ctx.database, file, secret, { url: ctx.config.databaseUrl });
        const after = await ctx.database.db.selectFrom('incidents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        console.log(`restored the backup of ${header.createdAt} (${header.dialect}): ${after.n} incident(s)`);
      });
    });
}
