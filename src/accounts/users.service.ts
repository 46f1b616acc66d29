import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { appendAudit } from '../audit/audit.js';
import type { AppContext } from '../platform/context.js';
import type { DB, UserTable } from '../platform/db/schema.js';
import { errors } from '../platform/errors.js';
import { operatorReader, type Reader } from '../platform/reader.js';
import { newId } from '../platform/util/ids.js';
import { LANGUAGES } from '../reference/vocabulary.js';
import { ROLES } from './roles.js';
import { hashPassword, oneTimePassword } from './secrets.js';

export const userInputSchema = z.object({
  email: z.email().max(200).transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1).max(200),
  roles: z.array(z.enum(ROLES)).min(1),
  regions: z.array(z.string().max(20)).default([]).describe('for monitors: the regions they report from'),
  grants: z.array(z.enum(['confidential'])).default([]),
  language: z.enum(LANGUAGES).default('ru'),
});
export const userUpdateSchema = userInputSchema.omit({ email: true }).partial().extend({ disabled: z.boolean().optional() });

/** A user as the API shows it: never the password hash or the TOTP secret. */
export function presentUser(u: Selectable<UserTable>) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    roles: JSON.parse(u.roles) as string[],
    regions: JSON.parse(u.regions) as string[],
    grants: JSON.parse(u.grants) as string[],
    language: u.language,
    disabled: u.disabled === 1,
    two_factor: u.totp_enabled === 1,
    created_at: u.created_at,
  };
}

const now = () => new Date().toISOString();

function checkRegions(ctx: AppContext, regions: readonly string[]) {
  const unknown = regions.filter((r) => !ctx.profile.codes.regions.has(r));
  if (unknown.length) throw errors.validation(unknown.map((r) => ({ path: 'regions', message: `unknown region "${r}"` })));
}

/** Creates an account with a one-time password, shown once, to be changed at the first sign-in. */
export async function createUser(ctx: AppContext, input: unknown, actor: Reader): Promise<{ user: ReturnType<typeof presentUser>; password: string }> {
  const parsed = userInputSchema.safeParse(input);
  if (!parsed.success) throw errors.fromZod(parsed.error.issues);
  const u = parsed.data;
  checkRegions(ctx, u.regions);
  const password = oneTimePassword();
  const row = {
    id: newId('u'),
    email: u.email,
    name: u.name,
    password_hash: await hashPassword(password),
    roles: JSON.stringify(u.roles),
    regions: JSON.stringify(u.regions),
    grants: JSON.stringify(u.grants),
    language: u.language,
    disabled: 0,
    must_change_password: 1,
    totp_enabled: 0,
    totp_last_step: 0,
    created_at: now(),
    updated_at: now(),
  };
  await ctx.database.db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('users').select('id').where('email', '=', u.email).executeTakeFirst()) {
      throw errors.conflict(`a user with the email ${u.email} exists already`);
    }
    await trx.insertInto('users').values(row).execute();
    await appendAudit(trx, [{ record_kind: 'user', record_id: row.id, action: 'create', actor: actor.actor, at: row.created_at, before: null, after: JSON.stringify(presentUser(row as Selectable<UserTable>)) }]);
  });
  return { user: presentUser(row as Selectable<UserTable>), password };
}

export async function listUsers(ctx: AppContext) {
  return (await ctx.database.db.selectFrom('users').selectAll().orderBy('email').execute()).map(presentUser);
}

export async function findUser(db: Kysely<DB>, idOrEmail: string) {
  return db.selectFrom('users').selectAll().where((eb) => eb.or([eb('id', '=', idOrEmail), eb('email', '=', idOrEmail.toLowerCase())])).executeTakeFirst();
}

/** Changes roles, regions, grants or the disabled flag; disabling also ends the user's sessions. */
export async function updateUser(ctx: AppContext, idOrEmail: string, input: unknown, actor: Reader) {
  const parsed = userUpdateSchema.safeParse(input);
  if (!parsed.success) throw errors.fromZod(parsed.error.issues);
  const change = parsed.data;
  if (change.regions) checkRegions(ctx, change.regions);
  return ctx.database.db.transaction().execute(async (trx) => {
    const user = await findUser(trx, idOrEmail);
    if (!user) throw errors.notFound('user', idOrEmail);
    const set = {
      ...(change.name ? { name: change.name } : {}),
      ...(change.roles ? { roles: JSON.stringify(change.roles) } : {}),
      ...(change.regions ? { regions: JSON.stringify(change.regions) } : {}),
      ...(change.grants ? { grants: JSON.stringify(change.grants) } : {}),
      ...(change.language ? { language: change.language } : {}),
      ...(change.disabled !== undefined ? { disabled: change.disabled ? 1 : 0 } : {}),
      updated_at: now(),
    };
    await trx.updateTable('users').set(set).where('id', '=', user.id).execute();
    if (change.disabled) {
      await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
      await trx.updateTable('api_tokens').set({ revoked_at: now() }).where('user_id', '=', user.id).where('revoked_at', 'is', null).execute();
    }
    const after = (await findUser(trx, user.id))!;
    await appendAudit(trx, [{ record_kind: 'user', record_id: user.id, action: 'update', actor: actor.actor, at: now(), before: JSON.stringify(presentUser(user)), after: JSON.stringify(presentUser(after)) }]);
    return presentUser(after);
  });
}

/** Removes two-factor authentication, for a user who lost the device; they enrol again. */
export async function resetTwoFactor(ctx: AppContext, idOrEmail: string, actor: Reader) {
  return ctx.database.db.transaction().execute(async (trx) => {
    const user = await findUser(trx, idOrEmail);
    if (!user) throw errors.notFound('user', idOrEmail);
    await trx.updateTable('users').set({ totp_secret: null, totp_enabled: 0, updated_at: now() }).where('id', '=', user.id).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    await appendAudit(trx, [{ record_kind: 'user', record_id: user.id, action: 'reset_2fa', actor: actor.actor, at: now(), before: null, after: null }]);
  });
}

/**
 * On the first start there is no account: create an administrator with a one-time password, to be
 * printed once. There is no default password anywhere in the code.
 */
export async function ensureFirstAdministrator(ctx: AppContext, email: string): Promise<{ email: string; password: string } | undefined> {
  const any = await ctx.database.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return undefined;
  const { password } = await createUser(ctx, { email, name: 'Administrator', roles: ['administrator'] }, operatorReader('first-start'));
  return { email, password };
}
