import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { describeInChromium, useDemoApp } from './harness.js';
import { type StaffAccount, signInThroughForm, staffAccount } from './staff-support.js';

/**
 * Every page of the application on a small phone (360 px wide), in every language of the country
 * profile, signed in as an administrator (who sees every staff section): nothing may scroll the page
 * sideways, and every control a thumb has to hit is at least 44 × 44 px (WCAG 2.5.5).
 *
 * Exempt from the size rule, as WCAG 2.5.5 exempts them: a link that shares a line with other text
 * (a link inside running text, where a taller box would break the sentence's lines), and the
 * regions of the statistics map, whose shapes are the country's geography (the same figures open
 * from the chart tables beside it).
 *
 * With JSI_E2E_SCREENSHOTS=<directory>, every page is also saved there at 360, 390 and 1366 px, to be looked at.
 */

const PHONE = { width: 360, height: 740 };
const SCREENSHOT_WIDTHS = [360, 390, 1366];
const MIN_TARGET = 44;
const screenshots = process.env.JSI_E2E_SCREENSHOTS;

/** The path patterns of web/src/routes.tsx, read from its source so that a page added there is a page this test must visit. */
const routePatterns = [...readFileSync(new URL('../../web/src/routes.tsx', import.meta.url), 'utf8').matchAll(/pattern: \/(.+?)\/, /g)].map(
  ([, source]) => new RegExp(source!),
);

describeInChromium('the application on a phone', () => {
  const demo = useDemoApp({ name: 'phone', timeout: 180_000 });
  let admin: StaffAccount;
  let paths: string[];
  let languages: readonly string[];

  beforeAll(async () => {
    admin = await staffAccount(demo.ctx, ['administrator']);
    languages = demo.ctx.profile.settings.languages;
    const db = demo.ctx.database.db;
    // Real records of the demo data: a published incident with a legal case, its victim and outlet, the case, an assessment.
    const legalCase = await db.selectFrom('legal_cases').innerJoin('case_incidents', 'case_incidents.case_id', 'legal_cases.id').innerJoin('incidents', 'incidents.id', 'case_incidents.incident_id').where('incidents.status', '=', 'published').select(['legal_cases.id as caseId', 'incidents.id as incidentId']).orderBy('legal_cases.id').executeTakeFirstOrThrow();
    const person = await db.selectFrom('persons').select('id').orderBy('id').executeTakeFirstOrThrow();
    const organisation = await db.selectFrom('organisations').select('id').orderBy('id').executeTakeFirstOrThrow();
    const assessment = await db.selectFrom('assessments').select('id').orderBy('id').executeTakeFirstOrThrow();
    const incident = encodeURIComponent(legalCase.incidentId);
    paths = [
      '/', `/incidents/${incident}`, '/statistics', '/statistics/methodology',
      '/staff', '/staff/incidents', `/staff/incidents/${incident}`, '/staff/incidents/new', `/staff/incidents/${incident}/edit`,
      '/staff/report', '/staff/review', '/staff/people', `/staff/persons/${encodeURIComponent(person.id)}`,
      `/staff/organisations/${encodeURIComponent(organisation.id)}`, '/staff/cases', `/staff/cases/${encodeURIComponent(legalCase.caseId)}`,
      '/staff/statistics', '/staff/assessments', '/staff/assessments/trends', `/staff/assessments/${encodeURIComponent(assessment.id)}`,
      '/staff/admin',
    ];
  }, 120_000);

  it('visits a path for every route of the application', () => {
    expect(routePatterns.length).toBeGreaterThan(15);
    const unvisited = routePatterns.filter((pattern) => !paths.some((path) => pattern.test(path)));
    expect(unvisited.map(String)).toEqual([]);
  });

  it('scrolls no page sideways and gives every control a 44 px target at 360 px, in every language', async () => {
    const problems: string[] = [];
    for (const language of languages) {
      const page = await (await demo.browser.newContext({ locale: language, viewport: PHONE })).newPage();
      await signInThroughForm(page, demo.base, admin);
      for (const path of [...paths, ...(await adminSections(page, demo.base))]) {
        await show(page, `${demo.base}${path}`);
        const where = `${path} (${language})`;
        expect(await page.evaluate(() => document.documentElement.lang), where).toBe(language);
        const overflow = await sidewaysOverflow(page);
        if (overflow) problems.push(`${where} scrolls sideways: ${overflow}`);
        problems.push(...(await smallTargets(page)).map((target) => `${where} has a small target: ${target}`));
        if (screenshots) await saveScreenshots(page, path, language);
      }
      await page.context().close();
    }
    expect(problems).toEqual([]);
  }, 900_000);
});

