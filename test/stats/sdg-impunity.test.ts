import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { IncidentInput } from '../../src/exchange/interchange.schema.js';
import type { ImpunityResult } from '../../src/stats/impunity.js';
import type { SdgResult } from '../../src/stats/sdg16101.js';
import { tokenFor } from '../support/accounts.js';
import { onEachDatabase } from '../support/databases.js';
import { importDocs, incident, personAct } from './support.js';

/** Acts for SDG 16.10.1: the five violations, the windows' edges, and what must stay out. */
function sdgRecords(): IncidentInput[] {
  const by = (perpetrator_type: string) => ({ perpetrators: [{ perpetrator_type, degree: 'perpetrator' as const }] });
  return [
    // One journalist detained and tortured in one incident: one person, two violations.
    incident('G1', [personAct('liberty.detention.protest', 'journalist', 'G-J1', { gender: 'female' }), personAct('attack.torture', 'journalist', 'G-J1', { gender: 'female' })], { date: '2020-01-01' }),
    incident('G2', [personAct('liberty.custody', 'blogger', 'G-B1', { gender: 'male', ...by('court') })], { date: '2020-12-31', status: 'verified' }),
    incident('G3', [personAct('liberty.detention', 'journalist', 'G-J2')], { date: '2021-01-01' }),
    incident('G4', [personAct('attack.kidnapping', 'human_rights_defender', 'G-H1')], { date: '2019-12-31' }),
    incident('G5', [personAct('liberty.detention', 'civic_activist', 'G-A1')], { date: '2020-06' }),
    incident('G6', [personAct('attack.kidnapping', 'human_rights_defender', 'G-H2', { gender: 'female', ...by('unknown') })], { date: '2020-07-07' }),
    incident('G7', [personAct('attack.disappearance', 'human_rights_defender', 'G-H2', { gender: 'female', ...by('unknown') })], { date: '2020-08-08' }),
    incident('G8', [personAct('liberty.restriction', 'journalist', 'G-J3')], { date: '2020-05-05' }),
    incident('G9', [personAct('attack.physical', 'journalist', 'G-J4')], { date: '2020-05-06' }),
    incident('G10', [personAct('liberty.detention', 'journalist', 'G-J5')], { date: '2020-03-03', status: 'received' }),
    // The same person recorded once as a human rights defender and once as a journalist.
    incident('G11', [personAct('liberty.detention', 'human_rights_defender', 'G-J6')], { date: '2020-04-04' }),
    incident('G12', [personAct('liberty.administrative_arrest', 'journalist', 'G-J6')], { date: '2020-04-05' }),
    // A victim kept confidential, detained and tortured (alone in its year).
    incident('G13', [
      personAct('liberty.detention', 'journalist', 'G-S1', { gender: 'female', confidential_fields: ['victim'] }),
      personAct('attack.torture', 'journalist', 'G-S1', { gender: 'female', confidential_fields: ['victim'] }),
    ], { date: '2018-03-03' }),
  ];
}

