import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { buildIncident, type Doc, type Drawn, incidentShape, newCase, newPerson } from './corpus.js';
import type { Account } from './harness.js';
import { type Leak, scanText } from './read-everything.js';
import { isStaff, mayChangePerson, type Status, type World } from './visibility-model.js';

/**
 * The writes of the write-side property: every write the API offers, drawn at random with random
 * actors and targets. Each write is decided by the model first (may this actor do it?); the server's
 * answer must agree (a write the rules forbid must not be accepted), its answer is scanned like any
 * read, and the model follows only the writes that were lawfully accepted.
 */

export const WRITES = ['create', 'update', 'createPerson', 'updatePerson', 'createCase', 'replaceCase', 'assign', 'mergeIncidents', 'mergePersons', 'claim', 'transition', 'cite', 'replay', 'token'] as const;
export type WriteKind = (typeof WRITES)[number];

export const writeArb = fc.record({
  kind: fc.constantFrom(...WRITES),
  actor: fc.nat(),
  a: fc.nat(),
  b: fc.nat(),
  shape: incidentShape,
});
export type Write = Drawn<typeof writeArb>;

export interface Actors {
  readonly editor: Account;
  readonly monitorAla: Account;
  readonly monitorKar: Account;
  readonly lawyer: Account;
  readonly otherLawyer: Account;
  readonly analyst: Account;
  readonly grantedAnalyst: Account;
  readonly partner: Account;
  /** A token of an editor-and-partner account that carries only the partner role. */
  readonly narrowToken: Account;
}

export interface WriteState {
  readonly world: World;
  readonly app: FastifyInstance;
  readonly actors: Actors;
  /** Full documents of the people the test stored, to send them again in full. */
  readonly personDocs: Map<string, ReturnType<typeof newPerson>>;
  readonly caseDocs: Map<string, ReturnType<typeof newCase>>;
  readonly keys: { key: string; body: Doc; actor: Account }[];
  /** Readers added by writes (a new token of a narrow token). */
  readonly extraReaders: Account[];
  readonly assessmentItem: string;
}

export interface WriteOutcome {
  readonly leaks: Leak[];
  readonly violations: string[];
}

const pick = <T>(list: readonly T[], n: number): T | undefined => (list.length ? list[n % list.length] : undefined);
const ok = (status: number) => status >= 200 && status < 300;

