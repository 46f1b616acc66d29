import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { IncidentInput } from '../../src/exchange/interchange.schema.js';
import { importFile } from '../../src/exchange/import.js';
import type { AppContext } from '../../src/platform/context.js';
import { incidentDoc } from '../support/fixtures.js';

/** Imports documents through the real import (validated, written whole), failing the test on any error. */
export async function importDocs(ctx: AppContext, docs: readonly IncidentInput[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'jsi-stats-'));
  try {
    const path = join(dir, 'docs.jsonl');
    writeFileSync(path, docs.map((d) => JSON.stringify(d)).join('\n'));
    const report = await importFile(ctx, path, { actor: 'test' });
    expect(report.errors).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Act = IncidentInput['acts'][number];

/** An act against a person (given by id, created with the first act that names them). */
export function personAct(type: string, group: string, personId: string, extra: Partial<Act> & { gender?: 'female' | 'male' } = {}): Act {
  const { gender, ...rest } = extra;
  return {
    type,
    victim_group: group,
    person: { id: personId, name: `Person ${personId}`, gender: gender ?? null },
    perpetrators: [{ perpetrator_type: 'police', degree: 'perpetrator' }],
    ...rest,
  };
}

/** An incident with the given acts; everything else as the shared fixture has it. */
export function incident(id: string, acts: Act[], overrides: Partial<IncidentInput> = {}): IncidentInput {
  return incidentDoc({ id, acts, context: [], ...overrides });
}
