import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'jsi-user-'));
const env = { ...process.env, DATABASE_URL: join(dir, 'u.db') };
const jsi = (...args: string[]) => spawnSync(process.execPath, ['bin/jsi.js', ...args], { env, encoding: 'utf8', timeout: 60_000 });

describe('jsi user', () => {
  it('adds, lists, disables and resets the second factor of accounts', () => {
    const added = jsi('user', 'add', 'monitor@example.test', '--name', 'Aigerim', '--roles', 'monitor', '--regions', 'KZ-ALA,KZ-ALM');
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/one-time password \(shown once[^)]*\): [A-Za-z0-9]{20}/);
    expect(jsi('user', 'list').stdout).toMatch(/monitor@example.test\tmonitor\tKZ-ALA,KZ-ALM\tactive\tno 2FA/);
    expect(jsi('user', 'disable', 'monitor@example.test').status).toBe(0);
    expect(jsi('user', 'list').stdout).toContain('disabled');
    expect(jsi('user', 'reset-2fa', 'monitor@example.test').stdout).toContain('removed');
  });

  it('names what is wrong with bad arguments', () => {
    const role = jsi('user', 'add', 'x@example.test', '--name', 'X', '--roles', 'emperor');
    expect(role.status).toBe(1);
    expect(role.stderr).toContain('roles.0');
    expect(jsi('user', 'add', 'x@example.test', '--name', 'X', '--roles', 'monitor', '--regions', 'KZ-MARS').stderr).toContain('unknown region "KZ-MARS"');
    expect(jsi('user', 'disable', 'nobody@example.test').stderr).toContain('user "nobody@example.test" does not exist');
    expect(jsi('user', 'add', 'not-an-email', '--name', 'X', '--roles', 'monitor').stderr).toContain('email');
  });
});