export async function perform(s: WriteState, w: Write): Promise<WriteOutcome> {
  const { world, actors } = s;
  const incidents = [...world.incidents.keys()];
  const persons = [...world.persons.keys()];
  const cases = [...world.cases.keys()];
  let apply: () => void = () => undefined;
  let actor: Account;
  let allowed: boolean;
  let request: { method: 'POST' | 'PUT'; url: string; payload?: object; headers?: Record<string, string> };

  const sees = (a: Account, id: string) => world.seesIncident(a.model, id);
  const read = async (a: Account, url: string) => {
    const res = await s.app.inject({ url, headers: a.headers });
    return res.statusCode === 200 ? res.json() : undefined;
  };

  switch (w.kind) {
    case 'create': {
      actor = pick([actors.monitorAla, actors.monitorKar, actors.editor], w.actor)!;
      const region = (actor.model.regions[0] ?? w.shape.region) as typeof w.shape.region;
      const doc = buildIncident(world, { ...w.shape, region, status: 'received', acts: w.shape.acts.map((x) => ({ ...x, reuse: false })), cases: [] }, actor.model.userId);
      allowed = true;
      // The first act may name a stored person by id alone, or send it in full with its confidential fields cleared.
      const named = pick(persons.filter((p) => !doc.acts.some((x) => x.person?.id === p)), w.a);
      const mode = w.b % 3;
      if (named && mode > 0 && doc.acts[0]!.person) {
        const full = s.personDocs.get(named);
        if (mode === 1 || !full) {
          doc.acts[0]!.person = { id: named };
          allowed = isStaff(actor.model) || world.seesPerson(actor.model, named);
        } else {
          doc.acts[0]!.person = { ...full, confidential_fields: [] };
          allowed = mayChangePerson(world, actor.model, 'person', named);
        }
        world.incidents.get(doc.id)!.acts[0] = { person: named, victimHidden: doc.acts[0]!.confidential_fields!.includes('victim') };
        if (allowed && mode === 2) apply = () => (world.persons.get(named)!.hidden = new Set());
      }
      const key = w.a % 3 === 0 ? `key-${doc.id}` : undefined;
      if (key) s.keys.push({ key, body: doc, actor });
      request = { method: 'POST', url: '/api/v1/incidents', payload: doc, headers: key ? { 'idempotency-key': key } : {} };
      const res = await send(s, actor, request);
      const outcome = judge(actor, w.kind, allowed, res, request);
      if (!ok(res.status) && !res.replayed) world.incidents.delete(doc.id);
      else if (allowed) apply();
      outcome.leaks.push(...scanText(world, actor.model, `${w.kind} answer`, res.body, ok(res.status) ? '' : JSON.stringify(request)));
      return outcome;
    }
    case 'replay': {
      const entry = pick(s.keys, w.a);
      if (!entry) return { leaks: [], violations: [] };
      actor = pick([actors.monitorAla, actors.monitorKar, actors.editor], w.actor)!;
      request = { method: 'POST', url: '/api/v1/incidents', payload: entry.body, headers: { 'idempotency-key': entry.key } };
      // Replaying returns the first incident: it must be cut to the one who replays (or refused).
      allowed = actor === entry.actor || world.seesIncident(actor.model, entry.body.id);
      break;
    }
    case 'update': {
      actor = pick([actors.monitorAla, actors.monitorKar, actors.editor, actors.lawyer], w.actor)!;
      const id = pick(incidents, w.a)!;
      const current = await read(actor, `/api/v1/incidents/${id}`);
      const i = world.incidents.get(id)!;
      const may = isStaff(actor.model) || (actor.model.roles.includes('monitor') && i.createdBy === actor.model.userId && i.status === 'received' && actor.model.regions.includes(i.region ?? ''));
      if (!current) return { leaks: [], violations: [] };
      const doc = { ...current.doc, texts: { ...current.doc.texts, ru: { ...current.doc.texts.ru, title: `Title ${world.markerOf({ kind: 'incident', id, confidential: false })}` } } };
      delete doc.merged_into;
      allowed = may && i.status !== 'merged';
      request = { method: 'PUT', url: `/api/v1/incidents/${id}`, payload: { version: current.version, incident: doc } };
      break;
    }
    case 'createPerson': {
      actor = pick([actors.monitorAla, actors.editor, actors.partner], w.actor)!;
      const person = newPerson(world, actor.model.userId, new Set(['name', 'notes']), w.b % 2 === 0);
      s.personDocs.set(person.id, person);
      allowed = actor.model.roles.some((r) => ['monitor', 'editor', 'administrator'].includes(r));
      request = { method: 'POST', url: '/api/v1/persons', payload: person };
      const res = await send(s, actor, request);
      const outcome = judge(actor, w.kind, allowed, res, request);
      if (!ok(res.status)) world.persons.delete(person.id);
      outcome.leaks.push(...scanText(world, actor.model, `${w.kind} answer`, res.body, ok(res.status) ? '' : JSON.stringify(request)));
      return outcome;
    }
    case 'updatePerson': {
      actor = pick([actors.monitorAla, actors.monitorKar, actors.editor], w.actor)!;
      const id = pick(persons, w.a)!;
      const full = s.personDocs.get(id);
      if (!full) return { leaks: [], violations: [] };
      const version = (await read(actor, `/api/v1/persons/${id}`))?.version ?? 1;
      allowed = mayChangePerson(world, actor.model, 'person', id);
      request = { method: 'PUT', url: `/api/v1/persons/${id}`, payload: { version, record: { ...full, confidential_fields: [] } } };
      apply = () => (world.persons.get(id)!.hidden = new Set());
      break;
    }
    case 'createCase': {
      actor = pick([actors.lawyer, actors.otherLawyer, actors.editor, actors.monitorAla], w.actor)!;
      const linked = [...new Set([pick(incidents, w.a)!, pick(incidents, w.b)!])];
      allowed = actor.model.roles.some((r) => ['lawyer', 'editor', 'administrator'].includes(r)) && linked.every((id) => sees(actor, id));
      const doc = newCase(world, ['case_number', 'notes', 'parties'], new Set(linked));
      s.caseDocs.set(doc.id, doc);
      request = { method: 'POST', url: '/api/v1/legal-cases', payload: { case: doc, incidents: linked } };
      const res = await send(s, actor, request);
      const outcome = judge(actor, w.kind, allowed, res, request);
      if (!ok(res.status)) world.cases.delete(doc.id);
      outcome.leaks.push(...scanText(world, actor.model, `${w.kind} answer`, res.body, ok(res.status) ? '' : JSON.stringify(request)));
      return outcome;
    }
    case 'replaceCase': {
      actor = pick([actors.lawyer, actors.otherLawyer, actors.editor], w.actor)!;
      const id = pick(cases, w.a)!;
      const c = world.cases.get(id)!;
      const current = await read(actor, `/api/v1/legal-cases/${id}`);
      const doc = s.caseDocs.get(id);
      if (!current || !doc) return { leaks: [], violations: [] };
      allowed = isStaff(actor.model) || (actor.model.userId !== null && c.assignees.has(actor.model.userId));
      const extra = pick(incidents.filter((x) => sees(actor, x)), w.b);
      const links = [...new Set([...(current.incidents as string[]), ...(extra ? [extra] : [])])];
      request = { method: 'PUT', url: `/api/v1/legal-cases/${id}`, payload: { version: current.version, case: doc, incidents: links } };
      // Links to incidents the writer cannot see stay as they are.
      apply = () => {
        for (const x of [...c.incidents]) if (sees(actor, x) && !links.includes(x)) c.incidents.delete(x);
        for (const x of links) c.incidents.add(x);
      };
      break;
    }
    case 'assign': {
      actor = actors.editor;
      const id = pick(cases, w.a);
      if (!id) return { leaks: [], violations: [] };
      const lawyer = w.b % 2 ? actors.lawyer : actors.otherLawyer;
      allowed = true;
      request = { method: 'POST', url: `/api/v1/legal-cases/${id}/assignees`, payload: { user: lawyer.model.userId } };
      apply = () => world.cases.get(id)!.assignees.add(lawyer.model.userId!);
      break;
    }
    case 'mergeIncidents': {
      actor = pick([actors.editor, actors.monitorAla], w.actor)!;
      const live = incidents.filter((x) => world.incidents.get(x)!.status !== 'merged');
      const [from, into] = [pick(live, w.a), pick(live, w.b)];
      if (!from || !into || from === into) return { leaks: [], violations: [] };
      allowed = isStaff(actor.model);
      request = { method: 'POST', url: `/api/v1/incidents/${from}/merge`, payload: { into, reason: 'the same event' } };
      apply = () => {
        world.incidents.get(from)!.status = 'merged';
        for (const c of world.cases.values()) if (c.incidents.has(from)) c.incidents.add(into);
      };
      break;
    }
    case 'mergePersons': {
      actor = actors.editor;
      const [from, into] = [pick(persons, w.a), pick(persons, w.b)];
      if (!from || !into || from === into) return { leaks: [], violations: [] };
      allowed = true;
      request = { method: 'POST', url: `/api/v1/persons/${from}/merge`, payload: { into, reason: 'the same person' } };
      apply = () => {
        for (const i of world.incidents.values()) for (const act of i.acts) if (act.person === from) act.person = into;
      };
      break;
    }
    case 'claim': {
      actor = pick([actors.editor, actors.monitorAla], w.actor)!;
      const id = pick(incidents, w.a)!;
      allowed = isStaff(actor.model);
      request = { method: 'POST', url: `/api/v1/incidents/${id}/claim` };
      break;
    }
    case 'transition': {
      actor = actors.editor;
      const id = pick(incidents, w.a)!;
      const next: Record<Status, Status | undefined> = { received: 'under_verification', under_verification: 'verified', verified: 'published', published: 'verified', merged: undefined };
      const to = next[world.incidents.get(id)!.status];
      if (!to) return { leaks: [], violations: [] };
      allowed = true;
      request = { method: 'POST', url: `/api/v1/incidents/${id}/transitions`, payload: { to, reason: 'checked' } };
      apply = () => (world.incidents.get(id)!.status = to);
      break;
    }
    case 'cite': {
      actor = pick([actors.analyst, actors.grantedAnalyst, actors.editor], w.actor)!;
      const id = pick(incidents, w.a)!;
      allowed = sees(actor, id);
      request = { method: 'POST', url: `${s.assessmentItem}/evidence`, payload: { kind: 'incident', ref: id } };
      break;
    }
    case 'token': {
      actor = actors.narrowToken;
      allowed = true;
      request = { method: 'POST', url: '/api/v1/auth/tokens', payload: { name: `t${w.a}` } };
      const res = await send(s, actor, request);
      // Whatever the new token is, it reads as the narrow token's holder may.
      if (ok(res.status)) s.extraReaders.push({ model: { ...actor.model, name: `${actor.model.name}, token it created` }, headers: { authorization: `Bearer ${JSON.parse(res.body).token}` } });
      return judge(actor, w.kind, allowed, res, request);
    }
  }
  const res = await send(s, actor, request);
  const outcome = judge(actor, w.kind, allowed, res, request);
  if (allowed && ok(res.status)) apply();
  outcome.leaks.push(...scanText(world, actor.model, `${w.kind} answer`, res.body, ok(res.status) ? '' : JSON.stringify(request)));
  return outcome;
}

async function send(s: WriteState, actor: Account, r: { method: 'POST' | 'PUT'; url: string; payload?: object; headers?: Record<string, string> }) {
  const res = await s.app.inject({ method: r.method, url: r.url, headers: { ...actor.headers, ...r.headers }, ...(r.payload ? { payload: r.payload } : {}) });
  return { status: res.statusCode, body: res.body, replayed: res.headers['idempotent-replayed'] === 'true' };
}

/** A write the rules forbid must not be accepted. */
function judge(actor: Account, kind: WriteKind, allowed: boolean, res: { status: number; body: string }, r: { url: string }): WriteOutcome {
  const violations = !allowed && ok(res.status) ? [`${actor.model.name}: ${kind} ${r.url} was accepted (${res.status}) though the rules forbid it: ${res.body.slice(0, 160)}`] : [];
  return { leaks: [], violations };
}
