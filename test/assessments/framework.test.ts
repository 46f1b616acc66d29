import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';
import { defaultFramework, frameworkWithExtraIndicator } from './support.js';

onEachDatabase('JSI framework versions', (db) => {
  let app: FastifyInstance;
  let admin: Record<string, string>;
  let editor: Record<string, string>;

  beforeAll(async () => {
    app = await buildApp(db.ctx());
    admin = (await tokenFor(db.ctx(), ['administrator'])).headers;
    editor = (await tokenFor(db.ctx(), ['editor'])).headers;
  });
  afterAll(() => app?.close());

  const versions = async () => (await app.inject({ url: '/api/v1/frameworks', headers: admin })).json().items as { id: string; element_count: number }[];

  it('loads the shipped framework: 5 categories, 18 indicators, 47 sub-indicators, each labelled in three languages', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/frameworks', headers: admin, payload: defaultFramework() });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ id: 'jsi-national-2015@1', element_count: 70, created: true });
    const one = await app.inject({ url: '/api/v1/frameworks/jsi-national-2015@1', headers: editor });
    const elements = one.json().elements as { id: string; level: string; label: Record<string, string>; inferred: boolean; wording_verified: boolean }[];
    const count = (level: string) => elements.filter((e) => e.level === level).length;
    expect([count('category'), count('indicator'), count('sub_indicator')]).toEqual([5, 18, 47]);
    expect(elements.every((e) => e.label.en && e.label.ru && e.label.kk)).toBe(true);
    expect(elements.find((e) => e.id === 'B.3.iv')).toMatchObject({ level: 'sub_indicator', inferred: false, wording_verified: false });
    // Loading the same file again changes nothing.
    const again = await app.inject({ method: 'POST', url: '/api/v1/frameworks', headers: admin, payload: defaultFramework() });
    expect(again.statusCode).toBe(200);
    expect(again.json().created).toBe(false);
    expect(await versions()).toHaveLength(1);
  });

  it('loads a file with an extra indicator as a new version, and the older assessment keeps its own', async () => {
    const old = await app.inject({ method: 'POST', url: '/api/v1/assessments', headers: editor, payload: { country: 'KZ', year: 2020, framework: 'jsi-national-2015', title: { en: 'Kazakhstan 2020' } } });
    expect(old.statusCode).toBe(201);
    expect(old.json().framework_version_id).toBe('jsi-national-2015@1');

    const res = await app.inject({ method: 'POST', url: '/api/v1/frameworks', headers: admin, payload: frameworkWithExtraIndicator('2') });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ id: 'jsi-national-2015@2', element_count: 71 });

    const newer = await app.inject({ method: 'POST', url: '/api/v1/assessments', headers: editor, payload: { country: 'KZ', year: 2021, framework: 'jsi-national-2015', title: { en: 'Kazakhstan 2021' } } });
    expect(newer.json().framework_version_id).toBe('jsi-national-2015@2');
    expect(newer.json().items.map((i: { element_id: string }) => i.element_id)).toContain('A.3');

    const kept = await app.inject({ url: `/api/v1/assessments/${old.json().id}`, headers: editor });
    expect(kept.json().framework_version_id).toBe('jsi-national-2015@1');
    expect(kept.json().items).toHaveLength(70);
    expect(kept.json().items.map((i: { element_id: string }) => i.element_id)).not.toContain('A.3');
  });

  it('refuses a changed file under a version already loaded', async () => {
    const changed = frameworkWithExtraIndicator('1');
    const res = await app.inject({ method: 'POST', url: '/api/v1/frameworks', headers: admin, payload: changed });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('give the changed file a new version');
  });

  it('refuses a bad file with an error naming the element and the field, and stores nothing', async () => {
    const before = await versions();
    const noKazakh = defaultFramework();
    const b3iv = noKazakh.categories[1]!.children![2]!.children![3]! as { label: Record<string, string> };
    delete b3iv.label.kk;
    const res = await app.inject({ method: 'POST', url: '/api/v1/frameworks', headers: admin, payload: { ...noKazakh, version: '3' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues).toContainEqual(expect.objectContaining({ path: 'categories.1.children.2.children.3.label.kk', message: expect.stringContaining('element "B.3.iv"') }));

    const misplaced = frameworkWithExtraIndicator('4');
    (misplaced.categories[0]!.children as unknown as { id: string }[]).at(-1)!.id = 'B.9';
    const wrong = await app.inject({ method: 'POST', url: '/api/v1/frameworks', headers: admin, payload: misplaced });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toContain('element "B.9": its id must start with its parent\'s, "A."');
    expect(await versions()).toEqual(before);
  });

  it('publishes the file format as JSON Schema', async () => {
    const res = await app.inject({ url: '/api/v1/frameworks/schema.json' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ type: 'object', required: ['id', 'version', 'title', 'categories'] });
  });

  it('lets only administrators load framework versions', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/frameworks', headers: editor, payload: frameworkWithExtraIndicator('5') });
    expect(res.statusCode).toBe(403);
    expect((await app.inject({ url: '/api/v1/frameworks' })).statusCode).toBe(401);
  });
});
