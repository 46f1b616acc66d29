import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('jsi serve on a fresh database', () => {
  it('loads the demo data, creates the first administrator, says how to sign in, and serves the API', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jsi-serve-'));
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const child = spawn(process.execPath, ['bin/jsi.js', 'serve'], {
      env: { ...process.env, DATABASE_URL: join(dir, 's.db'), PORT: String(port), HOST: '127.0.0.1' },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    try {
      for (let i = 0; i < 120 && !out.includes('password:'); i++) await new Promise((r) => setTimeout(r, 500));
      expect(out).toContain('loaded the demo data: 65 incidents');
      const password = /password: (\S+)/.exec(out)?.[1];
      expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
      const list = await fetch(`http://127.0.0.1:${port}/api/v1/incidents?year=2020&limit=100`).then((r) => r.json());
      expect(list.items).toHaveLength(65);
      const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@jsi-monitor.local', password }),
      });
      expect(login.status).toBe(200);
      expect((await login.json()).must_change_password).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
  }, 90_000);
});
