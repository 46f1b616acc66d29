import { beforeAll, expect, it } from 'vitest';
import { createAssessment, getItem } from '../../src/assessments/assessment.service.js';
import { operatorReader } from '../../src/platform/reader.js';
import { describeInChromium, seriousAccessibilityViolations, useDemoApp } from './harness.js';
import { type StaffAccount, staffAccount } from './staff-support.js';

const FINDING = 'Расследования угроз журналистам **затягиваются**; заказчиков не ищут.';

describeInChromium('the JSI assessment workspace in Chromium', () => {
  const demo = useDemoApp({ name: 'asm', timeout: 240_000 });
  let editor: StaffAccount;
  let demoId: string;
  let draftId: string;

  beforeAll(async () => {
    demoId = (await demo.ctx.database.db.selectFrom('assessments').select('id').where('year', '=', 2020).executeTakeFirstOrThrow()).id;
    // The demo's items are approved; a new assessment's items are drafts an editor can write.
    draftId = (await createAssessment(demo.ctx, { country: 'KZ', year: 2021, framework: 'jsi-national-2015', title: { en: 'Kazakhstan 2021', ru: 'Казахстан 2021' }, team: [] }, operatorReader('test'))).id;
    editor = await staffAccount(demo.ctx, ['editor'], { name: 'Айгерим Редакторова' });
  }, 120_000);

  const signedIn = (path: string, options: { bypassCSP?: boolean } = {}) => demo.open(path, { ...options, as: editor });

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

    const item = await getItem(demo.ctx, draftId, 'B.3.iv', operatorReader('test'));
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
    expect((await getItem(demo.ctx, draftId, 'A.2', operatorReader('test'))).findings).toEqual([]);
    await page.context().close();
  });

  it('has no serious or critical accessibility violation on the assessment pages', async () => {
    for (const path of ['/staff/assessments', `/staff/assessments/${demoId}?element=A.1`, '/staff/assessments/trends?country=KZ']) {
      const page = await signedIn(path, { bypassCSP: true });
      await page.locator('main h1').waitFor();
      await page.waitForLoadState('networkidle');
      const violations = await seriousAccessibilityViolations(page);
      expect(violations, path).toEqual([]);
      await page.context().close();
    }
  });
});
