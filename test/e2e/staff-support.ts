import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { changePassword } from '../../src/accounts/auth.service.js';
import { readerForUser } from '../../src/accounts/authenticate.js';
import { createUser, findUser } from '../../src/accounts/users.service.js';
import type { AppContext } from '../../src/platform/context.js';
import { operatorReader } from '../../src/platform/reader.js';

export interface StaffAccount {
  email: string;
  password: string;
  userId: string;
}

/** A ready-to-use account with the given roles: its one-time password already replaced by a known one. */
export async function staffAccount(ctx: AppContext, roles: string[], options: { regions?: string[]; grants?: string[]; name?: string } = {}): Promise<StaffAccount> {
  const email = `${roles.join('-')}-${randomBytes(4).toString('hex')}@example.test`;
  const created = await createUser(ctx, { email, name: options.name ?? email, roles, regions: options.regions ?? [], grants: options.grants ?? [] }, operatorReader('test'));
  const row = (await findUser(ctx.database.db, created.user.id))!;
  const password = `Correct-horse-${randomBytes(6).toString('hex')}`;
  await changePassword(ctx, await readerForUser(ctx.database.db, row, roles, true), { current: created.password, password });
  return { email, password, userId: created.user.id };
}

/** Signs in through the workspace's own form, as a person would, and waits for the workspace. */
export async function signInThroughForm(page: Page, base: string, account: StaffAccount, path = '/staff'): Promise<void> {
  await page.goto(`${base}${path}`);
  await page.locator('input[type="email"]').fill(account.email);
  await page.locator('input[type="password"]').fill(account.password);
  await page.locator('form button[type="submit"]').click();
  await page.locator('nav.sections').waitFor();
}
