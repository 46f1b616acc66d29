import { expect, it } from 'vitest';
import { describeInChromium, useDemoApp } from './harness.js';

/** ICU's fallback pattern for Kazakh ("2020 M12 14"), which no reader writes. */
const MONTH_FALLBACK = /\bM\d{1,2}\b/;

describeInChromium('dates in the public site, as each language writes them', () => {
  const demo = useDemoApp({ name: 'dates' });

  const pageText = async (path: string, locale: string, ready: string) => {
    const page = await demo.open(path, { locale });
    await page.locator(ready).first().waitFor();
    await page.locator('main time, main dd').first().waitFor();
    const text = (await page.textContent('body')) ?? '';
    return { page, text };
  };

  it('writes Kazakh dates from its own data in the list and on an incident page, never the M12 fallback', async () => {
    const list = await pageText('/', 'kk-KZ', 'ol.incidents > li');
    expect(list.text).toContain('2020 жылғы');
    expect(list.text).not.toMatch(MONTH_FALLBACK);
    await list.page.context().close();

    const incident = await pageText('/incidents/KZ2020-016', 'kk-KZ', 'h1');
    expect(incident.text).toContain('2020 жылғы 24 қазан');
    expect(incident.text).not.toMatch(MONTH_FALLBACK);
    await incident.page.context().close();
  });

  it('declines the Russian month after the day', async () => {
    const incident = await pageText('/incidents/KZ2020-016', 'ru-RU', 'h1');
    expect(incident.text).toContain('24 октября 2020 г.');
    expect(incident.text).not.toMatch(MONTH_FALLBACK);
    await incident.page.context().close();

    const list = await pageText('/', 'ru-RU', 'ol.incidents > li');
    expect(list.text).toMatch(/\d{1,2} (января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря) 20\d\d г\./);
    await list.page.context().close();
  });
});
