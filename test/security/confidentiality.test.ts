import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { importFile } from '../../src/exchange/import.js';
import type { IncidentInput } from '../../src/exchange/interchange.schema.js';
import { tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';

/**
 * Property-style check that nothing confidential leaves the server. A seeded sample of random
 * incidents (statuses, the `confidential` flag, confidential fields of every record kind, contacts,
 * sources' identities, non-public sources, legal cases) is imported; every value carries a marker:
 *
 * - `sec…` markers stand in values that no reader of this test may ever see (a field named in
 *   confidential_fields, a contact, a source's identity, a non-public source, a hidden victim);
 * - `pub…` markers stand in values that may be shown, but only to a reader who may see the
 *   incident they belong to (a record that is not published, or confidential, is hidden whole).
 *
 * Each reader then fetches everything it can reach, and no response may carry a marker, or an
 * incident id, hidden from it. None of the readers here sees confidential parts: imported records
 * have no creator, and no reader has the `confidential` grant, is a lawyer or works in their region.
 */

const SEED = 0x15a2020;
const RANDOM_INCIDENTS = 40;

type Status = 'received' | 'under_verification' | 'verified' | 'published';
const STATUSES: readonly Status[] = ['received', 'under_verification', 'verified', 'published'];

// ---------------------------------------------------------------------------------------------
// The random corpus: shapes from fast-check, then documents with a marker in every value.

const subset = <T>(values: readonly T[]) => fc.subarray([...values]);

const actShape = fc.record({
  victim: fc.constantFrom('person' as const, 'organisation' as const),
  hidden: subset(['outcome', 'victim'] as const),
  personHidden: subset(['name', 'contact', 'notes', 'birth_year'] as const),
  contact: fc.boolean(),
  notes: fc.boolean(),
  outcome: fc.boolean(),
  outlet: fc.boolean(),
  perpetratorName: fc.boolean(),
});
const sourceShape = fc.record({
  public: fc.boolean(),
  hidden: subset(['identity', 'url', 'citation'] as const),
  url: fc.boolean(),
  identity: fc.boolean(),
});
const caseShape = fc.record({
  hidden: subset(['case_number', 'notes', 'parties'] as const),
  number: fc.boolean(),
  notes: fc.boolean(),
  parties: fc.boolean(),
});
const incidentShape = fc.record({
  status: fc.constantFrom(...STATUSES),
  confidential: fc.oneof({ arbitrary: fc.constant(false), weight: 2 }, { arbitrary: fc.constant(true), weight: 1 }),
  hidden: subset(['description', 'settlement', 'sources'] as const),
  region: fc.constantFrom('KZ-ALA', 'KZ-KAR', null),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
  languages: subset(['en', 'kk'] as const),
  acts: fc.array(actShape, { minLength: 1, maxLength: 3 }),
  sources: fc.array(sourceShape, { maxLength: 3 }),
  cases: fc.array(caseShape, { maxLength: 2 }),
  tag: fc.stringMatching(/^[a-z0-9]{4}$/),
});

type Shape = ReturnType<typeof sampleShapes>[number];

function sampleShapes() {
  return fc.sample(incidentShape, { seed: SEED, numRuns: RANDOM_INCIDENTS });
}

/** A shape that hides everything it can, so each reader meets every kind of hidden field. */
function everythingHidden(status: Status, tag: string): Shape {
  const act = { contact: true, notes: true, outcome: true, outlet: true, perpetratorName: true };
  return {
    status,
    confidential: false,
    hidden: ['description', 'settlement', 'sources'],
    region: 'KZ-ALA',
    month: 3,
    day: 7,
    languages: ['en'],
    acts: [
      { ...act, victim: 'person', hidden: ['outcome'], personHidden: ['name', 'contact', 'notes', 'birth_year'] },
      { ...act, victim: 'person', hidden: ['victim', 'outcome'], personHidden: [] },
      { ...act, victim: 'organisation', hidden: ['victim'], personHidden: [] },
      { ...act, victim: 'organisation', hidden: [], personHidden: [] },
    ],
    sources: [{ public: true, hidden: ['url', 'citation'], url: true, identity: true }],
    cases: [{ hidden: ['case_number', 'notes', 'parties'], number: true, notes: true, parties: true }],
    tag,
  };
}

/** A shape that hides only what is always hidden (contacts, identities, a non-public source). */
function fieldsOpen(status: Status, tag: string): Shape {
  const shape = everythingHidden(status, tag);
  return {
    ...shape,
    region: 'KZ-KAR',
    hidden: [],
    acts: shape.acts.map((a) => ({ ...a, hidden: [], personHidden: [] })),
    sources: [
      { public: true, hidden: [], url: true, identity: true },
      { public: false, hidden: [], url: true, identity: true },
    ],
    cases: [{ hidden: [], number: true, notes: true, parties: true }],
  };
}

interface MarkerInfo {
  readonly incident: string;
  readonly path: string;
  /** Why no reader of this test may see the value; null: shown to whoever may see the incident. */
  readonly secret: string | null;
}

interface IncidentInfo {
  readonly id: string;
  readonly status: Status;
  readonly confidential: boolean;
  readonly titles: string[];
  /** Person and organisation ids of acts whose victim is confidential, with the filter that finds them. */
  readonly hiddenVictims: { filter: 'person' | 'organisation'; id: string }[];
}

interface Corpus {
  readonly docs: (IncidentInput & { id: string })[];
  readonly markers: Map<string, MarkerInfo>;
  readonly incidents: Map<string, IncidentInfo>;
}

const MARKER = /(?:sec|pub)\d{5}x[a-z0-9]{4}/g;
const INCIDENT_ID = /INC\d{4}Z/g;

function buildCorpus(): Corpus {
  const markers = new Map<string, MarkerInfo>();
  const incidents = new Map<string, IncidentInfo>();
  let counter = 0;
  const shapes: Shape[] = [
    ...STATUSES.flatMap((s, i) => [everythingHidden(s, `h${i}aa`), fieldsOpen(s, `o${i}bb`), { ...fieldsOpen(s, `c${i}cc`), confidential: true }]),
    ...sampleShapes(),
  ];
  const docs = shapes.map((shape, index) => {
    const id = `INC${String(index).padStart(4, '0')}Z`;
    const mark = (path: string, secret: string | null) => {
      const m = `${secret ? 'sec' : 'pub'}${String(counter++).padStart(5, '0')}x${shape.tag}`;
      markers.set(m, { incident: id, path, secret });
      return m;
    };
    const hidden = new Set<string>(shape.hidden);
    const listed = (field: string, where: string) => (hidden.has(field) ? `${field} listed in the ${where}'s confidential_fields` : null);
    const titles: string[] = [];
    const texts = Object.fromEntries(
      (['ru', ...shape.languages] as const).map((lang) => {
        const title = mark(`texts.${lang}.title`, null);
        titles.push(title);
        return [lang, { title: `Title ${title}`, description: `Described ${mark(`texts.${lang}.description`, listed('description', 'incident'))}` }];
      }),
    );
    const hiddenVictims: IncidentInfo['hiddenVictims'] = [];
    const acts = shape.acts.map((a, i) => {
      const victimHidden = a.hidden.includes('victim') ? "victim listed in the act's confidential_fields" : null;
      const personHidden = new Set<string>(a.personHidden);
      const p = `acts.${i}`;
      const common = {
        outcome: a.outcome ? `Outcome ${mark(`${p}.outcome`, a.hidden.includes('outcome') ? "outcome listed in the act's confidential_fields" : null)}` : undefined,
        perpetrators: [{ perpetrator_type: 'police', name: a.perpetratorName ? `Officer ${mark(`${p}.perpetrators.0.name`, null)}` : undefined, degree: 'perpetrator' as const }],
        confidential_fields: [...a.hidden],
      };
      if (a.victim === 'organisation') {
        const orgId = mark(`${p}.organisation.id`, victimHidden);
        if (victimHidden) hiddenVictims.push({ filter: 'organisation', id: orgId });
        return {
          ...common,
          type: 'media.blocking',
          victim_group: 'media_outlet',
          organisation: { id: orgId, name: `Org ${mark(`${p}.organisation.name`, victimHidden)}`, kind: 'media_outlet' },
        };
      }
      const personId = mark(`${p}.person.id`, victimHidden ?? (personHidden.has("name") ? "a confidential name: the person appears under an alias" : null));
      const outletId = a.outlet ? mark(`${p}.person.outlet.id`, victimHidden) : undefined;
      if (victimHidden) {
        hiddenVictims.push({ filter: 'person', id: personId });
        if (outletId) hiddenVictims.push({ filter: 'organisation', id: outletId });
      }
      const personField = (field: string) => victimHidden ?? (personHidden.has(field) ? `${field} listed in the person's confidential_fields` : null);
      return {
        ...common,
        type: 'liberty.detention.protest',
        victim_group: 'journalist',
        person: {
          id: personId,
          name: `Name ${mark(`${p}.person.name`, personField('name'))}`,
          gender: 'female' as const,
          birth_year: 1985,
          contact: a.contact ? `+7 ${mark(`${p}.person.contact`, 'a person\'s contact is always confidential')}` : undefined,
          notes: a.notes ? `Noted ${mark(`${p}.person.notes`, personField('notes'))}` : undefined,
          outlet: outletId ? { id: outletId, name: `Outlet ${mark(`${p}.person.outlet.name`, victimHidden)}`, kind: 'media_outlet' } : undefined,
          confidential_fields: [...a.personHidden],
        },
      };
    });
    const sources = shape.sources.map((s, k) => {
      const p = `sources.${k}`;
      const whole = listed('sources', 'incident') ?? (s.public ? null : 'the source is not public');
      const field = (f: 'url' | 'citation') => whole ?? (s.hidden.includes(f) ? `${f} listed in the source's confidential_fields` : null);
      return {
        kind: 'publication' as const,
        citation: `Cited ${mark(`${p}.citation`, field('citation'))}`,
        url: s.url ? `https://example.org/${mark(`${p}.url`, field('url'))}` : undefined,
        reliability: 'reliable' as const,
        public: s.public,
        identity: s.identity ? `Informant ${mark(`${p}.identity`, "a source's identity is always confidential")}` : undefined,
        confidential_fields: [...s.hidden],
      };
    });
    const legal_cases = shape.cases.map((c, k) => {
      const p = `legal_cases.${k}`;
      const field = (f: string) => (c.hidden.includes(f as never) ? `${f} listed in the legal case's confidential_fields` : null);
      return {
        id: mark(`${p}.id`, null),
        kind: 'criminal' as const,
        title: `Case ${mark(`${p}.title`, null)}`,
        court: `Court ${mark(`${p}.court`, null)}`,
        against_journalist: true,
        case_number: c.number ? `No ${mark(`${p}.case_number`, field('case_number'))}` : undefined,
        notes: c.notes ? `Case noted ${mark(`${p}.notes`, field('notes'))}` : undefined,
        parties: c.parties ? [{ name: `Party ${mark(`${p}.parties.0.name`, field('parties'))}`, role: 'defendant' as const }] : [],
        charges: [{ article: 'KZ-CC-274.4.2' }],
        events: [{ date: '2020-06', kind: 'investigation_opened' as const, detail: `Event ${mark(`${p}.events.0.detail`, null)}` }],
        confidential_fields: [...c.hidden],
      };
    });
    incidents.set(id, { id, status: shape.status, confidential: shape.confidential, titles, hiddenVictims });
    const doc: IncidentInput & { id: string } = {
      id,
      status: shape.status,
      date: `2020-${String(shape.month).padStart(2, '0')}-${String(shape.day).padStart(2, '0')}`,
      region: shape.region,
      settlement: `Town ${mark('settlement', listed('settlement', 'incident'))}`,
      source_language: 'ru',
      texts,
      context: ['protest'],
      confidential: shape.confidential,
      confidential_fields: [...shape.hidden],
      acts,
      sources,
      legal_cases,
    };
    return doc;
  });
  return { docs, markers, incidents };
}

const corpus = buildCorpus();

// ---------------------------------------------------------------------------------------------
// Readers and what each may see.

interface ReaderSpec {
  readonly name: string;
  readonly roles: string[];
  readonly regions?: string[];
  /** Statuses of the (non-confidential) incidents this reader may see. */
  readonly statuses: readonly Status[];
}

const READERS: readonly ReaderSpec[] = [
  { name: 'public', roles: [], statuses: ['published'] },
  { name: 'partner', roles: ['partner'], statuses: ['verified', 'published'] },
  { name: 'analyst (no confidential grant)', roles: ['analyst'], statuses: ['verified', 'published'] },
  { name: 'monitor of KZ-AST', roles: ['monitor'], regions: ['KZ-AST'], statuses: ['published'] },
];

const visibleTo = (reader: ReaderSpec, i: IncidentInfo) => !i.confidential && reader.statuses.includes(i.status);
/**
 * Why the reader may not see a marker (or an incident id), or null if it may: `why` is the rule
 * (a confidential field, or a record the reader may not see), `detail` the record's state.
 */
function hiddenBecause(reader: ReaderSpec, token: string): { why: string; detail?: string; incident: string; field: string } | null {
  const m = corpus.markers.get(token);
  const incident = corpus.incidents.get(m?.incident ?? token);
  if (!incident) return null;
  const field = m?.path ?? 'incident id';
  if (m?.secret) return { why: m.secret, incident: incident.id, field };
  if (visibleTo(reader, incident)) return null;
  return { why: `belongs to an incident ${reader.name} may not see`, detail: incident.confidential ? 'confidential' : incident.status, incident: incident.id, field };
}

interface Leak {
  readonly route: string;
  readonly url: string;
  readonly field: string;
  readonly why: string;
  /** The state of the record, for leaks of records the reader may not see. */
  readonly detail?: string;
  readonly example: string;
}

const fieldPattern = (field: string) => field.replace(/\.\d+(?=\.|$)/g, '.*');

/** Leaks grouped by route, field and rule, with a count, the records' states and one example. */
function leakTable(leaks: readonly Leak[]): string {
  const groups = new Map<string, { leak: Leak; count: number; details: Set<string> }>();
  for (const l of leaks) {
    const key = `${l.route}\u0000${fieldPattern(l.field)}\u0000${l.why}`;
    const g = groups.get(key) ?? { leak: l, count: 0, details: new Set<string>() };
    g.count++;
    if (l.detail) g.details.add(l.detail);
    groups.set(key, g);
  }
  const head = ['route', 'field', 'count', 'why it must stay hidden', 'example'];
  const rows = [...groups.values()].map(({ leak, count, details }) => [
    leak.route,
    fieldPattern(leak.field),
    String(count),
    details.size ? `${leak.why} (${[...details].sort().join(', ')})` : leak.why,
    `${leak.example.slice(0, 70)} in ${leak.url}`,
  ]);
  rows.sort((a, b) => a[0]!.localeCompare(b[0]!) || a[1]!.localeCompare(b[1]!) || a[3]!.localeCompare(b[3]!));
  const widths = head.map((h, i) => Math.min(100, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const fmt = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('-+-'), ...rows.map(fmt)].join('\n');
}

/** Up to n elements spread evenly over the list (deterministic). */
function spread<T>(list: readonly T[], n: number): T[] {
  if (list.length <= n) return [...list];
  return Array.from({ length: n }, (_, k) => list[Math.floor((k * list.length) / n)]!);
}

// ---------------------------------------------------------------------------------------------

onEachDatabase('confidential data and hidden records never reach a reader who may not see them', (db) => {
  let app: FastifyInstance;
  let dir: string;
  const headersOf = new Map<string, Record<string, string>>();

  beforeAll(async () => {
    const ctx = db.ctx();
    dir = mkdtempSync(join(tmpdir(), 'jsi-conf-'));
    const file = join(dir, 'corpus.jsonl');
    writeFileSync(file, corpus.docs.map((d) => JSON.stringify(d)).join('\n'));
    const report = await importFile(ctx, file, { actor: 'test' });
    expect(report.errors).toEqual([]);
    expect(report.created).toBe(corpus.docs.length);
    // The public is rate limited per address; every request of this test comes from one.
    app = await buildApp({ ...ctx, config: { ...ctx.config, publicRateLimit: 1_000_000 } });
    for (const reader of READERS) {
      headersOf.set(reader.name, reader.roles.length ? (await tokenFor(ctx, reader.roles, { regions: reader.regions ?? [] })).headers : {});
    }
  });
  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('samples a corpus that puts every kind of hidden value in front of every reader', () => {
    for (const reader of READERS) {
      const visible = [...corpus.incidents.values()].filter((i) => visibleTo(reader, i));
      const invisible = [...corpus.incidents.values()].filter((i) => !visibleTo(reader, i));
      expect(visible.length, reader.name).toBeGreaterThanOrEqual(3);
      expect(invisible.some((i) => i.confidential && reader.statuses.includes(i.status)), reader.name).toBe(true);
      const secretPaths = new Set(
        [...corpus.markers.values()].filter((m) => m.secret && visibleTo(reader, corpus.incidents.get(m.incident)!)).map((m) => fieldPattern(m.path)),
      );
      for (const p of ['texts.ru.description', 'settlement', 'acts.*.outcome', 'acts.*.person.name', 'acts.*.person.contact', 'acts.*.person.notes', 'acts.*.person.id', 'acts.*.organisation.name', 'sources.*.identity', 'sources.*.citation', 'sources.*.url', 'legal_cases.*.case_number', 'legal_cases.*.notes', 'legal_cases.*.parties.*.name']) {
        expect(secretPaths, `${reader.name}: ${p}`).toContain(p);
      }
    }
  });

  for (const reader of READERS) {
    it(`${reader.name}: no hidden value and no hidden record in any answer`, async () => {
      const headers = headersOf.get(reader.name)!;
      const leaks: Leak[] = [];
      /** Not leaks, but signs that the test does not see what it should (every visible incident). */
      const problems: string[] = [];
      const all = [...corpus.incidents.values()];
      const visible = all.filter((i) => visibleTo(reader, i));
      const visibleIds = new Set(visible.map((i) => i.id));
      const isPublic = reader.roles.length === 0;

      const get = async (url: string) => {
        const res = await app.inject({ url, headers });
        return { status: res.statusCode, body: res.body, raw: res.rawPayload, json: () => res.json() };
      };
      /** Every marker and incident id in a text that the reader may not see; a refusal may echo what was asked. */
      const scan = (route: string, url: string, text: string, echoes = false) => {
        for (const token of new Set([...(text.match(MARKER) ?? []), ...(text.match(INCIDENT_ID) ?? [])])) {
          if (echoes && url.includes(token)) continue;
          const hidden = hiddenBecause(reader, token);
          if (hidden) leaks.push({ route, url, field: hidden.field, why: hidden.why, detail: hidden.detail, example: `${token} (${hidden.incident})` });
        }
      };
      const fetchScan = async (route: string, url: string, expected: number[] = [200]) => {
        const res = await get(url);
        if (!expected.includes(res.status)) leaks.push({ route, url, field: '(status)', why: `answered ${res.status}, expected ${expected.join(' or ')}`, example: res.body });
        scan(route, url, res.body, res.status >= 400);
        return res;
      };
      const mustFindNothing = (route: string, url: string, items: unknown[], field: string, why: string) => {
        if (items.length > 0) leaks.push({ route, url, field, why, example: JSON.stringify(items) });
      };

      // Lists, both views and both orders, through every page.
      for (const query of ['', 'view=full', 'sort=date', 'view=full&sort=date']) {
        const route = `GET /api/v1/incidents?${query || 'view=summary'}`;
        const seen: string[] = [];
        let cursor: string | null = null;
        for (let page = 0; page < 100; page++) {
          const url = `/api/v1/incidents?limit=7${query ? `&${query}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
          const res = await fetchScan(route, url);
          const body = res.json() as { items: ({ id: string; status: string } | { doc: { id: string; status: string } })[]; next_cursor: string | null };
          for (const entry of body.items) {
            const item = 'doc' in entry ? entry.doc : entry;
            seen.push(item.id);
            if (!reader.statuses.includes(item.status as Status)) leaks.push({ route, url, field: 'status', why: `a ${item.status} incident listed to ${reader.name}`, example: item.id });
          }
          cursor = body.next_cursor;
          if (!cursor) break;
        }
        const missing = [...visibleIds].filter((id) => !seen.includes(id));
        if (missing.length) problems.push(`${route} does not list ${missing.join(', ')}`);
      }

      // Every incident by id: the ones it may not see do not exist for it.
      for (const i of all) {
        await fetchScan('GET /api/v1/incidents/{id}', `/api/v1/incidents/${i.id}`, [visibleIds.has(i.id) ? 200 : 404]);
      }

      // Facets count only what the reader may see, and a search for hidden values counts nothing.
      const facets = await fetchScan('GET /api/v1/incidents/facets', '/api/v1/incidents/facets');
      const statusCounts = Object.fromEntries((facets.json().facets.status as { value: string; count: number }[]).map((f) => [f.value, f.count]));
      const expectedCounts: Record<string, number> = {};
      for (const i of visible) expectedCounts[i.status] = (expectedCounts[i.status] ?? 0) + 1;
      if (JSON.stringify(Object.entries(statusCounts).sort()) !== JSON.stringify(Object.entries(expectedCounts).sort())) {
        leaks.push({ route: 'GET /api/v1/incidents/facets', url: '/api/v1/incidents/facets', field: 'facets.status', why: `counts ${JSON.stringify(statusCounts)}, may count only ${JSON.stringify(expectedCounts)}`, example: '' });
      }
      const secFacets = await fetchScan('GET /api/v1/incidents/facets?q=', '/api/v1/incidents/facets?q=sec');
      const counted = Object.values(secFacets.json().facets as Record<string, unknown[]>).flat();
      mustFindNothing('GET /api/v1/incidents/facets?q=', '/api/v1/incidents/facets?q=sec', counted, 'q=sec (prefix of every hidden value)', 'facets count incidents by a hidden value');

      // Free-text search: a prefix of every hidden value, then each hidden value of what it sees.
      for (const view of ['summary', 'full']) {
        const url = `/api/v1/incidents?q=sec&view=${view}&limit=200`;
        const res = await fetchScan('GET /api/v1/incidents?q=', url);
        mustFindNothing('GET /api/v1/incidents?q=', url, res.json().items, 'q=sec (prefix of every hidden value)', 'the search index holds a hidden value');
      }
      for (const [marker, info] of corpus.markers) {
        if (!info.secret || !visibleIds.has(info.incident)) continue;
        const url = `/api/v1/incidents?q=${marker}`;
        const res = await fetchScan('GET /api/v1/incidents?q=', url);
        mustFindNothing('GET /api/v1/incidents?q=', url, res.json().items, info.path, `search matches a hidden value (${info.secret})`);
      }
      // Filtering by a hidden victim must not tell which incident they are the victim of.
      for (const i of visible) {
        for (const v of i.hiddenVictims) {
          const url = `/api/v1/incidents?${v.filter}=${encodeURIComponent(v.id)}`;
          const route = `GET /api/v1/incidents?${v.filter}=`;
          const res = await fetchScan(route, url);
          const found = (res.json().items as { id: string }[]).filter((x) => x.id === i.id);
          mustFindNothing(route, url, found, `acts.*.${v.filter === 'person' ? 'person' : 'organisation or outlet'} id`, "the filter finds the incident of a victim listed in the act's confidential_fields");
        }
      }

      // Exports in every format, whole and searched; the tabular ones are ZIPs whose every part is read.
      for (const format of ['jsonl', 'csv', 'xlsx'] as const) {
        for (const q of ['', '&q=sec']) {
          const url = `/api/v1/export?format=${format}${q}`;
          const route = `GET /api/v1/export?format=${format}`;
          const res = await get(url);
          expect(res.status, url).toBe(200);
          const text = format === 'jsonl' ? res.body : Object.values(unzipSync(new Uint8Array(res.raw))).map((part) => strFromU8(part)).join('\n');
          scan(route, url, text);
          const ids = new Set(text.match(INCIDENT_ID) ?? []);
          if (q) mustFindNothing(route, url, [...ids], 'q=sec (prefix of every hidden value)', 'the export selects incidents by a hidden value');
          else {
            const missing = [...visibleIds].filter((id) => !ids.has(id));
            if (missing.length) problems.push(`${url} does not hold ${missing.join(', ')}`);
          }
        }
      }

      // People and legal cases: listed whole, then a sample by id, chosen among the records the
      // reader may not see and the hidden victims of what it sees. The public may not ask at all.
      const records = { persons: [] as string[], organisations: [] as string[], 'legal-cases': [] as string[] };
      const names = { persons: [] as string[], organisations: [] as string[] };
      for (const [marker, info] of corpus.markers) {
        if (/^acts\.\d+\.person\.id$/.test(info.path)) records.persons.push(marker);
        if (/^acts\.\d+\.(organisation|person\.outlet)\.id$/.test(info.path)) records.organisations.push(marker);
        if (/^legal_cases\.\d+\.id$/.test(info.path)) records['legal-cases'].push(marker);
        if (/^acts\.\d+\.person\.name$/.test(info.path)) names.persons.push(marker);
        if (/^acts\.\d+\.(organisation|person\.outlet)\.name$/.test(info.path)) names.organisations.push(marker);
      }
      const refusedOrOk = isPublic ? [401] : [200];
      for (const [kind, ids] of Object.entries(records)) {
        const route = `GET /api/v1/${kind}`;
        await fetchScan(route, `/api/v1/${kind}?limit=${kind === 'legal-cases' ? 500 : 200}`, refusedOrOk);
        const hidden = ids.filter((id) => hiddenBecause(reader, id));
        const shown = ids.filter((id) => !hiddenBecause(reader, id));
        for (const id of [...spread(hidden, isPublic ? 2 : 10), ...spread(shown, isPublic ? 1 : 4)]) {
          await fetchScan(`${route}/{id}`, `/api/v1/${kind}/${id}`, isPublic ? [401] : [200, 404]);
        }
      }
      // Searching people by a name hidden from the reader must find no one.
      if (!isPublic) {
        for (const [kind, markers] of Object.entries(names)) {
          for (const marker of spread(markers.filter((m) => hiddenBecause(reader, m)), 10)) {
            const hidden = hiddenBecause(reader, marker)!;
            const url = `/api/v1/${kind}?q=${marker}`;
            const res = await get(url);
            const items = res.json().items as unknown[];
            if (items.length > 0) {
              leaks.push({ route: `GET /api/v1/${kind}?q=`, url, field: hidden.field, why: 'a search by the hidden name finds the record', detail: hidden.detail ? `incident ${hidden.detail}` : hidden.why, example: JSON.stringify(items) });
            }
          }
        }
      }

      // History is for staff only.
      const refused = isPublic ? [401] : [403];
      for (const id of spread(all.map((x) => x.id), 6)) await fetchScan('GET /api/v1/incidents/{id}/history', `/api/v1/incidents/${id}/history`, refused);
      for (const [kind, ids] of Object.entries(records)) {
        for (const id of spread(ids, 4)) await fetchScan(`GET /api/v1/${kind}/{id}/history`, `/api/v1/${kind}/${id}/history`, refused);
      }

      expect(problems, `${reader.name}: answers that miss incidents it may see`).toEqual([]);
      expect(leaks.length, `${reader.name} was shown ${leaks.length} hidden values or records:\n${leakTable(leaks)}\n`).toBe(0);
    });

    it(`${reader.name}: sees what it may (so the test would notice if everything were hidden)`, async () => {
      const headers = headersOf.get(reader.name)!;
      const visible = [...corpus.incidents.values()].filter((i) => visibleTo(reader, i));
      const missing: string[] = [];
      const list = (await app.inject({ url: '/api/v1/incidents?limit=200', headers })).body;
      const jsonl = (await app.inject({ url: '/api/v1/export?format=jsonl', headers })).body;
      const xlsx = await app.inject({ url: '/api/v1/export?format=xlsx', headers });
      const xlsxText = Object.values(unzipSync(new Uint8Array(xlsx.rawPayload))).map((p) => strFromU8(p)).join('\n');
      for (const i of visible) {
        for (const [where, text] of [['list', list], ['jsonl export', jsonl], ['xlsx export', xlsxText]] as const) {
          for (const t of i.titles) if (!text.includes(t)) missing.push(`${where}: title ${t} of ${i.id}`);
        }
        // The whole incident shows every value that is not hidden.
        const body = (await app.inject({ url: `/api/v1/incidents/${i.id}`, headers })).body;
        for (const [marker, info] of corpus.markers) {
          if (info.incident === i.id && !info.secret && !body.includes(marker)) missing.push(`GET /api/v1/incidents/${i.id}: ${info.path} (${marker})`);
        }
      }
      // A shown title is found by search.
      for (const i of visible.slice(0, 5)) {
        const found = (await app.inject({ url: `/api/v1/incidents?q=${i.titles[0]}`, headers })).json().items.map((x: { id: string }) => x.id);
        if (!found.includes(i.id)) missing.push(`search for ${i.titles[0]} does not find ${i.id}`);
      }
      expect(missing, `${reader.name} does not see values it may see`).toEqual([]);
    });
  }
});
