import { readFileSync } from 'node:fs';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import type { ChartData } from '../../src/stats/charts/chart-data.js';
import { importDocs, incident, personAct } from '../stats/support.js';
import { describeInChromium, seriousAccessibilityViolations, useDemoApp } from './harness.js';
import { staffAccount } from './staff-support.js';

describeInChromium('the statistics pages in Chromium', () => {
  const demo = useDemoApp({ name: 'stats' });

  // Less motion: the bars are drawn at once (no animation), so where a bar is can be read from the canvas.
  const open = (path: string, options: BrowserContextOptions = {}) => demo.open(path, { acceptDownloads: true, reducedMotion: 'reduce', ...options });
  const chart = async (id: string, lang: string) => (await demo.app.inject({ url: `/api/v1/stats/charts/${id}.json?year=2020&lang=${lang}` })).json() as ChartData;
  /** Waits until ECharts has drawn every chart (each box holds its canvas). */
  const drawn = async (page: Page) => expect.poll(() => page.locator('.chart-box canvas').count(), { timeout: 20_000 }).toBe(6);

  it('draws the six charts and the map in Russian, then in Kazakh', async () => {
    const page = await open('/statistics?year=2020');
    await page.getByRole('heading', { level: 1, name: 'Статистика' }).waitFor();
    await drawn(page);
    for (const id of ['incidents-by-month', 'criminal-charges', 'impunity-funnel']) {
      await page.getByRole('heading', { level: 2, name: (await chart(id, 'ru')).title }).waitFor();
    }
    await page.getByRole('heading', { level: 2, name: 'Инциденты по регионам' }).waitFor();
    expect(await page.locator('svg.map path.region').count()).toBe(14);
    expect(await page.locator('svg.map circle.city').count()).toBe(3);
    await page.getByRole('button', { name: 'Қазақша' }).click();
    await page.getByRole('heading', { level: 2, name: 'Оқиғалар айлар бойынша' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Оқиғалар өңірлер бойынша' }).waitFor();
    await drawn(page);
    await page.getByLabel('Тақташалар торы').check();
    await expect.poll(() => page.locator('svg.map rect.tile').count()).toBe(17);
    await page.context().close();
  });

  it('opens the incidents behind a bar: the list shows as many as the bar counts', async () => {
    const data = await chart('incidents-by-type', 'ru');
    const page = await open('/statistics?year=2020');
    await drawn(page);
    const canvas = page.locator('section[aria-labelledby="chart-incidents-by-type"] .chart-box canvas').first();
    // The first bar from the top is the first category: find its first pixel in the series colour.
    const spot = await canvas.evaluate((c: HTMLCanvasElement) => {
      const { data: px, width, height } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      const ratio = c.width / c.getBoundingClientRect().width;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const i = (y * width + x) * 4;
          if (px[i] === 11 && px[i + 1] === 93 && px[i + 2] === 158) return { x: (x + 4 * ratio) / ratio, y: (y + 6 * ratio) / ratio };
        }
      }
      return null;
    });
    expect(spot).not.toBeNull();
    await canvas.click({ position: spot! });
    await page.waitForURL((url) => url.pathname === '/' && url.search.includes('year=2020'));
    const first = data.series[0]!.points[0]!;
    expect(new URL(page.url()).search.slice(1)).toBe(first.filter);
    await expect.poll(() => page.locator('ol.incidents > li').count()).toBe(first.value);
    await page.context().close();
  });

  it('opens the incidents behind a number of a chart’s table and behind a region of the map', async () => {
    const data = await chart('incidents-by-type', 'en');
    const points = data.series[0]!.points;
    const i = points.findIndex((p) => p.value === Math.max(...points.filter((q) => q.value <= 20).map((q) => q.value)));
    const page = await open('/statistics?year=2020', { locale: 'en-GB' });
    await drawn(page);
    const panel = page.locator('section[aria-labelledby="chart-incidents-by-type"]');
    await panel.getByText('Numbers of the chart').click();
    await panel.locator('tbody tr').nth(i).locator('td a').click();
    await page.waitForURL((url) => url.pathname === '/');
    expect(new URL(page.url()).search.slice(1)).toBe(points[i]!.filter);
    await expect.poll(() => page.locator('ol.incidents > li').count()).toBe(points[i]!.value);
    await page.goBack();
    await page.getByRole('link', { name: 'Karaganda Region: 4' }).click();
    await page.waitForURL((url) => url.search.includes('region=KZ-KAR'));
    await expect.poll(() => page.locator('ol.incidents > li').count()).toBe(4);
    await page.context().close();
  });

  it('shows staff the verified records the public does not see, and opens them in the workspace', async () => {
    await importDocs(demo.ctx, [incident('E2E-STATS-V1', [personAct('attack.physical', 'journalist', 'E2E-STATS-P1')], { date: '2020-04-20', status: 'verified' })]);
    const april = async (lang: string, headers: Record<string, string> = {}) =>
      ((await demo.app.inject({ url: `/api/v1/stats/charts/incidents-by-month.json?year=2020&lang=${lang}`, headers })).json() as ChartData).series[0]!.points[3]!;
    const account = await staffAccount(demo.ctx, ['analyst']);
    const page = await demo.open('/staff/statistics?year=2020', { locale: 'en-GB', as: account });
    await page.getByRole('heading', { level: 1, name: 'Statistics (staff)' }).waitFor();
    await drawn(page);
    const panel = page.locator('section[aria-labelledby="chart-incidents-by-month"]');
    await panel.getByText('Numbers of the chart').click();
    const shown = Number(await panel.locator('tbody tr').nth(3).locator('td').textContent());
    expect(shown).toBe((await april('en')).value + 1);
    await panel.locator('tbody tr').nth(3).locator('td a').click();
    await page.waitForURL((url) => url.pathname === '/staff/incidents' && url.search.includes('from=2020-04'));
    await page.context().close();
  });

  it('downloads a chart as SVG, PNG and CSV', async () => {
    const page = await open('/statistics?year=2020');
    await drawn(page);
    const panel = page.locator('section[aria-labelledby="chart-incidents-by-month"]');
    const fetchDownload = async (name: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: new RegExp(`${name}$`) }).or(panel.getByRole('link', { name: new RegExp(`${name}$`) })).click()]);
      return { name: download.suggestedFilename(), body: readFileSync((await download.path())!) };
    };
    const svg = await fetchDownload('SVG');
    expect(svg.name).toBe('incidents-by-month-2020-ru.svg');
    expect(svg.body.toString('utf8')).toContain('Инциденты по месяцам');
    const png = await fetchDownload('PNG');
    expect(png.name).toBe('incidents-by-month-2020-ru.png');
    expect([...png.body.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.body.length).toBeGreaterThan(5000);
    const csv = await fetchDownload('CSV');
    expect(csv.name).toBe('incidents-by-month-2020-ru.csv');
    const text = csv.body.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('Всего,65');
    await page.context().close();
  });

  it('lists every table definition and the indicators on the methodology page', async () => {
    const tables = (await demo.app.inject({ url: '/api/v1/stats/tables?lang=ru' })).json() as { tables: { title: string }[] };
    const page = await open('/statistics');
    await page.getByRole('link', { name: 'Как мы считаем' }).click();
    await page.getByRole('heading', { level: 1, name: 'Как считается статистика' }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'SDG 16.10.1' }).waitFor();
    for (const t of tables.tables) await page.getByRole('heading', { level: 3, name: t.title }).waitFor();
    expect(await page.locator('section.definition').count()).toBe(tables.tables.length);
    await page.context().close();
  });

  it('passes automated accessibility checks on the dashboard and the methodology', async () => {
    for (const path of ['/statistics?year=2020', '/statistics/methodology']) {
      const page = await open(path, { bypassCSP: true });
      await page.locator('main h1').waitFor();
      if (path.startsWith('/statistics?')) await drawn(page);
      await page.waitForLoadState('networkidle');
      const violations = await seriousAccessibilityViolations(page, { showTarget: true });
      expect(violations, path).toEqual([]);
      await page.context().close();
    }
  });
});
