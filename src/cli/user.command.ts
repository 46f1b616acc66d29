import { Command, Option } from 'commander';
import { ROLES } from '../accounts/roles.js';
import { createUser, listUsers, resetTwoFactor, updateUser } from '../accounts/users.service.js';
import { operatorReader } from '../platform/reader.js';
import { withContext } from './shared.js';

const operator = operatorReader('cli');
const list = (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean);

export function userCommand(): Command {
  const user = new Command('user').description('manage accounts: add, list, disable, reset-2fa');
  user
    .command('add')
    .description('create an account; its one-time password is printed once')
    .argument('<email>')
    .requiredOption('--name <name>', 'the person\'s name')
    .addOption(new Option('--roles <roles>', `comma-separated: ${ROLES.join(', ')}`).makeOptionMandatory())
    .option('--regions <codes>', 'for monitors: comma-separated region codes', '')
    .option('--grants <grants>', 'extra rights: confidential', '')
    .action((email: string, o: { name: string; roles: string; regions: string; grants: string }) =>
      withContext(async (ctx) => {
        const { user: created, password } = await createUser(ctx, { email, name: o.name, roles: list(o.roles), regions: list(o.regions), grants: list(o.grants) }, operator);
        console.log(`created ${created.email} (${created.roles.join(', ')})`);
        console.log(`one-time password (shown once; to be changed at the first sign-in): ${password}`);
      }),
    );
  user.command('list').description('every account').action(() =>
    withContext(async (ctx) => {
      for (const u of await listUsers(ctx)) {
        console.log(`${u.email}\t${u.roles.join(',')}\t${u.regions.join(',') || '-'}\t${u.disabled ? 'disabled' : 'active'}\t${u.two_factor ? '2FA' : 'no 2FA'}`);
      }
    }),
  );
  user.command('disable').description('disable an account and end its sessions and tokens').argument('<email>').action((email: string) =>
    withContext(async (ctx) => {
      await updateUser(ctx, email, { disabled: true }, operator);
      console.log(`disabled ${email}`);
    }),
  );
  user.command('reset-2fa').description('remove a lost second factor; the user enrols again').argument('<email>').action((email: string) =>
    withContext(async (ctx) => {
      await resetTwoFactor(ctx, email, operator);
      console.log(`two-factor authentication removed for ${email}`);
    }),
  );
  return user;
}
