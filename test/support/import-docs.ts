import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { importFile } from '../../src/exchange/import.js';
import type { AppContext } from '../../src/platform/context.js';

/** Imports documents through the real import (a JSON Lines file, validated, written whole), failing the test on any error. */
export async function importDocs(ctx: AppContext, docs: readonly object[]): Promise<void> {
  if (docs.length === 0) return; // an empty file is refused ("no records"); there is nothing to import
  const dir = mkdtempSync(join(tmpdir(), 'jsi-docs-'));
  try {
    const path = join(dir, 'docs.jsonl');
    writeFileSync(path, docs.map((d) => JSON.stringify(d)).join('\n'));
    const report = await importFile(ctx, path, { actor: 'test' });
    expect(report.errors).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
