import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { assignCase } from '../../src/cases/case.service.js';
import { operatorReader } from '../../src/platform/reader.js';
import { incidentDoc } from '../support/fixtures.js';
import { describeInChromium, seriousAccessibilityViolations, useDemoApp } from './harness.js';
import { type StaffAccount, staffAccount } from './staff-support.js';

const XSS_NAME = '<img src=x onerror="window.__xss=1">Payload Person';

/** A deadline a year from now and one long gone, so the page must tell them apart whatever the date. */
const nextYear = `${new Date().getFullYear() + 1}-03-15`;

/** Records the demo data lacks: a duplicate of a repeat victim, a stored-XSS name, two legal cases. */
function extraRecords() {
  const duplicate = incidentDoc({ id: 'E2E-DUP-INC', status: 'received', date: '2020-11-02' });
  duplicate.acts[0]!.person = { id: 'e2e-dup-person', name: 'Ruslan Zhanpeisov (duplicate)', gender: 'male' };
  const xss = incidentDoc({ id: 'E2E-XSS-INC', status: 'received' });
  xss.acts[0]!.person = { id: 'e2e-xss-person', name: XSS_NAME };
  const withCase = (id: string, caseId: string, title: string) =>
    incidentDoc({
      id,
      status: 'received',
      legal_cases: [
        {
          id: caseId,
          kind: 'criminal',
          title,
          against_journalist: true,
          charges: [{ article: 'KZ-CC-274.4.2' }],
          events: [
            { date: '2020-04-10', kind: 'investigation_opened', instance: 'pre_trial', deadline: '2020-06-10', detail: 'Investigation term' },
            { date: '2020-09-01', kind: 'decision', instance: 'first', outcome: 'convicted' },
            { date: '2020-10-01', kind: 'appeal_filed', instance: 'appeal', deadline: nextYear, detail: 'Appeal hearing' },
          ],
        },
      ],
    });
  return [duplicate, xss, withCase('E2E-CASE-INC-1', 'E2E-case-assigned', 'Assigned false-information case'), withCase('E2E-CASE-INC-2', 'E2E-case-other', 'Unassigned defamation case')];
}

