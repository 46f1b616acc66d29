import type { FastifyInstance } from 'fastify';
import { strFromU8, unzipSync } from 'fflate';
import { MARKER, type ReaderModel, type World } from './visibility-model.js';

/**
 * One reader fetches everything it can reach, and every marker in every answer is checked against
 * the model. A leak is a marker (or an id) the reader may not see; a problem is an answer that
 * misses what the reader may see (so the sweep would notice if everything were hidden).
 */

export interface Leak {
  readonly reader: string;
  readonly route: string;
  readonly marker: string;
  readonly what: string;
}

export interface SweepResult {
  readonly leaks: Leak[];
  readonly problems: string[];
}

/** Scans a text for markers the reader may not see; an answer refusing a request may echo what was asked. */
export function scanText(world: World, reader: ReaderModel, route: string, text: string, echoed = ''): Leak[] {
  const leaks: Leak[] = [];
  for (const marker of new Set(text.match(MARKER) ?? [])) {
    if (echoed.includes(marker) || world.mayRead(reader, marker)) continue;
    leaks.push({ reader: reader.name, route, marker, what: world.describe(marker) });
  }
  return leaks;
}

/** Up to n elements spread evenly over the list. */
export function spread<T>(list: readonly T[], n: number): T[] {
  if (list.length <= n) return [...list];
  return Array.from({ length: n }, (_, k) => list[Math.floor((k * list.length) / n)]!);
}

