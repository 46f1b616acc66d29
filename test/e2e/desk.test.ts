import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { incidentDoc } from '../support/fixtures.js';
import { describeInChromium, seriousAccessibilityViolations, useDemoApp } from './harness.js';
import { type StaffAccount, staffAccount } from './staff-support.js';

const XSS_TITLE = '<img src=x onerror="window.__xss=1">Stored payload';
const XSS_TEXT = '<script>window.__xss=2</script><b>bold?</b>';
const XSS_CITATION = '<img src=x onerror="window.__xss=3">Cited payload';
const WAITING_TITLE = 'Оператора задержали на въезде в Шымкент';
const SECRET_NAME = 'Гульнар Тайнова';

describeInChromium("the editor's desk in Chromium", () => {
  const demo = useDemoApp({
    name: 'desk',
    extra: [
      incidentDoc({
        id: 'XSS-DESK',
        status: 'received',
        source_language: 'en',
        date: '2021-01-02',
        texts: { en: { title: XSS_TITLE, description: XSS_TEXT } },
        sources: [{ kind: 'publication', citation: XSS_CITATION, reliability: 'unconfirmed', public: false }],
      }),
      incidentDoc({ id: 'WAIT-1', status: 'received', date: '2021-02-03', region: 'KZ-SHY', settlement: 'Шымкент', texts: { ru: { title: WAITING_TITLE, description: 'Оператора телеканала задержали на посту.' } } }),
      incidentDoc({
        id: 'CONF-1',
        status: 'verified',
        date: '2021-03-04',
        texts: { ru: { title: 'Угрозы корреспонденту после публикации', description: 'Корреспонденту угрожали.' } },
        acts: [{ type: 'liberty.detention.protest', victim_group: 'journalist', person: { id: 'P-CONF-1', name: SECRET_NAME, gender: 'female' }, confidential_fields: ['victim'] }],
      }),
    ],
  });
  let editor: StaffAccount;

  beforeAll(async () => {
    editor = await staffAccount(demo.ctx, ['editor'], { name: 'Айгерим Редакторова' });
  }, 120_000);

  const signedIn = (path: string, options: { bypassCSP?: boolean } = {}) => demo.open(path, { ...options, as: editor });
  const count = (page: Page) => page.locator('[data-testid="desk-count"]').textContent();

  it('refuses a wrong password with a message the person can see', async () => {
    const someone = await staffAccount(demo.ctx, ['analyst']);
    const page = await demo.open('/staff/incidents');
    await page.locator('input[type="email"]').fill(someone.email);
    await page.locator('input[type="password"]').fill(`${someone.password}-wrong`);
    await page.locator('form button[type="submit"]').click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Неверная эл. почта или пароль.');
    expect(await page.locator('nav.sections').count()).toBe(0);
    await page.context().close();
  });

  it('narrows the list by a facet and a search, saves the view and brings it back after a reload', async () => {
    const page = await signedIn('/staff/incidents');
    await page.getByRole('heading', { name: 'Инциденты', level: 1 }).waitFor();
    await expect.poll(() => count(page)).toBe('Найдено 68 инцидентов · показано 25');
    expect(await page.locator('ol.desk-rows > li').count()).toBe(25);

    await page.getByRole('checkbox', { name: 'Получено (2)' }).check();
    await expect.poll(() => count(page)).toBe('Найдено 2 инцидента');
    expect(page.url()).toContain('status=received');
    await page.getByLabel('Поиск').fill('Шымкент');
    await page.getByRole('button', { name: 'Искать' }).click();
    await expect.poll(() => count(page)).toBe('Найден 1 инцидент');
    await expect.poll(() => page.locator('ol.desk-rows > li').allTextContents()).toEqual([expect.stringContaining(WAITING_TITLE)]);

    await page.getByLabel('Название текущего фильтра').fill('Шымкент, новые');
    await page.getByRole('button', { name: 'Сохранить фильтр' }).click();
    await page.getByText('Фильтр «Шымкент, новые» сохранён.').waitFor();

    await page.goto(`${demo.base}/staff/incidents`);
    await expect.poll(() => count(page)).toBe('Найдено 68 инцидентов · показано 25');
    await page.getByRole('link', { name: 'Шымкент, новые' }).click();
    await expect.poll(() => count(page)).toBe('Найден 1 инцидент');
    expect(new URL(page.url()).search).toBe('?q=%D0%A8%D1%8B%D0%BC%D0%BA%D0%B5%D0%BD%D1%82&status=received');
    expect(await page.getByRole('checkbox', { name: /^Получено/ }).isChecked()).toBe(true);
    expect(await page.getByLabel('Поиск').inputValue()).toBe('Шымкент');

    await page.getByRole('link', { name: WAITING_TITLE }).click();
    await page.getByRole('heading', { name: WAITING_TITLE, level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'История изменений' }).waitFor();
    expect(await page.locator('ol.history > li').first().textContent()).toContain('Импортировано');
    await expect.poll(() => page.getByRole('link', { name: 'Редактировать' }).getAttribute('href')).toBe('/staff/incidents/WAIT-1/edit');
    await page.context().close();
  });

  it('moves a received report to verification from the review queue, with a reason, and shows it everywhere', async () => {
    const page = await signedIn('/staff/review');
    await page.getByRole('heading', { name: 'Очередь проверки' }).waitFor();
    const row = page.locator('li.queue-item').filter({ hasText: WAITING_TITLE });
    await row.waitFor();
    expect(await row.textContent()).toContain('Никто не взял в работу');
    await row.getByRole('button', { name: 'Взять в работу' }).click();
    await row.getByText('В работе у: Айгерим Редакторова').waitFor();

    await expect.poll(() => row.locator('.workflow-status').textContent()).toBe('Статус: Получено');
    await row.getByRole('button', { name: 'Взять на проверку' }).click();
    await row.getByRole('textbox', { name: 'Причина' }).fill('Два независимых источника, проверяю');
    await row.getByRole('button', { name: 'Подтвердить переход' }).click();
    await expect.poll(() => row.locator('.workflow-status').textContent()).toBe('Статус: На проверке');
    // The next steps are those the workflow allows from the new status.
    await expect.poll(() => row.locator('.workflow-buttons button').allTextContents()).toEqual(['Подтвердить', 'Отклонить', 'Вернуть в полученные']);

    await page.goto(`${demo.base}/staff/incidents/WAIT-1`);
    const log = page.locator('table.transitions tbody tr').last();
    await expect.poll(() => log.textContent()).toContain('На проверке');
    expect(await log.textContent()).toContain('Два независимых источника, проверяю');
    expect(await log.textContent()).toContain(editor.email);
    const change = page.locator('ol.history > li').first();
    expect(await change.textContent()).toContain('Смена статуса');
    expect(await change.locator('table.changes tbody tr').filter({ hasText: 'status' }).textContent()).toBe('statusПолученоНа проверке');
    await page.context().close();
  });

  it('shows stored HTML and script as text on the staff list and the staff incident page', async () => {
    for (const path of ['/staff/incidents?q=payload', '/staff/incidents/XSS-DESK']) {
      const page = await signedIn(path);
      await page.getByText('Stored payload', { exact: false }).first().waitFor();
      const main = await page.textContent('main');
      expect(main).toContain(XSS_TITLE);
      if (path.endsWith('XSS-DESK')) {
        expect(main).toContain(XSS_TEXT);
        expect(main).toContain(XSS_CITATION);
      }
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
      expect(await page.locator('main img, main script, main b').count()).toBe(0);
      await page.context().close();
    }
  });

  it('shows the editor a confidential victim, marked as confidential', async () => {
    const page = await signedIn('/staff/incidents/CONF-1');
    const act = page.locator('ol.acts > li').filter({ hasText: SECRET_NAME });
    await act.waitFor();
    await act.getByText('Конфиденциально', { exact: true }).waitFor();
    expect(await act.getByRole('link', { name: SECRET_NAME }).getAttribute('href')).toBe('/staff/persons/P-CONF-1');
    // Nothing else on the page is marked: the marks say exactly what is confidential.
    expect(await page.locator('main .confidential-mark').count()).toBe(1);
    await page.context().close();
  });

  it('passes automated accessibility checks on the list, an incident page and the review queue', async () => {
    for (const path of ['/staff/incidents', '/staff/incidents/CONF-1', '/staff/review']) {
      const page = await signedIn(path, { bypassCSP: true });
      await page.locator('main h1').waitFor();
      await page.waitForLoadState('networkidle');
      const violations = await seriousAccessibilityViolations(page);
      expect(violations, path).toEqual([]);
      await page.context().close();
    }
  });
});
