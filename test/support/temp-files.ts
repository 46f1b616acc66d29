import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private folder for a test file's inputs: `file` writes one under a fresh name and returns its path. */
export function tempFiles(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let n = 0;
  const file = (name: string, content: string | Uint8Array) => {
    const path = join(dir, `${++n}-${name}`);
    writeFileSync(path, content);
    return path;
  };
  return { dir, file };
}

/** Documents as JSON Lines. */
export const jsonl = (docs: object[]) => docs.map((d) => JSON.stringify(d)).join('\n');