onEachDatabase('SDG indicator 16.10.1', (db) => {
  let app: FastifyInstance;
  let editor: Record<string, string>;
  const sdg = async (query: string, headers = editor) => {
    const res = await app.inject({ url: `/api/v1/stats/sdg-16-10-1?${query}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as SdgResult;
  };
  const values = (entries: SdgResult['by_sex']) => Object.fromEntries(entries.map((e) => [e.code, e.value]));
  beforeAll(async () => {
    await importDocs(db.ctx(), sdgRecords());
    app = await buildApp(db.ctx());
    editor = (await tokenFor(db.ctx(), ['editor'])).headers;
  });
  afterAll(() => app.close());

  it('counts each person once across violations and groups, disaggregated', async () => {
    const r = await sdg('from=2020-01-01&to=2020-12-31');
    expect(r.total).toBe(4);
    expect(values(r.by_violation)).toEqual({ killing: 0, kidnapping: 1, enforced_disappearance: 1, arbitrary_detention: 3, torture: 1 });
    expect(values(r.by_group)).toEqual({ journalist: 3, trade_unionist: 0, human_rights_defender: 1 });
    expect(Object.values(values(r.by_group)).reduce((a, b) => a + b)).toBe(r.total);
    expect(values(r.by_sex)).toEqual({ female: 2, male: 1, unknown: 1 });
    expect(values(r.by_perpetrator)).toEqual({ state: 3, non_state: 0, unknown: 1 });
    expect(r.methodology).toMatch(/assumed/);
  });

  it('respects the window boundaries: an incident belongs to the window it began in', async () => {
    expect((await sdg('from=2021-01-01&to=2021-12-31')).total).toBe(1);
    expect((await sdg('from=2020-01-02&to=2021-01-01')).total).toBe(4);
    expect((await sdg('from=2019-12-31&to=2019-12-31')).total).toBe(1);
    expect((await sdg('from=2020-02-29&to=2021-02-28')).total).toBe(4);
  });

  it('shows the public only published records', async () => {
    expect((await sdg('from=2020-01-01&to=2020-12-31', {})).total).toBe(3);
  });

  it("counts a confidential victim for the public without telling who it is or the victim's sex", async () => {
    const staff = await sdg('from=2018-01-01&to=2018-12-31');
    expect(staff.total).toBe(1);
    expect(values(staff.by_sex)).toMatchObject({ female: 1 });
    expect(values(staff.by_sex).unknown ?? 0).toBe(0);
    const pub = await sdg('from=2018-01-01&to=2018-12-31', {});
    // Each act stands for someone the public cannot tell apart from anyone else.
    expect(pub.total).toBe(2);
    expect(values(pub.by_sex).female ?? 0).toBe(0);
    expect(values(pub.by_sex).unknown).toBe(2);
  });

  it('exports the UN SDG database layout as CSV', async () => {
    const res = await app.inject({ url: '/api/v1/stats/sdg-16-10-1?from=2020-01-01&to=2020-12-31&format=csv', headers: editor });
    expect(res.headers['content-type']).toContain('text/csv');
    const [header, total, ...rest] = res.body.replace(/^\uFEFF/, '').trim().split('\n');
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    expect(header).toBe('Goal,Target,Indicator,SeriesCode,SeriesDescription,GeoAreaCode,GeoAreaName,TimePeriod,Value,Time_Detail,Source,FootNote,Nature,Units,Reporting Type,Sex,Type of occupation,Type of violation,Type of perpetrator');
    expect(total).toMatch(/^16,16\.10,16\.10\.1,.*,398,Kazakhstan,2020,4,2020-01-01\/2020-12-31,.*,C,NUMBER,N,BOTHSEX,_T,_T,_T$/);
    expect(rest.find((l) => /,FEMALE,_T,_T,_T$/.test(l))).toContain(',2,2020-01-01/');
    expect(rest.find((l) => /,BOTHSEX,_T,TORTURE,_T$/.test(l))).toContain(',1,2020-01-01/');
  });

  it('refuses a window longer than twelve months, or reversed, naming the parameter', async () => {
    for (const q of ['from=2020-01-01&to=2021-01-01', 'from=2020-05-01&to=2020-04-01', 'from=2020-01-01&to=2020-02-30']) {
      const res = await app.inject({ url: `/api/v1/stats/sdg-16-10-1?${q}` });
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.message).toContain('querystring.to');
    }
    expect((await app.inject({ url: '/api/v1/stats/sdg-16-10-1?to=2020-12-31' })).json().error.message).toContain('querystring.from');
  });
});

/** Crimes against journalists at every stage a case can reach. */
function impunityRecords(): IncidentInput[] {
  const crime = (id: string, date: string, type: string, options: { case?: Record<string, unknown>; instigator?: boolean; group?: string } = {}) => {
    const act = personAct(type, options.group ?? 'journalist', `${id}-P`);
    if (options.instigator) act.perpetrators = [...(act.perpetrators ?? []), { perpetrator_type: 'public_official', degree: 'instigator' }];
    return incident(id, [act], {
      date,
      legal_cases: options.case ? [{ id: `${id}-case`, kind: 'criminal', title: 'Crime against the journalist', against_journalist: false, ...options.case } as never] : [],
    });
  };
  return [
    crime('I1', '2020-02-02', 'attack.physical'),
    crime('I2', '2020-03-03', 'threat.life', { case: { investigation_status: 'refused' } }),
    crime('I3', '2020-04-04', 'attack.physical', { case: { investigation_status: 'opened' } }),
    crime('I4', '2020-05-05', 'attack.physical', { case: { events: [{ date: '2020-05-06', kind: 'complaint' }, { date: '2020-05-10', kind: 'investigation_opened' }, { date: '2020-09-01', kind: 'sent_to_court' }] } }),
    crime('I5', '2020-06-06', 'attack.physical', { instigator: true, case: { investigation_status: 'perpetrators_convicted' } }),
    crime('I6', '2020-07-07', 'killing.attempt', { instigator: true, case: { investigation_status: 'masterminds_identified' } }),
    crime('I7', '2019-08-08', 'attack.physical', { case: { events: [{ date: '2019-12-01', kind: 'decision', instance: 'first', outcome: 'imprisonment' }] } }),
    incident('I8', [personAct('prosecution.criminal', 'journalist', 'I8-P')], { date: '2020-09-09', legal_cases: [{ id: 'I8-case', kind: 'criminal', title: 'Prosecution', against_journalist: true, events: [{ date: '2020-10-01', kind: 'decision', outcome: 'convicted' }] }] }),
    crime('I9', '2020-10-10', 'attack.physical', { group: 'civic_activist' }),
    crime('I10', '2020-11-11', 'threat.life', { group: 'civic_activist', case: { investigation_status: 'refused' } }),
  ];
}

onEachDatabase('impunity for crimes against journalists', (db) => {
  let app: FastifyInstance;
  const impunity = async (query: string) => {
    const res = await app.inject({ url: `/api/v1/stats/impunity?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as ImpunityResult;
  };
  beforeAll(async () => {
    await importDocs(db.ctx(), impunityRecords());
    app = await buildApp(db.ctx());
  });
  afterAll(() => app.close());

  it('follows each crime from the incident to the instigators’ conviction', async () => {
    const r = await impunity('year=2020');
    expect(Object.fromEntries(r.funnel.map((f) => [f.stage, f.value]))).toEqual({
      incident: 7,
      complaint: 6,
      investigation: 4,
      court: 3,
      perpetrators_convicted: 2,
      instigators_convicted: 1,
    });
    expect(Object.fromEntries(r.cases.map((c) => [c.incident_id, c.stage]))).toEqual({
      I1: 'incident',
      I2: 'complaint',
      I3: 'investigation',
      I4: 'court',
      I5: 'perpetrators_convicted',
      I6: 'instigators_convicted',
      I10: 'complaint',
    });
  });

  it("gives each case CPJ's status and a yearly impunity rate", async () => {
    const r = await impunity('year=2020');
    expect(Object.fromEntries(r.statuses.map((s) => [s.status, s.value]))).toEqual({ complete_impunity: 5, partial_justice: 1, full_justice: 1 });
    expect(r.cases.find((c) => c.incident_id === 'I5')!.status).toBe('partial_justice');
    expect(r.cases.find((c) => c.incident_id === 'I6')!.status).toBe('full_justice');
    const all = await impunity('');
    expect(all.by_year).toEqual([
      { year: 2019, incidents: 1, complete_impunity: 0, partial_justice: 0, full_justice: 1, impunity_rate: 0 },
      { year: 2020, incidents: 7, complete_impunity: 5, partial_justice: 1, full_justice: 1, impunity_rate: 0.7143 },
    ]);
  });

  describe('its inputs', () => {
    it('names a bad period', async () => {
      const res = await app.inject({ url: '/api/v1/stats/impunity?from=yesterday' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toContain('querystring.from');
    });
  });
});
