import fc from 'fast-check';
import type { IncidentInput } from '../../src/exchange/interchange.schema.js';
import { type ActModel, type Status, STATUSES, type World } from './visibility-model.js';

/**
 * Random incidents for the security tests: shapes drawn by fast-check, turned into documents with a
 * marker in every value (and as every id), each marker registered in the model with the part it
 * stands in. `buildIncident` registers the incident in the model as created by `createdBy`.
 */

const subset = <T>(values: readonly T[]) => fc.subarray([...values]);

export const actShape = fc.record({
  victim: fc.constantFrom('person' as const, 'organisation' as const),
  hidden: subset(['outcome', 'victim'] as const),
  personHidden: subset(['name', 'contact', 'notes'] as const),
  outlet: fc.boolean(),
  /** Name a person stored before instead of a new one (by id alone), when there is one. */
  reuse: fc.boolean(),
});
export const sourceShape = fc.record({ public: fc.boolean(), hidden: subset(['identity', 'url', 'citation'] as const) });
export const caseShape = fc.record({ hidden: subset(['case_number', 'notes', 'parties'] as const) });
export const incidentShape = fc.record({
  status: fc.constantFrom(...STATUSES),
  confidential: fc.oneof({ arbitrary: fc.constant(false), weight: 2 }, { arbitrary: fc.constant(true), weight: 1 }),
  hidden: subset(['description', 'settlement', 'sources'] as const),
  region: fc.constantFrom('KZ-ALA', 'KZ-KAR', null),
  month: fc.integer({ min: 1, max: 12 }),
  gender: fc.constantFrom('female' as const, 'male' as const),
  acts: fc.array(actShape, { minLength: 1, maxLength: 3 }),
  sources: fc.array(sourceShape, { maxLength: 2 }),
  cases: fc.array(caseShape, { maxLength: 1 }),
});
export type Drawn<A> = A extends fc.Arbitrary<infer T> ? T : never;
export type IncidentShape = Drawn<typeof incidentShape>;
export type ActShape = Drawn<typeof actShape>;

/** The fixed shapes that put every kind of hidden value, in every status, before every reader. */
export function coverageShapes(): IncidentShape[] {
  const act = (victim: 'person' | 'organisation', hidden: ActShape['hidden'], personHidden: ActShape['personHidden']): ActShape => ({ victim, hidden, personHidden, outlet: true, reuse: false });
  return STATUSES.flatMap((status) =>
    (['KZ-ALA', 'KZ-KAR'] as const).flatMap((region) =>
      [false, true].map((confidential) => ({
        status,
        confidential,
        region,
        month: 3,
        gender: 'female' as const,
        hidden: ['description', 'settlement'] as IncidentShape['hidden'],
        acts: [act('person', ['outcome'], ['name', 'contact', 'notes']), act('person', ['victim'], ['contact']), act('organisation', ['victim'], []), act('person', [], ['contact'])],
        sources: [{ public: true, hidden: ['identity', 'url'] as const }, { public: false, hidden: [] }].map((s) => ({ ...s, hidden: [...s.hidden] })),
        cases: [{ hidden: ['case_number', 'notes', 'parties'] as const }].map((c) => ({ hidden: [...c.hidden] })),
      })),
    ),
  );
}

/**
 * A document for a shape; every value carries a marker. `createdBy` is who the model records as
 * its author (null for imports). People of `reuse` acts are named by id alone when one is stored.
 */
