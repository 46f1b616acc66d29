import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, openContext } from '../../src/app.js';
import { loadDemo } from '../../src/cli/database.command.js';
import { loadConfig } from '../../src/platform/config.js';
import type { AppContext } from '../../src/platform/context.js';
import { chromiumMissing, CHROMIUM, launchChromium } from '../e2e/browser.js';
import { signInThroughForm, staffAccount } from '../e2e/staff-support.js';

/** The report panel of the assessment page, driven in Chromium through the real application (web/dist). */
(chromiumMissing ? describe.skip : describe)(`the report panel in Chromium${chromiumMissing ? ` [SKIPPED: no Chromium at ${CHROMIUM}; required in CI]` : ''}`, () => {
  let dir: string;
  let ctx: AppContext;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let demoId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jsi-e2e-report-'));
    ctx = await openContext({ ...loadConfig({}), databaseUrl: join(dir, 'e2e.db') });
    await loadDemo(ctx);
    demoId = (await ctx.database.db.selectFrom('assessments').select('id').where('year', '=', 2020).executeTakeFirstOrThrow()).id;
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

  it('lets an analyst choose a language and format, shows the progress while the PDF renders, then offers the file', async () => {
    const analyst = await staffAccount(ctx, ['analyst']);
    const context = await browser.newContext({ locale: 'ru-RU', acceptDownloads: true });
    const page = await context.newPage();
    await signInThroughForm(page, base, analyst, `/staff/assessments/${demoId}`);
    const panel = page.getByRole('region', { name: 'Национальный отчёт' });
    await panel.getByLabel('Язык').selectOption('en');
    await panel.getByLabel('Формат').selectOption('pdf');
    await panel.getByRole('button', { name: 'Сформировать отчёт' }).click();
    const bar = panel.getByRole('progressbar', { name: 'Отчёт формируется' });
    await bar.waitFor();
    expect(Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(0);
    const link = panel.getByRole('link', { name: /jsi-kz-2020-en\.pdf/ });
    await link.waitFor({ timeout: 120_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = join(dir, 'downloaded.pdf');
    await download.saveAs(file);
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await context.close();
  }, 180_000);
});
