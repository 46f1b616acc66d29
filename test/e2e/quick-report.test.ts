import type { Page, Route } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { describeInChromium, seriousAccessibilityViolations, useDemoApp } from './harness.js';
import { type StaffAccount, staffAccount } from './staff-support.js';

const TITLE = `Корреспондента выгнали с сессии маслихата ${Date.now() % 1_000_000}`;

describeInChromium('the quick report in Chromium', () => {
  const demo = useDemoApp({ name: 'quick' });
  let monitor: StaffAccount;

  beforeAll(async () => {
    monitor = await staffAccount(demo.ctx, ['monitor'], { regions: ['KZ-75', 'KZ-ALA'], name: 'Корреспондент' });
  }, 120_000);

  const titled = async () =>
    demo.ctx.database.db.selectFrom('incident_texts').innerJoin('incidents', 'incidents.id', 'incident_texts.incident_id').select(['incidents.id', 'incidents.status', 'incidents.created_by']).where('incident_texts.title', '=', TITLE).execute();
  const fireOnline = (page: Page) => page.evaluate(() => window.dispatchEvent(new Event('online')));

  /** Cuts the whole API, the "who is signed in" question included: the page itself still loads. */
  const cut = (route: Route) => route.abort('internetdisconnected');

  it('keeps the draft and the outbox through reloads without a connection and sends the report exactly once', async () => {
    const page = await demo.open('/staff/report', { as: monitor });
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
    // The page never heard back: the report still waits (the page may be redrawing as the API returns).
    await item.getByText('ждёт связи').waitFor();

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
    const page = await demo.open('/staff/report', { bypassCSP: true, viewport: { width: 390, height: 800 }, as: monitor });
    await page.getByRole('heading', { name: 'Быстрое сообщение' }).waitFor();
    await page.getByRole('button', { name: 'Отправить' }).click();
    const title = page.getByRole('textbox', { name: 'Что случилось, в нескольких словах' });
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await title.getAttribute('aria-describedby')}`).textContent()).toBe('Заполните это поле.');
    expect(await page.locator('ul.outbox li').count()).toBe(0);
    const violations = await seriousAccessibilityViolations(page);
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('opens with its draft when the device has no connection at all, the application kept on the device', async () => {
    const page = await demo.open('/staff/report', { as: monitor });
    await page.getByRole('heading', { name: 'Быстрое сообщение' }).waitFor();
    // The service worker keeps the page and its files once it is active.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.waitForFunction(async () => (await (await caches.open('jsi-shell-v1')).keys()).some((r) => /QuickReport/.test(r.url)));
    await page.getByRole('textbox', { name: 'Что случилось, в нескольких словах' }).fill('Черновик без связи');
    await page.getByText('Черновик сохранён на этом устройстве.').waitFor();

    await page.context().setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: 'Быстрое сообщение' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Нет связи с сервером' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Что случилось, в нескольких словах' }).inputValue()).toBe('Черновик без связи');
    // Nothing the API answered was kept: a record cannot be opened offline.
    expect(await page.evaluate(async () => (await Promise.all((await caches.keys()).map(async (n) => (await (await caches.open(n)).keys()).map((r) => new URL(r.url).pathname)))).flat().filter((p) => p.startsWith('/api/')))).toEqual([]);
    await page.context().close();
  });
});