export function buildIncident(world: World, shape: IncidentShape, createdBy: string | null, options: { withCases?: boolean } = {}): IncidentInput & { id: string } {
  const id = world.markerOf({ kind: 'incident', id: '', confidential: false });
  world.parts.set(id, { kind: 'incident', id, confidential: false });
  const open = () => world.markerOf({ kind: 'incident', id, confidential: false });
  const secret = () => world.markerOf({ kind: 'incident', id, confidential: true });
  const hidden = new Set<string>(shape.hidden);
  const acts: ActModel[] = [];
  const docActs = shape.acts.map((a) => {
    const victimHidden = a.hidden.includes('victim');
    const common = {
      outcome: `Outcome ${a.hidden.includes('outcome') ? secret() : open()}`,
      perpetrators: [{ perpetrator_type: 'police', name: `Officer ${open()}`, degree: 'perpetrator' as const }],
      confidential_fields: [...a.hidden],
    };
    if (a.victim === 'organisation') {
      const org = newOrganisation(world, createdBy);
      acts.push({ organisation: org.id, victimHidden });
      return { ...common, type: 'media.blocking', victim_group: 'media_outlet', organisation: org };
    }
    const stored = [...world.persons.keys()];
    if (a.reuse && stored.length > 0) {
      const personId = stored[(stored.length * 7 + acts.length) % stored.length]!;
      acts.push({ person: personId, victimHidden });
      return { ...common, type: 'liberty.detention.protest', victim_group: 'journalist', person: { id: personId } };
    }
    const person = newPerson(world, createdBy, new Set(a.personHidden), a.outlet, shape.gender);
    acts.push({ person: person.id, victimHidden });
    return { ...common, type: 'liberty.detention.protest', victim_group: 'journalist', person };
  });
  const sources = shape.sources.map((s) => {
    const whole = hidden.has('sources') || !s.public;
    const field = (f: string) => (whole || s.hidden.includes(f as never) ? secret() : open());
    return {
      kind: 'publication' as const,
      citation: `Cited ${field('citation')}`,
      url: `https://example.org/${field('url')}`,
      reliability: 'reliable' as const,
      public: s.public,
      identity: `Informant ${secret()}`,
      confidential_fields: [...s.hidden],
    };
  });
  const legal_cases = options.withCases === false ? [] : shape.cases.map((c) => newCase(world, c.hidden, new Set([id])));
  world.incidents.set(id, { status: shape.status, confidential: shape.confidential, region: shape.region, createdBy, acts });
  return {
    id,
    status: shape.status,
    date: `2020-${String(shape.month).padStart(2, '0')}-14`,
    region: shape.region,
    settlement: `Town ${hidden.has('settlement') ? secret() : open()}`,
    source_language: 'ru',
    texts: {
      ru: { title: `Title ${open()}`, description: `Described ${hidden.has('description') ? secret() : open()}` },
      en: { title: `Title ${open()}`, description: `Described ${hidden.has('description') ? secret() : open()}` },
    },
    context: ['protest'],
    confidential: shape.confidential,
    confidential_fields: [...shape.hidden],
    acts: docActs,
    sources,
    legal_cases,
  };
}

export function newOrganisation(world: World, createdBy: string | null) {
  const id = world.markerOf({ kind: 'organisation', id: '' });
  world.parts.set(id, { kind: 'organisation', id });
  world.organisations.set(id, { createdBy });
  return { id, name: `Outlet ${world.markerOf({ kind: 'organisation', id })}`, kind: 'media_outlet' };
}

export function newPerson(world: World, createdBy: string | null, hidden: Set<string>, outlet: boolean, gender: 'female' | 'male' = 'female') {
  const id = world.markerOf({ kind: 'person', id: '', field: 'id' });
  world.parts.set(id, { kind: 'person', id, field: 'id' });
  const org = outlet ? newOrganisation(world, createdBy) : undefined;
  world.persons.set(id, { createdBy, hidden, outlet: org?.id });
  return {
    id,
    name: `Name ${world.markerOf({ kind: 'person', id, field: 'name' })}`,
    gender,
    birth_year: 1985,
    contact: `+7 ${world.markerOf({ kind: 'person', id, field: 'contact' })}`,
    notes: `Noted ${world.markerOf({ kind: 'person', id, field: 'notes' })}`,
    outlet: org,
    confidential_fields: [...hidden] as ('name' | 'contact' | 'notes')[],
  };
}

export function newCase(world: World, hidden: readonly string[], incidents: Set<string>) {
  const id = world.markerOf({ kind: 'case', id: '', confidential: false });
  world.parts.set(id, { kind: 'case', id, confidential: false });
  world.cases.set(id, { incidents, assignees: new Set() });
  const field = (f: string) => world.markerOf({ kind: 'case', id, confidential: hidden.includes(f) });
  return {
    id,
    kind: 'criminal' as const,
    title: `Case ${field('title')}`,
    court: `Court ${field('court')}`,
    against_journalist: true,
    case_number: `No ${field('case_number')}`,
    notes: `Case noted ${field('notes')}`,
    parties: [{ name: `Party ${field('parties')}`, role: 'defendant' as const }],
    charges: [{ article: 'KZ-CC-274.4.2' }],
    events: [{ date: '2020-06', kind: 'investigation_opened' as const, detail: `Event ${field('detail')}` }],
    confidential_fields: [...hidden] as ('case_number' | 'notes' | 'parties')[],
  };
}

export type Doc = ReturnType<typeof buildIncident>;
export type { Status };