describeInChromium('people, legal cases and administration in Chromium', () => {
  const demo = useDemoApp({ name: 'records', extra: extraRecords() });
  let editor: StaffAccount;
  let lawyer: StaffAccount;
  let admin: StaffAccount;

  beforeAll(async () => {
    editor = await staffAccount(demo.ctx, ['editor']);
    lawyer = await staffAccount(demo.ctx, ['lawyer']);
    admin = await staffAccount(demo.ctx, ['administrator']);
    await assignCase(demo.ctx, 'E2E-case-assigned', lawyer.userId, operatorReader('test'));
  }, 120_000);

  const signedIn = (account: StaffAccount, path: string, options: { locale?: string; bypassCSP?: boolean } = {}) => demo.open(path, { locale: 'en-GB', ...options, as: account });
  const incidentLinks = (page: Page) => page.locator('section[aria-labelledby="incidents-heading"] tbody a');

  it('shows a repeat victim with every incident about them, each linking to its staff page', async () => {
    const page = await signedIn(editor, '/staff/persons/kz-p-ruslan-zhanpeisov');
    await page.getByRole('heading', { level: 1, name: 'Ruslan Zhanpeisov' }).waitFor();
    await page.getByRole('heading', { name: '4 incidents' }).waitFor();
    // Oldest first: 14 April (two that day), 24 April, 30 July 2020.
    expect(await incidentLinks(page).evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([
      '/staff/incidents/KZ2020-043',
      '/staff/incidents/KZ2020-044',
      '/staff/incidents/KZ2020-047',
      '/staff/incidents/KZ2020-040',
    ]);
    expect(await page.locator('section[aria-labelledby="incidents-heading"] tbody tr').first().textContent()).toContain('14 April 2020');
    expect(await page.textContent('main')).toContain('Repeat victim: 4 incidents');
    await page.context().close();
  });

  it('previews a merge of two persons, then merges: the surviving page lists the incidents of both', async () => {
    const page = await signedIn(editor, '/staff/persons/kz-p-ruslan-zhanpeisov');
    await page.getByRole('heading', { name: '4 incidents' }).waitFor();
    const merge = page.getByRole('region', { name: 'Merge a duplicate' });
    await merge.getByRole('searchbox', { name: 'Find the other record' }).fill('duplicate');
    await merge.getByRole('button', { name: 'Find' }).click();
    await merge.getByRole('radio', { name: /^Ruslan Zhanpeisov \(duplicate\) · e2e-dup-person/ }).check();
    await merge.getByRole('radio', { name: /^Keep this record \(Ruslan Zhanpeisov\)/ }).check();
    await merge.getByRole('button', { name: 'Preview the merge' }).click();
    const preview = page.getByRole('form', { name: 'What the merged record will hold' });
    await preview.waitFor();
    const text = await preview.textContent();
    expect(text).toContain('1 incident: E2E-DUP-INC'); // the duplicate now
    expect(text).toContain('4 incidents: KZ2020-040, KZ2020-043, KZ2020-044, KZ2020-047'); // the survivor now
    expect(text).toContain('5 incidents: E2E-DUP-INC, KZ2020-040, KZ2020-043, KZ2020-044, KZ2020-047'); // after
    expect(text).toContain('1 incident moves to it: E2E-DUP-INC.');
    expect(text).toContain('1 link (act, case party or charge) will point to the record that stays.');
    expect(text).toContain('Name: Ruslan Zhanpeisov (duplicate)'); // not carried over
    // Nothing has moved yet: the preview wrote nothing.
    expect(await page.getByRole('heading', { name: '4 incidents' }).count()).toBe(1);
    expect((await demo.ctx.database.db.selectFrom('acts').select('person_id').where('incident_id', '=', 'E2E-DUP-INC').executeTakeFirstOrThrow()).person_id).toBe('e2e-dup-person');

    await preview.getByLabel('Why are these the same? (kept in the history)').fill('Same journalist, entered twice');
    await preview.getByRole('button', { name: 'Confirm the merge' }).click();
    await page.getByRole('heading', { name: '5 incidents' }).waitFor();
    expect(page.url()).toContain('/staff/persons/kz-p-ruslan-zhanpeisov');
    expect(await incidentLinks(page).evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toContain('/staff/incidents/E2E-DUP-INC');
    expect(await incidentLinks(page).count()).toBe(5);
    await page.getByText('Absorbed a duplicate').waitFor();
    expect(await page.getByRole('region', { name: 'History' }).textContent()).toContain('reason: Same journalist, entered twice');
    // The duplicate's page says where it went.
    await page.goto(`${demo.base}/staff/persons/e2e-dup-person`);
    await page.getByRole('link', { name: 'kz-p-ruslan-zhanpeisov' }).waitFor();
    await page.context().close();
  });

  it("shows a lawyer their case's charges, timeline and deadlines, and not a case they are not assigned to", async () => {
    const page = await signedIn(lawyer, '/staff/cases');
    await page.getByRole('link', { name: 'Assigned false-information case' }).waitFor();
    expect(await page.locator('main').textContent()).not.toContain('Unassigned defamation case');
    await page.getByRole('link', { name: 'Assigned false-information case' }).click();
    await page.getByRole('heading', { level: 1, name: 'Assigned false-information case' }).waitFor();
    const section = (name: string) => page.getByRole('region', { name });
    expect(await section('Charges').textContent()).toContain('KZ-CC-274.4.2 · ');
    const timeline = await section('Timeline').locator('li').allTextContents();
    expect(timeline).toHaveLength(3);
    expect(timeline[0]).toContain('10 April 2020 · Investigation opened · Pre-trial investigation');
    expect(await section('Outcome at each instance').textContent()).toContain('Convicted');
    expect(await section('Deadlines').locator('li.deadline-past').textContent()).toContain('Investigation term');
    expect(await section('Deadlines').locator('li.deadline-upcoming').textContent()).toContain('Appeal hearing');
    await page.goto(`${demo.base}/staff/cases/E2E-case-other`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('not visible to you');
    expect(await page.locator('main').textContent()).not.toContain('Unassigned defamation case');
    await page.context().close();
  });

  it('lets an administrator create an account in Russian: a bad email is flagged beside the field, the one-time password shows once', async () => {
    const page = await signedIn(admin, '/staff/admin', { locale: 'ru-RU' });
    await page.getByRole('heading', { name: 'Учётные записи' }).waitFor();
    await page.getByRole('button', { name: 'Новая учётная запись' }).click();
    const form = page.getByRole('form', { name: 'Новая учётная запись' });
    const email = form.getByLabel('Электронная почта');
    await email.fill('not-an-email');
    await form.getByLabel('Имя', { exact: true }).fill('Асель Новая');
    await form.getByRole('checkbox', { name: 'Мониторщик' }).check();
    await form.getByRole('checkbox', { name: /Алматы/ }).first().check();
    await form.getByRole('button', { name: 'Создать учётную запись' }).click();
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await email.getAttribute('aria-describedby'))!;
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe('Введите правильный адрес электронной почты.');
    // The message sits right beside the email field, and only there.
    expect(await form.locator('.field', { has: page.locator('input[type="email"]') }).locator('.field-error').count()).toBe(1);
    expect(await form.locator('.field-error').count()).toBe(1);

    await email.fill('asel.new@example.test');
    await form.getByRole('button', { name: 'Создать учётную запись' }).click();
    const shown = page.locator('.one-time code.secret');
    await shown.waitFor();
    const password = (await shown.textContent())!;
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect(await page.locator('.one-time').textContent()).toContain('только один раз');
    await page.getByRole('cell', { name: 'asel.new@example.test', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Я передал(а) пароль' }).click();
    expect(await page.locator('body').textContent()).not.toContain(password);
    await page.reload();
    await page.getByRole('cell', { name: 'asel.new@example.test', exact: true }).waitFor();
    expect(await page.locator('body').textContent()).not.toContain(password);
    await page.context().close();
  });

  it("lets an administrator change an account's roles and regions, disable it, and remove a lost second factor", async () => {
    const monitor = await staffAccount(demo.ctx, ['monitor'], { regions: ['KZ-ALA'] });
    // As if the monitor had enrolled an authenticator and then lost the phone.
    await demo.ctx.database.db.updateTable('users').set({ totp_enabled: 1 }).where('id', '=', monitor.userId).execute();
    const page = await signedIn(admin, '/staff/admin/users');
    await page.getByRole('button', { name: `Change the account ${monitor.email}` }).click();
    const form = page.getByRole('region', { name: `Change the account ${monitor.email}` });
    await form.getByRole('checkbox', { name: 'Monitor', exact: true }).uncheck();
    await form.getByRole('checkbox', { name: 'Analyst', exact: true }).check();
    await form.getByRole('checkbox', { name: /KZ-ALA$/ }).uncheck();
    await form.getByRole('checkbox', { name: /^Disabled/ }).check();
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: monitor.email });
    await expect.poll(() => row.textContent()).toContain('Analyst');
    expect(await row.textContent()).toContain('disabled');
    const stored = await demo.ctx.database.db.selectFrom('users').select(['roles', 'regions', 'disabled']).where('id', '=', monitor.userId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ roles: '["analyst"]', regions: '[]', disabled: 1 });

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: `Reset the second factor of ${monitor.email}` }).click();
    await page.getByRole('status').filter({ hasText: `The second factor of ${monitor.email} was removed.` }).waitFor();
    await expect.poll(() => row.getByRole('button', { name: /Reset the second factor/ }).count()).toBe(0);
    expect((await demo.ctx.database.db.selectFrom('users').select('totp_enabled').where('id', '=', monitor.userId).executeTakeFirstOrThrow()).totp_enabled).toBe(0);
    await page.context().close();
  });

  it("renders a stored HTML payload in a person's name as text", async () => {
    const page = await signedIn(editor, '/staff/persons/e2e-xss-person');
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(XSS_NAME);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('main img').count()).toBe(0);
    await page.context().close();
  });

  it('passes automated accessibility checks on a person with a merge preview open, a legal case and the accounts page with its form', async () => {
    const steps: [StaffAccount, string, (page: Page) => Promise<void>][] = [
      [
        editor,
        '/staff/persons/kz-p-ruslan-zhanpeisov',
        async (page) => {
          await page.getByRole('searchbox', { name: 'Найти другую запись' }).fill('Bapi');
          await page.getByRole('button', { name: 'Найти' }).click();
          await page.getByRole('radio', { name: /kz-p-yermurat-bapi/ }).check();
          await page.getByRole('button', { name: 'Показать, что получится' }).click();
          await page.getByRole('form', { name: 'Что будет в объединённой записи' }).waitFor();
        },
      ],
      [editor, '/staff/cases/E2E-case-assigned', (page) => page.locator('main ol.history').waitFor()],
      [
        admin,
        '/staff/admin/users',
        async (page) => {
          await page.getByRole('button', { name: 'Новая учётная запись' }).click();
          await page.getByRole('button', { name: 'Создать учётную запись' }).click();
          await page.locator('.field-error').first().waitFor();
        },
      ],
    ];
    for (const [account, path, prepare] of steps) {
      const page = await signedIn(account, path, { bypassCSP: true, locale: 'ru-RU' });
      await page.locator('main h1').waitFor();
      await page.waitForLoadState('networkidle');
      await prepare(page);
      const violations = await seriousAccessibilityViolations(page);
      expect(violations, path).toEqual([]);
      await page.context().close();
    }
  });
});