/** The administration's sections, as its own tabs link to them. */
async function adminSections(page: Page, base: string): Promise<string[]> {
  await show(page, `${base}/staff/admin`);
  const hrefs = await page.locator('main nav a[href^="/staff/admin/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
  expect(hrefs.length).toBeGreaterThan(1);
  return hrefs;
}

/** Goes to the page and waits until its heading is shown and nothing more is loading. */
async function show(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('main h1').first().waitFor();
  await page.waitForLoadState('networkidle');
}

/** Undefined when the page fits its width; otherwise how wide it is and the element reaching furthest right. */
function sidewaysOverflow(page: Page): Promise<string | undefined> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    if (document.documentElement.scrollWidth <= width) return undefined;
    // Only elements that push the page itself: not those inside a box that scrolls or clips them.
    const clipped = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      }
      return false;
    };
    let widest: Element | undefined;
    let right = 0;
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect().right;
      if (r > right && !clipped(el)) [widest, right] = [el, r];
    }
    // Text can run out of its box (a long word): then the widest is the element holding it.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      const r = range.getBoundingClientRect().right;
      if (r > right && node.parentElement && !clipped(node.parentElement)) [widest, right] = [node.parentElement, r];
    }
    const name = widest ? `<${widest.tagName.toLowerCase()}${widest.className && typeof widest.className === 'string' ? ` class="${widest.className}"` : ''}> "${(widest.textContent ?? '').trim().slice(0, 40)}"` : 'nothing';
    return `${document.documentElement.scrollWidth} px wide at ${width} px; widest: ${name} reaching ${Math.round(right)} px`;
  });
}

/** The shown controls smaller than 44 × 44 px (a checkbox or radio button counts with its label), named with their size. */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    const shown = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 1 && r.height > 1 && r.right > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const block = (el: Element) => {
      let p = el.parentElement!;
      while (p.parentElement && /^(inline|contents)/.test(getComputedStyle(p).display)) p = p.parentElement;
      return p;
    };
    // A link in running text: some text outside it lies on one of its lines.
    const inRunningText = (link: Element) => {
      if (getComputedStyle(link).display !== 'inline') return false;
      const lines = [...link.getClientRects()];
      const walker = document.createTreeWalker(block(link), NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (link.contains(node) || !node.textContent?.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const r of range.getClientRects()) {
          if (r.width > 0 && lines.some((l) => r.top < l.bottom - 2 && r.bottom > l.top + 2)) return true;
        }
      }
      return false;
    };
    const describe = (el: Element) => `<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? ` class="${el.className}"` : ''}>`;
    const problems: string[] = [];
    const controls = document.querySelectorAll('main a[href], main button, main input:not([type="hidden"]), main select, main textarea, main summary, nav a[href], nav button, header a[href], header button');
    for (const el of controls) {
      if (!shown(el) || el.closest('svg') || (el.tagName === 'A' && inRunningText(el))) continue;
      const target = el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio') ? (el.labels?.[0] ?? el) : el;
      const r = target.getBoundingClientRect();
      if (r.width < min - 0.5 || r.height < min - 0.5) {
        const text = (el.textContent || el.getAttribute('aria-label') || (el as HTMLInputElement).name || '').trim().slice(0, 30);
        const parent = el.parentElement!;
        problems.push(`${describe(el)} "${text}" in ${describe(parent)} ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    }
    return problems;
  }, MIN_TARGET);
}

async function saveScreenshots(page: Page, path: string, language: string): Promise<void> {
  mkdirSync(screenshots!, { recursive: true });
  const name = (path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home').slice(0, 60);
  for (const width of SCREENSHOT_WIDTHS) {
    await page.setViewportSize({ ...PHONE, width });
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(screenshots!, `${name}.${language}.${width}.png`), fullPage: true });
  }
  await page.setViewportSize(PHONE);
}
