import { Command } from 'commander';
import { readAnchor, takeAnchor, writeAnchor } from '../audit/anchor.js';
import { verifyAudit } from '../audit/audit.js';
import { passphraseIfGiven } from './backup.command.js';
import { withContext } from './shared.js';

const WITHOUT_ANCHOR =
  'without an anchor (--anchor FILE) this cannot detect entries deleted from the end of the log, or a log rewritten with its hashes recomputed';

export function auditCommand(): Command {
  const audit = new Command('audit').description('the tamper-evident audit log');
  audit
    .command('verify')
    .description('check the hash chain; report the first broken link')
    .option('--anchor <file>', 'an anchor file ("jsi audit anchor") or a backup file ("jsi backup"): also detect truncation and a rebuilt chain')
    .option('--passphrase-file <path>', "a backup's passphrase, to authenticate its header first (default: JSI_BACKUP_PASSPHRASE when set)")
    .action((opts: { anchor?: string; passphraseFile?: string }) =>
      withContext(async (ctx) => {
        const anchor = opts.anchor ? await readAnchor(opts.anchor, { passphrase: await passphraseIfGiven(opts.passphraseFile) }) : undefined;
        const result = await verifyAudit(ctx.database.db, anchor?.head);
        if (result.broken) {
          const where = result.broken.id === undefined ? '' : ` at entry ${result.broken.id}`;
          console.error(`audit log BROKEN${where}: ${result.broken.reason}${anchor ? ` (checked against ${anchor.origin})` : ''}`);
          process.exitCode = 1;
        } else if (anchor) {
          const after = result.entries - anchor.head.entries;
          console.log(`audit log intact up to the anchor (${anchor.head.entries} entries), and ${after} entries after it chain correctly (checked against ${anchor.origin})`);
        } else {
          console.log(`audit log intact: ${result.entries} entries; ${WITHOUT_ANCHOR}`);
        }
      }),
    );
  audit
    .command('anchor')
    .description("record the head of the chain outside the database, for a later 'verify --anchor'")
    .option('--out <file>', 'write the anchor to this file (default: print it)')
    .addHelpText('after', '\nKeep anchors where those who can write the database cannot change them (another machine, write-once storage).')
    .action((opts: { out?: string }) =>
      withContext(async (ctx) => {
        const anchor = await takeAnchor(ctx.database, ctx.config.databaseUrl);
        if (!opts.out) return void console.log(JSON.stringify(anchor, null, 2));
        await writeAnchor(opts.out, anchor);
        console.log(`anchored ${anchor.entries} entries (the last is entry ${anchor.lastId ?? 'none'}) in ${opts.out}`);
      }),
    );
  return audit;
}
