import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/audit.js';
import { importFile } from '../../src/exchange/import.js';
import { onEachDatabase } from '../support/databases.js';
import { incidentDoc } from '../support/fixtures.js';

onEachDatabase('the hash-chained audit log', (db) => {
  it('is whole after ordinary work, and names the first entry changed or removed by hand', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jsi-audit-'));
    const file = join(dir, 'a.jsonl');
    writeFileSync(file, [1, 2, 3, 4].map((i) => JSON.stringify(incidentDoc({ id: `AUD-${i}` }))).join('\n'));
    await importFile(db.ctx(), file, { actor: 'test' });
    const d = db.ctx().database.db;
    const whole = await verifyAudit(d);
    expect(whole.broken).toBeUndefined();
    expect(whole.entries).toBeGreaterThanOrEqual(8);

    const rows = await d.selectFrom('history').select(['id', 'actor']).orderBy('id').execute();
    const victim = rows[3]!;
    await d.updateTable('history').set({ actor: 'someone else' }).where('id', '=', victim.id).execute();
    expect((await verifyAudit(d)).broken).toEqual({ id: victim.id, reason: expect.stringContaining('was changed') });
    await d.updateTable('history').set({ actor: victim.actor }).where('id', '=', victim.id).execute();
    expect((await verifyAudit(d)).broken).toBeUndefined();

    const removed = rows[5]!;
    const saved = await d.selectFrom('history').selectAll().where('id', '=', removed.id).executeTakeFirstOrThrow();
    await d.deleteFrom('history').where('id', '=', removed.id).execute();
    expect((await verifyAudit(d)).broken).toEqual({ id: rows[6]!.id, reason: expect.stringContaining('removed') });
    await d.insertInto('history').values(saved).execute();
  });
});

describe('jsi audit verify', () => {
  it('passes on a fresh database and fails, naming the entry, after one row is altered', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jsi-audit-cli-'));
    const env = { ...process.env, DATABASE_URL: join(dir, 'a.db') };
    const jsi = (...args: string[]) => spawnSync(process.execPath, ['bin/jsi.js', ...args], { env, encoding: 'utf8', timeout: 60_000 });
    expect(jsi('seed', 'demo').status).toBe(0);
    const ok = jsi('audit', 'verify');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/audit log intact: \d+ entries/);
    const tamper = spawnSync(process.execPath, ['-e', `const D=require('better-sqlite3');const d=new D(${JSON.stringify(join(dir, 'a.db'))});d.prepare("update history set after='{}' where id=10").run();`], { encoding: 'utf8' });
    expect(tamper.status).toBe(0);
    const broken = jsi('audit', 'verify');
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('audit log BROKEN at entry 10');
  });
});
