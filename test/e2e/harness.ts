import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { buildApp, openContext } from '../../src/app.js';
import { loadDemo } from '../../src/cli/database.command.js';
import { importFile } from '../../src/exchange/import.js';
import { loadConfig } from '../../src/platform/config.js';
import type { AppContext } from '../../src/platform/context.js';
import { CHROMIUM, chromiumMissing, launchChromium } from './browser.js';
import { type StaffAccount, signInThroughForm } from './staff-support.js';

/**
 * The browser tests' shared setup: one demo application and one Chromium a test file,
 * pages opened the same way, and the accessibility check they all run.
 */

/** `describe`, or `describe.skip` with the reason in its title where this machine has no Chromium (browser.ts refuses that in CI). */
export function describeInChromium(title: string, fn: () => void): void {
  if (chromiumMissing) describe.skip(`${title} [SKIPPED: no Chromium at ${CHROMIUM}; required in CI]`, fn);
  else describe(title, fn);
}

export interface DemoAppOptions {
  /** Names the temporary directory (`jsi-e2e-<name>-…`). */
  name: string;
  /** Incident documents imported on top of the demo data, before the application starts; they must import without an error. */
  extra?: object[];
  /** For the whole start: the demo data, the import and the browser. */
  timeout?: number;
}

export interface OpenOptions extends BrowserContextOptions {
  /** Signs this account in through the form at the path (instead of only going there). */
  as?: StaffAccount;
}

export interface DemoApp {
  /** A fresh temporary directory, removed on close; the SQLite database is in it. */
  dir: string;
  ctx: AppContext;
  app: FastifyInstance;
  /** Where the application listens, as `http://127.0.0.1:<port>`. */
  base: string;
  browser: Browser;
  /** A page in a context of its own (locale ru-RU unless told), at the path; close it with `page.context().close()`. */
  open(path: string, options?: OpenOptions): Promise<Page>;
  close(): Promise<void>;
}

/** The demo data, with `extra` imported, in a new SQLite file, served on a free port of 127.0.0.1, and a Chromium to drive it. */
export async function startDemoApp({ name, extra = [] }: DemoAppOptions): Promise<DemoApp> {
  const dir = mkdtempSync(join(tmpdir(), `jsi-e2e-${name}-`));
  let ctx: AppContext | undefined;
  let app: FastifyInstance | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await app?.close();
    await ctx?.database.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    ctx = await openContext({ ...loadConfig({}), databaseUrl: join(dir, 'e2e.db') });
    await loadDemo(ctx);
    if (extra.length > 0) {
      writeFileSync(join(dir, 'extra.jsonl'), extra.map((d) => JSON.stringify(d)).join('\n'));
      expect((await importFile(ctx, join(dir, 'extra.jsonl'), { actor: 'test' })).errors).toEqual([]);
    }
    app = await buildApp(ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  } catch (error) {
    await close();
    throw error;
  }
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const running = browser;
  return {
    dir,
    ctx,
    app,
    base,
    browser,
    close,
    async open(path, { as, ...options } = {}) {
      const page = await (await running.newContext({ locale: 'ru-RU', ...options })).newPage();
      if (as) await signInThroughForm(page, base, as, path);
      else await page.goto(`${base}${path}`);
      return page;
    },
  };
}

/**
 * `startDemoApp` before the file's tests and `close` after them. The object returned is filled in
 * by the time the file's own `beforeAll` (registered after this call, so run after it) and its tests run.
 */
export function useDemoApp(options: DemoAppOptions): DemoApp {
  const demo = {} as DemoApp;
  beforeAll(async () => {
    Object.assign(demo, await startDemoApp(options));
  }, options.timeout ?? 120_000);
  afterAll(() => demo.close?.());
  return demo;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeResult {
  violations: { id: string; impact: string; nodes: { target: unknown }[] }[];
}

/**
 * Runs axe-core on the page as it is and returns its serious and critical violations as `id (nodes)`,
 * or `id (nodes: first target)` with `showTarget`.
 * axe is injected through the DevTools protocol, which the page's CSP rightly forbids to scripts:
 * open the page with `bypassCSP: true`.
 */
export async function seriousAccessibilityViolations(page: Page, { showTarget = false } = {}): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async (showTarget) => {
    const result = await (window as unknown as { axe: { run: () => Promise<AxeResult> } }).axe.run();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.nodes.length}${showTarget ? `: ${JSON.stringify(v.nodes[0]?.target)}` : ''})`);
  }, showTarget);
}
