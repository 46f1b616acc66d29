import type { IncidentInput } from '../../src/exchange/interchange.schema.js';

let counter = 0;

/** A valid incident document with one journalist detained by police; override what a test needs. */
export function incidentDoc(overrides: Partial<IncidentInput> = {}): IncidentInput & { id: string } {
  counter++;
  const id = overrides.id ?? `T-${process.pid}-${counter}`;
  return {
    id,
    status: 'published',
    date: '2020-05-14',
    region: 'KZ-ALA',
    settlement: 'Almaty',
    source_language: 'ru',
    texts: {
      ru: { title: 'Задержание журналиста у акимата', description: 'Корреспондента задержали во время съёмки пикета.' },
      en: { title: 'Journalist detained at the akimat', description: 'A correspondent was detained while filming a picket.', translation: 'draft' },
    },
    context: ['protest'],
    acts: [
      {
        type: 'liberty.detention.protest',
        victim_group: 'journalist',
        person: { id: `P-${id}`, name: `Aigerim Test ${counter}`, gender: 'female' },
        perpetrators: [{ perpetrator_type: 'police', degree: 'perpetrator' }],
      },
    ],
    sources: [{ kind: 'publication', citation: 'A news article', reliability: 'reliable', public: true }],
    ...overrides,
  };
}
