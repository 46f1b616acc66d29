import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, openContext } from '../../src/app.js';
import { loadDemo } from '../../src/cli/database.command.js';
import { importFile } from '../../src/exchange/import.js';
import { loadConfig } from '../../src/platform/config.js';
import type { AppContext } from '../../src/platform/context.js';
import { incidentDoc } from '../support/fixtures.js';
import { chromiumMissing, CHROMIUM, launchChromium } from './browser.js';

const XSS_TITLE = '<img src=x onerror="window.__xss=1">Stored payload';
const XSS_TEXT = '<script>window.__xss=2</script><b>bold?</b>';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

(chromiumMissing ? describe.skip : describe)(`the public site in Chromium${chromiumMissing ? ` [SKIPPED: no Chromium at ${CHROMIUM}; required in CI]` : ''}`, () => {
  let ctx: AppContext;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jsi-e2e-'));
    ctx = await openContext({ ...loadConfig({}), databaseUrl: join(dir, 'e2e.db') });
    await loadDemo(ctx);
    const xss = incidentDoc({ id: 'XSS-1', source_language: 'en', texts: { en: { title: XSS_TITLE, description: XSS_TEXT } }, date: '2021-01-02' });
    writeFileSync(join(dir, 'xss.jsonl'), JSON.stringify(xss));
    expect((await importFile(ctx, join(dir, 'xss.jsonl'), { actor: 'test' })).errors).toEqual([]);
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

  async function open(path: string, options: { bypassCSP?: boolean; locale?: string } = {}): Promise<Page> {
    const context = await browser.newContext({ locale: options.locale ?? 'ru-RU', bypassCSP: options.bypassCSP ?? false });
    const page = await context.newPage();
    await page.goto(`${base}${path}`);
    return page;
  }

  it('lists published incidents, pages on, switches to Kazakh and keeps the choice', async () => {
    const page = await open('/');
    await page.getByRole('heading', { name: 'Опубликованные инциденты' }).waitFor();
    await expect.poll(() => page.locator('ol.incidents > li').count()).toBe(20);
    await page.getByRole('button', { name: 'Показать ещё' }).click();
    await expect.poll(() => page.locator('ol.incidents > li').count()).toBe(40);
    await page.getByRole('button', { name: 'Қазақша' }).click();
    await page.getByRole('heading', { name: 'Жарияланған оқиғалар' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('kk');
    await page.reload();
    await page.getByRole('heading', { name: 'Жарияланған оқиғалар' }).waitFor();
    await page.context().close();
  });

  it('finds an incident by a name and opens its page, in the language chosen', async () => {
    const page = await open('/', { locale: 'en-GB' });
    await page.getByLabel('Search').fill('Toiken');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await expect.poll(() => page.locator('ol.incidents > li').count()).toBe(1);
    await page.locator('ol.incidents a').first().click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(page.url()).toContain('/incidents/KZ2020-016');
    await expect.poll(() => page.getByRole('heading', { name: 'Violations' }).count()).toBe(1);
    expect(await page.textContent('main')).toContain('24 October 2020');
    await page.context().close();
  });

  it('shows stored HTML and script as text on every page that shows it', async () => {
    for (const path of ['/?q=payload', '/incidents/XSS-1']) {
      const page = await open(path, { locale: 'en-GB' });
      await page.getByText('Stored payload', { exact: false }).first().waitFor();
      expect(await page.textContent('main')).toContain(XSS_TITLE);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
      expect(await page.locator('main img, main script, main b').count()).toBe(0);
      await page.context().close();
    }
  });

  it('passes automated accessibility checks on the list and an incident page', async () => {
    for (const path of ['/', '/incidents/KZ2020-028']) {
      // axe is injected through the DevTools protocol, which the page's CSP rightly forbids to scripts.
      const page = await open(path, { bypassCSP: true });
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
