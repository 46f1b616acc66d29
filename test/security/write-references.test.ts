import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';
import { incidentDoc } from '../support/fixtures.js';

/**
 * Every write is also a read: what a write names, the writer must be allowed to see, and a write
 * changes only what the writer may edit. Each case here was an open door before people had owners
 * of their own and references were checked (the write-side property test explores the same rules
 * at random; these pin each door by name).
 */
type Headers = { authorization: string };

onEachDatabase('writes name only what the writer may see, and change only what it may edit', (db) => {
  let app: FastifyInstance;
  let editor: Headers;
  let monitor: Headers;
  let otherMonitor: Headers;
  let lawyer: { headers: Headers; userId: string };
  const SECRET = 'SECRET-contact-7781';
  const HIDDEN_NAME = 'Hidden Name Zhanar';

  const send = (method: 'POST' | 'PUT' | 'GET', url: string, headers: Headers | undefined, payload?: object) =>
    app.inject({ method, url, ...(headers ? { headers } : {}), ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    app = await buildApp(db.ctx());
    editor = (await tokenFor(db.ctx(), ['editor'])).headers;
    monitor = (await tokenFor(db.ctx(), ['monitor'], { regions: ['KZ-ALA'] })).headers;
    otherMonitor = (await tokenFor(db.ctx(), ['monitor'], { regions: ['KZ-ALA'] })).headers;
    lawyer = await tokenFor(db.ctx(), ['lawyer']);
    // A published incident whose victim is hidden, with a contact and a case with a confidential number.
    const hidden = incidentDoc({ id: 'WR-hidden', status: 'published' });
    hidden.acts[0]!.person = { id: 'WR-p-hidden', name: HIDDEN_NAME, contact: SECRET, gender: 'female' };
    hidden.acts[0]!.confidential_fields = ['victim'];
    hidden.legal_cases = [{ id: 'WR-case-other', kind: 'criminal', title: 'Other case', against_journalist: false, case_number: 'SECRET-number-5531', confidential_fields: ['case_number'] }];
    // A published incident naming a person openly, whose contact stays confidential.
    const open = incidentDoc({ id: 'WR-open', status: 'published' });
    open.acts[0]!.person = { id: 'WR-p-open', name: 'Open Name Dauren', contact: SECRET, gender: 'male' };
    for (const doc of [hidden, open]) {
      const created = await send('POST', '/api/v1/incidents', editor, { ...doc, status: 'received' });
      expect(created.statusCode, created.body).toBe(201);
      for (const to of ['under_verification', 'verified', 'published']) {
        expect((await send('POST', `/api/v1/incidents/${doc.id}/transitions`, editor, { to, reason: 'checked' })).statusCode).toBe(200);
      }
    }
  });
  afterAll(() => app.close());

  describe('a monitor', () => {
    it('cannot name a hidden person by id: answered as for a missing one', async () => {
      const doc = incidentDoc({ status: 'received' });
      doc.acts[0]!.person = { id: 'WR-p-hidden' };
      const res = await send('POST', '/api/v1/incidents', monitor, doc);
      const missing = incidentDoc({ status: 'received' });
      missing.acts[0]!.person = { id: 'WR-p-nobody' };
      const none = await send('POST', '/api/v1/incidents', monitor, missing);
      expect(res.statusCode).toBe(400);
      expect(res.body).not.toContain(HIDDEN_NAME);
      expect(res.json().error.message.replace('WR-p-hidden', 'X')).toBe(none.json().error.message.replace('WR-p-nobody', 'X'));
    });

    it('may name a person it can see, and reads no more of that person than before', async () => {
      const doc = incidentDoc({ status: 'received' });
      doc.acts[0]!.person = { id: 'WR-p-open' };
      const res = await send('POST', '/api/v1/incidents', monitor, doc);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().doc.acts[0].person).toMatchObject({ id: 'WR-p-open', name: 'Open Name Dauren' });
      expect(res.body).not.toContain(SECRET);
    });

    it('cannot overwrite a stored person by sending it in full, nor unhide a hidden victim', async () => {
      const doc = incidentDoc({ status: 'received' });
      doc.acts[0]!.person = { id: 'WR-p-open', name: 'Renamed by a monitor', contact: 'none' };
      const res = await send('POST', '/api/v1/incidents', monitor, doc);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.issues[0].path).toBe('acts.0.person');
      const person = await send('GET', '/api/v1/persons/WR-p-open', editor);
      expect(person.json().record).toMatchObject({ name: 'Open Name Dauren', contact: SECRET });
      const put = await send('PUT', '/api/v1/persons/WR-p-open', monitor, { version: person.json().version, record: { name: 'Renamed' } });
      expect(put.statusCode).toBe(403);
    });

    it('corrects a person it recorded while only its own draft names it, and not once the desk has it', async () => {
      const doc = incidentDoc({ status: 'received' });
      doc.acts[0]!.person = { id: 'WR-p-mine', name: 'Mine Typo', gender: 'male' };
      expect((await send('POST', '/api/v1/incidents', monitor, doc)).statusCode).toBe(201);
      const v = (await send('GET', '/api/v1/persons/WR-p-mine', monitor)).json().version;
      const fixed = await send('PUT', '/api/v1/persons/WR-p-mine', monitor, { version: v, record: { name: 'Mine Fixed', gender: 'male' } });
      expect(fixed.statusCode, fixed.body).toBe(200);
      // Another monitor of the region sees the draft and its victim, but the person is not theirs.
      expect((await send('PUT', '/api/v1/persons/WR-p-mine', otherMonitor, { version: v + 1, record: { name: 'Not yours' } })).statusCode).toBe(403);
      await send('POST', `/api/v1/incidents/${doc.id}/transitions`, editor, { to: 'under_verification', reason: 'checking' });
      const late = await send('PUT', '/api/v1/persons/WR-p-mine', monitor, { version: v + 1, record: { name: 'Too late' } });
      expect(late.statusCode).toBe(403);
    });

    it('does not see an incident marked confidential in its own region that someone else recorded', async () => {
      const doc = incidentDoc({ status: 'received', confidential: true, region: 'KZ-ALA' });
      expect((await send('POST', '/api/v1/incidents', editor, doc)).statusCode).toBe(201);
      expect((await send('GET', `/api/v1/incidents/${doc.id}`, monitor)).statusCode).toBe(404);
      const list = await send('GET', '/api/v1/incidents?region=KZ-ALA&limit=200', monitor);
      expect(list.json().items.map((i: { id: string }) => i.id)).not.toContain(doc.id);
    });

    it('cannot attach or change legal cases through an incident', async () => {
      const doc = incidentDoc({ status: 'received' });
      doc.legal_cases = [{ id: 'WR-case-other', kind: 'criminal', title: 'Rewritten', against_journalist: false }];
      const res = await send('POST', '/api/v1/incidents', monitor, doc);
      expect(res.statusCode).toBe(400);
      const kept = await send('GET', '/api/v1/legal-cases/WR-case-other', editor);
      expect(kept.json().record.title).toBe('Other case');
    });
  });

  describe('a lawyer', () => {
    it('gains nothing by opening a case: no assignment, no confidential part', async () => {
      const res = await send('POST', '/api/v1/legal-cases', lawyer.headers, {
        case: { id: 'WR-case-grab', kind: 'criminal', title: 'Grab', against_journalist: false },
        incidents: ['WR-hidden'],
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().assignees).toEqual([]);
      const incident = await send('GET', '/api/v1/incidents/WR-hidden', lawyer.headers);
      expect(incident.body).not.toContain(HIDDEN_NAME);
      expect(incident.body).not.toContain('WR-p-hidden');
      expect(incident.body).not.toContain('SECRET-number-5531');
      const change = await send('PUT', '/api/v1/legal-cases/WR-case-grab', lawyer.headers, {
        case: { id: 'WR-case-grab', kind: 'criminal', title: 'Changed', against_journalist: false },
        incidents: ['WR-hidden'],
        version: 1,
      });
      expect(change.statusCode).toBe(403);
    });

    it('links only incidents it may see, answered as for a missing one', async () => {
      const draft = incidentDoc({ status: 'received' });
      expect((await send('POST', '/api/v1/incidents', editor, draft)).statusCode).toBe(201);
      const res = await send('POST', '/api/v1/legal-cases', lawyer.headers, {
        case: { id: 'WR-case-draft', kind: 'civil', title: 'Draft link', against_journalist: true },
        incidents: [draft.id],
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toBe(`incidents: incident "${draft.id}" does not exist`);
    });

    it('once assigned by an editor, sees its case and the incident, but not another case\'s secrets', async () => {
      const assign = await send('POST', '/api/v1/legal-cases/WR-case-grab/assignees', editor, { user: lawyer.userId });
      expect(assign.statusCode, assign.body).toBe(200);
      const fresh = await tokenFor(db.ctx(), ['lawyer']);
      await send('POST', '/api/v1/legal-cases/WR-case-grab/assignees', editor, { user: fresh.userId });
      const incident = await send('GET', '/api/v1/incidents/WR-hidden', fresh.headers);
      expect(incident.body).toContain(HIDDEN_NAME);
      expect(incident.body).not.toContain('SECRET-number-5531');
    });
  });
});