export async function readEverything(
  app: FastifyInstance,
  world: World,
  reader: ReaderModel,
  headers: Record<string, string>,
  options: { assessmentItems?: string[]; thorough?: boolean } = {},
): Promise<SweepResult> {
  const leaks: Leak[] = [];
  const problems: string[] = [];
  const isPublic = reader.roles.length === 0;
  const has = (p: 'read' | 'history' | 'assessments') =>
    p === 'read' ? !isPublic : p === 'history' ? reader.roles.some((r) => r === 'administrator' || r === 'editor') : reader.roles.some((r) => ['administrator', 'editor', 'analyst'].includes(r));
  const get = async (url: string, allowed: number[] = [200]) => {
    const res = await app.inject({ url, headers });
    if (!allowed.includes(res.statusCode)) problems.push(`${url} answered ${res.statusCode} (expected ${allowed.join('/')}): ${res.body.slice(0, 200)}`);
    const text = /format=(csv|xlsx)/.test(url) && res.statusCode === 200 ? Object.values(unzipSync(new Uint8Array(res.rawPayload))).map((p) => strFromU8(p)).join('\n') : res.body;
    leaks.push(...scanText(world, reader, url.replace(/mk\d{6}q/g, '{marker}'), text, res.statusCode >= 400 ? url : ''));
    return { status: res.statusCode, text, json: () => JSON.parse(res.body) };
  };
  const incidents = [...world.incidents.keys()];
  const visible = incidents.filter((id) => world.seesIncident(reader, id));

  // Lists in both views, through every page; each must hold every incident the reader may see.
  for (const view of ['summary', 'full']) {
    const listed = new Set<string>();
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const res = await get(`/api/v1/incidents?limit=100&view=${view}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      for (const item of res.json().items as ({ id: string } | { doc: { id: string } })[]) listed.add('doc' in item ? item.doc.id : item.id);
      cursor = res.json().next_cursor;
      if (!cursor) break;
    }
    const missing = visible.filter((id) => !listed.has(id));
    if (missing.length) problems.push(`${reader.name}: list (${view}) misses ${missing.join(', ')}`);
  }
  // Every incident by id: one the reader may not see does not exist for it (a 200 shows its id, a leak).
  for (const id of incidents) await get(`/api/v1/incidents/${id}`, [world.seesIncident(reader, id) ? 200 : 404]);
  // Facets, search and exports: nothing is found by a hidden value.
  await get('/api/v1/incidents/facets');
  await get('/api/v1/incidents/facets?q=mk');
  await get('/api/v1/incidents?q=mk&view=full&limit=200');
  const hiddenOfVisible = [...world.parts.keys()].filter((m) => {
    const part = world.parts.get(m)!;
    return part.kind === 'incident' && visible.includes(part.id) && !world.mayRead(reader, m);
  });
  for (const marker of spread(hiddenOfVisible, options.thorough ? 12 : 4)) {
    const res = await get(`/api/v1/incidents?q=${marker}`);
    const found = res.json().items as { id: string }[];
    if (found.length) leaks.push({ reader: reader.name, route: 'GET /incidents?q={hidden value}', marker, what: `search by ${world.describe(marker)} finds ${found.map((f) => f.id).join(',')}` });
  }
  for (const format of ['jsonl', 'csv', 'xlsx']) await get(`/api/v1/export?format=${format}`);
  // A filter by a victim hidden from the reader does not tell which incident they are the victim of.
  for (const id of visible) {
    if (world.seesIncidentSecrets(reader, id)) continue;
    for (const act of world.incidents.get(id)!.acts.filter((a) => a.victimHidden)) {
      const [filter, who] = act.person ? ['person', act.person] : ['organisation', act.organisation!];
      const shownElsewhere = world.incidents.get(id)!.acts.some((a) => !a.victimHidden && (a.person === who || a.organisation === who));
      if (shownElsewhere) continue;
      const res = await get(`/api/v1/incidents?${filter}=${who}`);
      if ((res.json().items as { id: string }[]).some((x) => x.id === id)) {
        leaks.push({ reader: reader.name, route: `GET /incidents?${filter}={hidden victim}`, marker: who, what: `the filter finds ${id}, whose victim is hidden` });
      }
    }
  }
  // Statistics: counts, cell filters, SDG, the map.
  await get('/api/v1/stats/query?count=incidents&rows=region&columns=type:1');
  await get('/api/v1/stats/query?count=persons&rows=gender');
  await get('/api/v1/stats/sdg-16-10-1?from=2020-01-01&to=2020-12-31');
  await get('/api/v1/stats/map.json?year=2020');

  // People, organisations and cases: lists, pages, search and likely duplicates by hidden names.
  const status = has('read') ? [200] : [401];
  for (const kind of ['persons', 'organisations', 'legal-cases']) await get(`/api/v1/${kind}?limit=${kind === 'legal-cases' ? 500 : 200}`, status);
  const ids = (k: 'person' | 'organisation' | 'case') => [...world.parts].filter(([m, p]) => p.kind === k && p.id === m).map(([m]) => m);
  const byId: [string, string[], (id: string) => boolean][] = [
    ['persons', ids('person'), (id) => world.mayRead(reader, id)],
    ['organisations', ids('organisation'), (id) => world.seesOrganisation(reader, id)],
    ['legal-cases', ids('case'), (id) => world.seesCase(reader, id)],
  ];
  for (const [kind, all, sees] of byId) {
    // A record the reader may not see answers 404; a 200 would carry its id, which the scan reports.
    const sample = options.thorough ? all : [...spread(all.filter((x) => !sees(x)), 8), ...spread(all.filter(sees), 4)];
    for (const id of sample) await get(`/api/v1/${kind}/${id}`, has('read') ? [sees(id) ? 200 : 404, ...(kind === 'persons' ? [200, 404] : [])] : [401]);
  }
  if (has('read')) {
    const hiddenNames = [...world.parts].filter(([m, p]) => (p.kind === 'person' && p.field === 'name') || (p.kind === 'organisation' && p.id !== m)).map(([m]) => m).filter((m) => !world.mayRead(reader, m));
    for (const marker of spread(hiddenNames, options.thorough ? 10 : 4)) {
      const kind = world.parts.get(marker)!.kind === 'person' ? 'persons' : 'organisations';
      const url = `/api/v1/${kind}?q=${marker}`;
      const found = (await get(url)).json().items as unknown[];
      if (found.length) leaks.push({ reader: reader.name, route: `/api/v1/${kind}?q={hidden name}`, marker, what: `finds ${JSON.stringify(found).slice(0, 120)}` });
      // Likely duplicates match names loosely: whatever they rank is scanned like any answer.
      await get(`/api/v1/${kind}/likely-duplicates?name=${marker}`);
    }
  }
  // History (staff) and assessment items (evidence and its history).
  const history = has('history') ? [200, 404] : isPublic ? [401] : [403];
  for (const id of spread(incidents, options.thorough ? 8 : 3)) await get(`/api/v1/incidents/${id}/history`, history);
  if (has('assessments')) {
    for (const item of options.assessmentItems ?? []) {
      await get(item);
      await get(`${item}/history`);
    }
  }
  return { leaks, problems };
}

/** Leaks grouped by reader and kind of value, with how many values and routes, and one example. */
export function leakTable(leaks: readonly Leak[]): string {
  const groups = new Map<string, { leak: Leak; markers: Set<string>; routes: Set<string> }>();
  for (const l of leaks) {
    const key = `${l.reader}: ${l.what.replace(/mk\d{6}q/g, 'X').replace(/ \(.*\)/, '')}`;
    const g = groups.get(key) ?? { leak: l, markers: new Set<string>(), routes: new Set<string>() };
    g.markers.add(l.marker);
    g.routes.add(l.route);
    groups.set(key, g);
  }
  return [...groups.entries()]
    .map(([key, g]) => `${key}: ${g.markers.size} values on ${g.routes.size} routes, e.g. ${g.leak.marker} in ${g.leak.route} (${g.leak.what})`)
    .join('\n');
}
