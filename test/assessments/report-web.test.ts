import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeInChromium, useDemoApp } from '../e2e/harness.js';
import { staffAccount } from '../e2e/staff-support.js';

/** The report panel of the assessment page, driven in Chromium through the real application (web/dist). */
describeInChromium('the report panel in Chromium', () => {
  const demo = useDemoApp({ name: 'report', timeout: 240_000 });
  let demoId: string;

  beforeAll(async () => {
    demoId = (await demo.ctx.database.db.selectFrom('assessments').select('id').where('year', '=', 2020).executeTakeFirstOrThrow()).id;
  });

  it('lets an analyst choose a language and format, shows the progress while the PDF renders, then offers the file', async () => {
    const analyst = await staffAccount(demo.ctx, ['analyst']);
    const page = await demo.open(`/staff/assessments/${demoId}`, { acceptDownloads: true, as: analyst });
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
    const file = join(demo.dir, 'downloaded.pdf');
    await download.saveAs(file);
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.context().close();
  }, 180_000);
});
