// Installs the dependencies when they are missing or older than package-lock.json, so that a
// fresh clone needs only `npm start` or `npm test`. Uses nothing but Node itself.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs;
if (stale) {
  console.log('Installing dependencies (the first time, better-sqlite3 compiles: about a minute)…');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}
