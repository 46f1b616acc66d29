import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { getAssessment, getItem } from '../../src/assessments/assessment.service.js';
import { DEMO_ASSESSMENT_FILE, loadDemoAssessment } from '../../src/assessments/demo.js';
import { assessmentOverview } from '../../src/assessments/overview.service.js';
import { listSnapshots } from '../../src/assessments/snapshot.service.js';
import { loadDemo } from '../../src/cli/database.command.js';
import { operatorReader } from '../../src/platform/reader.js';
import { onEachDatabase } from '../support/databases.js';

const FIXTURE = fileURLToPath(new URL('./demo-fixture.json', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'jsi-asm-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

onEachDatabase('the demo assessment', (db) => {
  const reader = operatorReader('test');

  it('loads the 2020 Kazakhstan assessment with the demo data: approved items and a snapshot of the 65 incidents', async () => {
    const ctx = db.ctx();
    await loadDemo(ctx);
    const demo = JSON.parse(readFileSync(DEMO_ASSESSMENT_FILE, 'utf8'));
    const [summary] = await ctx.database.db.selectFrom('assessments').select('id').where('country', '=', 'KZ').where('year', '=', 2020).execute();
    const a = await getAssessment(ctx, summary!.id);
    expect(a.framework_version_id).toBe('jsi-national-2015@1');
    expect(a.texts.executive_summary).toEqual(demo.texts.executive_summary);
    const overview = await assessmentOverview(ctx, a.id);
    expect(overview.by_status.find((s) => s.status === 'approved')!.count).toBe(demo.items.length);
    const snapshots = await listSnapshots(ctx, a.id);
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]!.record_count).toBe(65);

    const first = demo.items[0];
    const item = await getItem(ctx, a.id, first.element, reader);
    expect(item.judgement).toBe(first.judgement ?? null);
    expect(item.findings.find((f) => f.lang === first.original_language)).toMatchObject({ text: first.findings[first.original_language], translation: 'original' });

    // Again: nothing changes.
    await loadDemo(ctx);
    expect(await listSnapshots(ctx, a.id)).toHaveLength(1);
  });

  it('loads a small fixture, stats tables cited from its own snapshot', async () => {
    const ctx = db.ctx();
    const r = await loadDemoAssessment(ctx, FIXTURE);
    expect(r).toMatchObject({ created: true, items: 1 });
    const item = await getItem(ctx, r.id, 'A.1', reader);
    expect(item).toMatchObject({ status: 'approved', judgement: 'partly_met', original_language: 'ru', seed_lines: [246] });
    const [snapshot] = await listSnapshots(ctx, r.id);
    expect(item.evidence.map((e) => e.kind)).toEqual(['stats_table', 'dataset']);
    expect(item.evidence[0]).toMatchObject({ ref: 'threats-by-gender', snapshot_id: snapshot!.id });
    expect(item.comments).toMatchObject([{ author: 'Fixture Reviewer' }]);
  });

  it('refuses a bad file naming the item and field, and writes nothing', async () => {
    const ctx = db.ctx();
    const bad = JSON.parse(readFileSync(FIXTURE, 'utf8'));
    bad.year = 2018;
    bad.items[0].element = 'Z.9';
    bad.items[0].findings.en = 'Text with <script>alert(1)</script>';
    const file = join(dir, `bad-${ctx.database.dialect}.json`);
    writeFileSync(file, JSON.stringify(bad));
    await expect(loadDemoAssessment(ctx, file)).rejects.toThrow(/items\.0\.element: "Z\.9" is not an element.*items\.0\.findings\.en: raw HTML is not allowed/);
    expect(await ctx.database.db.selectFrom('assessments').select('id').where('year', '=', 2018).execute()).toEqual([]);
  });
});
