import { beforeAll, expect, it } from 'vitest';
import { tokenFor } from '../support/accounts.js';
import { describeInChromium, seriousAccessibilityViolations, useDemoApp } from './harness.js';
import { type StaffAccount, staffAccount } from './staff-support.js';

/** One word no demo record holds, to find the new incident by on the public site. */
const MARK = `Сарыарка${Date.now() % 1_000_000}`;
const XSS = '<img src=x onerror="window.__xss=1">';
const TITLE = `${XSS}Задержаны двое журналистов ${MARK}`;

describeInChromium('the incident editor in Chromium', () => {
  const demo = useDemoApp({ name: 'editor' });
  let editor: StaffAccount;

  beforeAll(async () => {
    editor = await staffAccount(demo.ctx, ['editor'], { name: 'Редактор' });
  }, 120_000);

  // Every page bypasses the CSP, for axe (see seriousAccessibilityViolations).
  const signedIn = (path: string) => demo.open(path, { bypassCSP: true, as: editor });

  it('passes automated accessibility checks on the form, with a row of each kind open', async () => {
    const page = await signedIn('/staff/incidents/new');
    await page.getByRole('heading', { name: 'Новый инцидент' }).waitFor();
    await page.getByRole('button', { name: 'Добавить источник' }).click();
    await page.getByRole('button', { name: 'Добавить нарушителя' }).click();
    await page.waitForLoadState('networkidle');
    const violations = await seriousAccessibilityViolations(page);
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('records an incident with two victims in Russian, takes it through verification and finds it published in Kazakh', async () => {
    const page = await signedIn('/staff/incidents/new');
    await page.getByRole('heading', { name: 'Новый инцидент' }).waitFor();

    await page.getByLabel('Дата', { exact: true }).fill('2020-06-15');
    await page.getByLabel('Регион', { exact: true }).selectOption('KZ-ALA');
    await page.getByRole('textbox', { name: 'Населённый пункт', exact: true }).fill('Каскелен');
    const settlementSecret = page.getByRole('button', { name: 'Конфиденциально: Населённый пункт' });
    await settlementSecret.click();
    expect(await settlementSecret.getAttribute('aria-pressed')).toBe('true');
    const russian = page.locator('fieldset[lang="ru"]');
    await russian.getByRole('textbox', { name: 'Заголовок', exact: true }).fill(TITLE);
    await russian.getByRole('textbox', { name: 'Описание', exact: true }).fill('Корреспондента и блогера задержали во время съёмки у акимата.');

    // The first victim is already on record: typed in another order, picked from the suggestions.
    const first = page.getByRole('region', { name: 'Нарушение 1' });
    await first.getByLabel('Вид нарушения').selectOption('liberty.detention.protest');
    await first.getByLabel('Группа пострадавших').selectOption('journalist');
    await first.getByRole('textbox', { name: 'Имя пострадавшего', exact: true }).fill('Sagutdinov Aslan');
    await first.getByRole('button', { name: 'Выбрать: Aslan Sagutdinov' }).click();
    await first.getByText('kz-p-aslan-sagutdinov').waitFor();
    await first.getByRole('button', { name: 'Добавить нарушителя' }).click();
    await first.getByLabel('Тип', { exact: true }).selectOption('police');

    // The second is new.
    await page.getByRole('button', { name: 'Добавить нарушение' }).click();
    const second = page.getByRole('region', { name: 'Нарушение 2' });
    await second.getByLabel('Вид нарушения').selectOption('liberty.detention.protest');
    await second.getByLabel('Группа пострадавших').selectOption('blogger');
    await second.getByRole('textbox', { name: 'Имя пострадавшего', exact: true }).fill(`Блогер ${MARK}`);

    await page.getByRole('button', { name: 'Добавить источник' }).click();
    const source = page.getByRole('region', { name: 'Источник 1' });
    await source.getByRole('textbox', { name: 'Ссылка на источник (описание)', exact: true }).fill('Сообщение «Адил Соз»');
    await source.getByRole('textbox', { name: 'Адрес в интернете', exact: true }).fill('adilsoz точка kz');
    await source.getByLabel('Надёжность').selectOption('reliable');

    // The server refuses the address; its issue appears beside the field, in Russian.
    await page.getByRole('button', { name: 'Сохранить инцидент' }).click();
    const urlIssue = page.locator('#e-sources-0-url');
    await urlIssue.waitFor();
    expect(await urlIssue.textContent()).toBe('Введите адрес полностью, начиная с https://');
    const urlInput = source.getByRole('textbox', { name: 'Адрес в интернете', exact: true });
    expect(await urlInput.getAttribute('aria-describedby')).toContain('e-sources-0-url');
    expect(await urlInput.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#editor-summary').textContent()).toContain('Инцидент не сохранён');
    expect(await countTitled(TITLE)).toBe(0);

    await urlInput.fill('https://adilsoz.kz/news/2020-06-15');
    await page.getByRole('button', { name: 'Сохранить инцидент' }).click();
    await page.waitForURL(/\/staff\/incidents\/(?!new)[^/]+$/);
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1)!);

    // Stored as typed: two acts, the known person linked rather than copied, the new one created.
    const acts = await demo.ctx.database.db.selectFrom('acts').select(['person_id', 'victim_group']).where('incident_id', '=', id).orderBy('position').execute();
    expect(acts).toHaveLength(2);
    expect(acts[0]).toEqual({ person_id: 'kz-p-aslan-sagutdinov', victim_group: 'journalist' });
    expect((await demo.ctx.database.db.selectFrom('persons').select('id').where('name', '=', 'Aslan Sagutdinov').execute()).length).toBe(1);
    expect((await demo.ctx.database.db.selectFrom('persons').select('name').where('id', '=', acts[1]!.person_id!).executeTakeFirst())?.name).toBe(`Блогер ${MARK}`);

    // The stored markup is shown as text on the staff page.
    await page.getByText(`Задержаны двое журналистов ${MARK}`).first().waitFor();
    expect(await page.textContent('main')).toContain(TITLE);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('main img').count()).toBe(0);

    for (const [action, status] of [
      ['Взять на проверку', 'under_verification'],
      ['Подтвердить', 'verified'],
      ['Опубликовать', 'published'],
    ] as const) {
      await page.getByRole('button', { name: action, exact: true }).click();
      await page.getByRole('textbox', { name: 'Причина' }).fill(`e2e: ${action}`);
      await page.getByRole('button', { name: 'Подтвердить переход' }).click();
      await expect.poll(async () => (await demo.ctx.database.db.selectFrom('incidents').select('status').where('id', '=', id).executeTakeFirst())?.status).toBe(status);
    }

    await page.getByRole('button', { name: 'Қазақша' }).click();
    await page.goto(`${demo.base}/`);
    await page.getByRole('heading', { name: 'Жарияланған оқиғалар' }).waitFor();
    await page.getByLabel('Іздеу').fill(MARK);
    await page.getByRole('button', { name: 'Көрсету', exact: true }).click();
    await expect.poll(() => page.locator('ol.incidents > li').count()).toBe(1);
    await page.locator('ol.incidents a').first().click();
    await page.waitForURL(`**/incidents/${encodeURIComponent(id)}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const publicText = await page.textContent('main');
    expect(publicText).toContain(`Задержаны двое журналистов ${MARK}`);
    expect(publicText).toContain('Aslan Sagutdinov');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await page.context().close();

    // A visitor who is not signed in sees the record without the settlement marked confidential.
    const visitor = await demo.open(`/incidents/${encodeURIComponent(id)}`, { locale: 'kk-KZ' });
    await visitor.getByText(`Задержаны двое журналистов ${MARK}`).first().waitFor();
    expect(await visitor.textContent('main')).not.toContain('Каскелен');
    await visitor.context().close();
  });

  it('edits with the version it read and says so when someone saved in between', async () => {
    const page = await signedIn('/staff/incidents/KZ2020-016/edit');
    await page.getByRole('heading', { name: 'Правка инцидента' }).waitFor();
    // Someone else saves the record after the form was read.
    const other = (await tokenFor(demo.ctx, ['editor'])).headers;
    const current = (await demo.app.inject({ url: '/api/v1/incidents/KZ2020-016', headers: other })).json();
    const saved = await demo.app.inject({ method: 'PUT', url: '/api/v1/incidents/KZ2020-016', headers: other, payload: { version: current.version, incident: { ...current.doc, settlement: 'Другой' } } });
    expect(saved.statusCode, saved.body).toBe(200);
    await page.getByRole('textbox', { name: 'Населённый пункт', exact: true }).fill('Изменено');
    await page.getByRole('button', { name: 'Сохранить изменения' }).click();
    await page.getByText('Пока вы редактировали, этот инцидент сохранил кто-то другой').waitFor();
    expect((await demo.ctx.database.db.selectFrom('incidents').select('settlement').where('id', '=', 'KZ2020-016').executeTakeFirst())?.settlement).toBe('Другой');

    // Reloaded, the form holds the other editor's version, and saving it works.
    await page.reload();
    await page.getByRole('heading', { name: 'Правка инцидента' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Населённый пункт', exact: true }).inputValue()).toBe('Другой');
    await page.getByRole('textbox', { name: 'Населённый пункт', exact: true }).fill('Изменено');
    await page.getByRole('button', { name: 'Сохранить изменения' }).click();
    await page.waitForURL('**/staff/incidents/KZ2020-016');
    const stored = (await demo.app.inject({ url: '/api/v1/incidents/KZ2020-016', headers: other })).json();
    expect(stored.doc.settlement).toBe('Изменено');
    expect(stored.doc.acts).toEqual(current.doc.acts); // the victims kept, not re-created
    await page.context().close();
  });

  async function countTitled(title: string): Promise<number> {
    return (await demo.ctx.database.db.selectFrom('incident_texts').select('incident_id').where('title', '=', title).execute()).length;
  }
});
