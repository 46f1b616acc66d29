import { expect, it } from 'vitest';
import { incidentDoc } from '../support/fixtures.js';
import { describeInChromium, seriousAccessibilityViolations, useDemoApp } from './harness.js';

const XSS_TITLE = '<img src=x onerror="window.__xss=1">Stored payload';
const XSS_TEXT = '<script>window.__xss=2</script><b>bold?</b>';

describeInChromium('the public site in Chromium', () => {
  const demo = useDemoApp({
    name: 'public',
    extra: [incidentDoc({ id: 'XSS-1', source_language: 'en', texts: { en: { title: XSS_TITLE, description: XSS_TEXT } }, date: '2021-01-02' })],
  });

  it('lists published incidents, pages on, switches to Kazakh and keeps the choice', async () => {
    const page = await demo.open('/');
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
    const page = await demo.open('/', { locale: 'en-GB' });
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
      const page = await demo.open(path, { locale: 'en-GB' });
      await page.getByText('Stored payload', { exact: false }).first().waitFor();
      expect(await page.textContent('main')).toContain(XSS_TITLE);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
      expect(await page.locator('main img, main script, main b').count()).toBe(0);
      await page.context().close();
    }
  });

  it('passes automated accessibility checks on the list and an incident page', async () => {
    for (const path of ['/', '/incidents/KZ2020-028']) {
      const page = await demo.open(path, { bypassCSP: true });
      await page.locator('main h1').waitFor();
      await page.waitForLoadState('networkidle');
      const violations = await seriousAccessibilityViolations(page);
      expect(violations, path).toEqual([]);
      await page.context().close();
    }
  });
});
