import type { IncidentInput } from '../../src/exchange/interchange.schema.js';
import type { AppContext } from '../../src/platform/context.js';
import { incidentDoc } from '../support/fixtures.js';

export { importDocs } from '../support/import-docs.js';

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
