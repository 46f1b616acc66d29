import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, openContext } from '../../src/app.js';
import { loadDemo } from '../../src/cli/database.command.js';
import { loadConfig } from '../../src/platform/config.js';
import type { AppContext } from '../../src/platform/context.js';
import { chromiumMissing, CHROMIUM, launchChromium } from './browser.js';
import { type StaffAccount, signInThroughForm, staffAccount } from './staff-support.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TITLE = `Корреспондента выгнали с сессии маслихата ${Date.now() % 1_000_000}`;

(chromiumMissing ? describe.skip : describe)(`the quick report in Chromium${chromiumMissing ? ` [SKIPPED: no Chromium at ${CHROMIUM}; required in CI]` : ''}`, () => {
  let ctx: AppContext;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let monitor: StaffAccount;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jsi-e2e-quick-'));
    ctx = await openContext({ ...loadConfig({}), databaseUrl: join(dir, 'e2e.db') });
    await loadDemo(ctx);
    monitor = await staffAccount(ctx, ['monitor'], { regions: ['KZ-75', 'KZ-ALA'], name: 'Корреспондент' });
    app = await buildApp(ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await ctx?.database.close();
  });

  const titled = async () =>
    ctx.database.db.selectFrom('incident_texts').innerJoin('incidents', 'incidents.id', 'incident_texts.incident_id').select(['incidents.id', 'incidents.status', 'incidents.created_by']).where('incident_texts.title', '=', TITLE).execute();
  const fireOnline = (page: Page) => page.evaluate(() => window.dispatchEvent(new Event('online')));

  /** Cuts the whole API, the "who is signed in" question included: the page itself still loads. */
  const cut = (route: Route) => route.abort('internetdisconnected');

  it('keeps the draft and the outbox through reloads without a connection and sends the report exactly once', async () => {
    const page = await (await browser.newContext({ locale: 'ru-RU' })).newPage();
    await signInThroughForm(page, base, monitor, '/staff/report');
    await page.getByRole('heading', { name: 'Быстрое сообщение' }).waitFor();
    // The profile's lists arrive once while online; offline, the form uses what it kept of them.
    await page.locator('#quick-type option[value="threat"]').waitFor({ state: 'attached' });

    await page.route('**/api/v1/**', cut);
    await page.getByRole('textbox', { name: 'Что случилось, в нескольких словах' }).fill(TITLE);
    await page.getByLabel('Вид нарушения').selectOption('pressure');
    await page.getByRole('textbox', { name: 'Подробности' }).fill('Пристав вывел корреспондента из зала и не дал снимать.');
    await page.getByText('Черновик сохранён на этом устройстве.').waitFor();

    await page.reload();
    await page.getByRole('heading', { name: 'Быстрое сообщение' }).waitFor();
    // The workspace says it works offline, with the session last seen on this device.
    await page.getByRole('status').filter({ hasText: 'Нет связи с сервером' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Что случилось, в нескольких словах' }).inputValue()).toBe(TITLE);
    expect(await page.getByLabel('Вид нарушения').inputValue()).toBe('pressure');

    await page.getByLabel('Регион').selectOption('KZ-75');
    await page.getByRole('textbox', { name: 'Кто пострадал (имя)' }).fill('Дина Корреспондентова');
    await page.getByRole('textbox', { name: 'Источник или ссылка' }).fill('https://example.kz/news/1');
    await page.getByRole('button', { name: 'Отправить' }).click();
    const item = page.locator('ul.outbox li', { hasText: TITLE });
    await item.getByText('Сохранено на этом устройстве, ждёт связи.').waitFor();
    expect(await page.getByRole('textbox', { name: 'Что случилось, в нескольких словах' }).inputValue()).toBe('');

    await page.reload();
    await item.getByText('Сохранено на этом устройстве, ждёт связи.').waitFor();
    expect(await titled()).toEqual([]);

    // The worst case: the report reaches the server, the answer is lost on the way back.
    await page.unroute('**/api/v1/**');
    await page.route('**/api/v1/incidents', async (route) => {
      await route.fetch();
      await route.abort('internetdisconnected');
    });
    await fireOnline(page);
    await expect.poll(async () => (await titled()).length).toBe(1);
    expect(await item.getByText('ждёт связи').count()).toBe(1);

    // The connection is back: the phone sends again, with the same key, and learns the record.
    await page.unroute('**/api/v1/incidents');
    await fireOnline(page);
    await fireOnline(page);
    const [stored] = await titled();
    await item.getByText('Отправлено. Запись:').waitFor();
    expect(await item.getByRole('link').textContent()).toBe(stored!.id);

    await page.reload();
    await item.getByText('Отправлено. Запись:').waitFor();
    await fireOnline(page);
    await fireOnline(page);
    await page.waitForLoadState('networkidle');
    const after = await titled();
    expect(after).toHaveLength(1);
    // A received record of the monitor's, waiting in the review queue.
    expect(after[0]).toMatchObject({ id: stored!.id, status: 'received', created_by: monitor.userId });
    await page.context().close();
  });

  it('names the missing fields beside them, keeps nothing in the outbox, and passes automated accessibility checks', async () => {
    // axe is injected through the DevTools protocol, which the page's CSP rightly forbids to scripts.
    const page = await (await browser.newContext({ locale: 'ru-RU', bypassCSP: true, viewport: { width: 390, height: 800 } })).newPage();
    await signInThroughForm(page, base, monitor, '/staff/report');
    await page.getByRole('heading', { name: 'Быстрое сообщение' }).waitFor();
    await page.getByRole('button', { name: 'Отправить' }).click();
    const title = page.getByRole('textbox', { name: 'Что случилось, в нескольких словах' });
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await title.getAttribute('aria-describedby')}`).textContent()).toBe('Заполните это поле.');
    expect(await page.locator('ul.outbox li').count()).toBe(0);
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run();
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
    });
    expect(violations).toEqual([]);
    await page.context().close();
  });
});
