import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, openContext } from '../../src/app.js';
import { createAssessment, getItem } from '../../src/assessments/assessment.service.js';
import { loadDemo } from '../../src/cli/database.command.js';
import { loadConfig } from '../../src/platform/config.js';
import type { AppContext } from '../../src/platform/context.js';
import { operatorReader } from '../../src/platform/reader.js';
import { chromiumMissing, CHROMIUM, launchChromium } from './browser.js';
import { type StaffAccount, signInThroughForm, staffAccount } from './staff-support.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const FINDING = 'Расследования угроз журналистам **затягиваются**; заказчиков не ищут.';

(chromiumMissing ? describe.skip : describe)(`the JSI assessment workspace in Chromium${chromiumMissing ? ` [SKIPPED: no Chromium at ${CHROMIUM}; required in CI]` : ''}`, () => {
  let dir: string;
  let ctx: AppContext;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let editor: StaffAccount;
  let demoId: string;
  let draftId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jsi-e2e-asm-'));
    ctx = await openContext({ ...loadConfig({}), databaseUrl: join(dir, 'e2e.db') });
    await loadDemo(ctx);
    demoId = (await ctx.database.db.selectFrom('assessments').select('id').where('year', '=', 2020).executeTakeFirstOrThrow()).id;
    // The demo's items are approved; a new assessment's items are drafts an editor can write.
    draftId = (await createAssessment(ctx, { country: 'KZ', year: 2021, framework: 'jsi-national-2015', title: { en: 'Kazakhstan 2021', ru: 'Казахстан 2021' }, team: [] }, operatorReader('test'))).id;
    editor = await staffAccount(ctx, ['editor'], { name: 'Айгерим Редакторова' });
    app = await buildApp(ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await ctx?.database.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function signedIn(path: string, options: { bypassCSP?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext({ locale: 'ru-RU', bypassCSP: options.bypassCSP ?? false });
    const page = await context.newPage();
    await signInThroughForm(page, base, editor, path);
    return page;
  }

  it('lets an editor open an assessment, write a finding in Russian, judge it and send it to review', async () => {
    const page = await signedIn('/staff/assessments');
    await page.getByRole('link', { name: 'Казахстан 2021' }).click();
    await page.getByRole('heading', { level: 1, name: 'Казахстан 2021' }).waitFor();
    await page.getByRole('link', { name: /^B\.3\.iv / }).click();
    await page.getByRole('heading', { level: 2, name: /^B\.3\.iv / }).waitFor();

    await page.getByLabel('Язык оригинала').selectOption('ru');
    await page.getByLabel('Выводы: русский').fill(FINDING);
    await page.getByRole('combobox', { name: /^Заключение/ }).selectOption('not_met');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Сохранено.').waitFor();

    await page.getByLabel('Вид доказательства').selectOption('incident');
    await page.getByLabel('Идентификатор инцидента').fill('KZ2020-001');
    await page.getByRole('button', { name: 'Добавить доказательство' }).click();
    await page.locator('.evidence').getByRole('link', { name: 'KZ2020-001' }).waitFor();

    await page.getByRole('button', { name: 'Отправить на проверку' }).click();
    await page.getByText('Отправлено на проверку.').waitFor();
    await expect(page.locator('.item-editor .meta strong').textContent()).resolves.toBe('На проверке');
    // The tree and the progress summary follow.
    await page.locator('#overview-heading').waitFor();
    await expect(page.locator('.assessment').getByText('B.3.iv', { exact: true }).count()).resolves.toBeGreaterThan(0);

    const item = await getItem(ctx, draftId, 'B.3.iv', operatorReader('test'));
    expect(item).toMatchObject({ status: 'in_review', judgement: 'not_met', original_language: 'ru' });
    expect(item.findings).toEqual([{ lang: 'ru', text: FINDING, translation: 'original' }]);
    expect(item.evidence).toMatchObject([{ kind: 'incident', ref: 'KZ2020-001' }]);
    await page.context().close();
  });

  it('shows which finding the server refused and why, and keeps the text', async () => {
    const page = await signedIn(`/staff/assessments/${draftId}?element=A.2`);
    await page.getByLabel('Выводы: русский').fill('Текст с <script>alert(1)</script>');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('raw HTML is not allowed');
    await expect(page.getByLabel('Выводы: русский').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.getByLabel('Выводы: русский').inputValue()).resolves.toContain('<script>');
    expect((await getItem(ctx, draftId, 'A.2', operatorReader('test'))).findings).toEqual([]);
    await page.context().close();
  });

  it('has no serious or critical accessibility violation on the assessment pages', async () => {
    for (const path of ['/staff/assessments', `/staff/assessments/${demoId}?element=A.1`, '/staff/assessments/trends?country=KZ']) {
      // axe is injected through the DevTools protocol, which the page's CSP rightly forbids to scripts.
      const page = await signedIn(path, { bypassCSP: true });
      await page.locator('main h1').waitFor();
      await page.waitForLoadState('networkidle');
      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => {
        const result = await (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run();
        return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
      });
      expect(violations, path).toEqual([]);
      await page.context().close();
    }
  });
});
