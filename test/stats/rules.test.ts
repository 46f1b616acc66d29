import { describe, expect, it } from 'vitest';
import { incidentDateColumns } from '../../src/incidents/dates.js';
import { backfillPeriods } from '../../src/platform/db/migrations/0003_stats_periods.js';
import { loadProfile } from '../../src/reference/profile.js';
import { filterQueryString, mergeFilters, partAsFilter } from '../../src/stats/cell-filter.js';
import { tableDefinitionSchema } from '../../src/stats/definition.schema.js';
import { checkDefinition, loadTableDefinitions } from '../../src/stats/definitions.js';
import { isAdditive } from '../../src/stats/dimensions.js';
import { articleHierarchy, typeHierarchy } from '../../src/stats/hierarchy.js';
import { monthsIn, periodOf, previousYearFilter, regionsValidIn } from '../../src/stats/period.js';
import { checkWindow } from '../../src/stats/sdg16101.js';
import { onEachDatabase } from '../support/databases.js';
import { importDocs, incident, personAct } from './support.js';

const profile = loadProfile('kz');

describe('periods', () => {
  it('come from a year, from from/to, or from both at once', () => {
    expect(periodOf({ year: 2020 })).toEqual({ from: '2020-01-01', to: '2020-12-31' });
    expect(periodOf({ from: '2020-03', to: '2020-05' })).toEqual({ from: '2020-03-01', to: '2020-05-31' });
    expect(periodOf({ year: 2020, from: '2019-11' })).toEqual({ from: '2020-01-01', to: '2020-12-31' });
    expect(periodOf({})).toBeNull();
  });
  it('move a year back for a comparison', () => {
    expect(previousYearFilter({ year: 2020 })).toEqual({ year: 2019 });
    expect(previousYearFilter({ from: '2020-02-29', to: '2021-02' })).toEqual({ from: '2019-02-28', to: '2020-02' });
    expect(previousYearFilter({})).toBeUndefined();
  });
  it('list their months and the regions that existed in them', () => {
    expect(monthsIn({ from: '2020-11-15', to: '2021-02-01' })).toEqual(['2020-11', '2020-12', '2021-01', '2021-02']);
    expect(regionsValidIn(profile.regions, periodOf({ year: 2020 })).length).toBe(17);
    expect(regionsValidIn(profile.regions, periodOf({ year: 2024 })).length).toBe(20);
    // 2022 had both layouts: the old one until 7 June, the new one after.
    expect(regionsValidIn(profile.regions, periodOf({ year: 2022 })).length).toBe(37);
  });
  it('stores the month and quarter an incident began in', () => {
    expect(incidentDateColumns('2020-05-14', null)).toMatchObject({ month: '2020-05', quarter: '2020-Q2' });
    expect(incidentDateColumns('2020-12', '2021-03')).toMatchObject({ month: '2020-12', quarter: '2020-Q4' });
    expect(incidentDateColumns('2020', null)).toMatchObject({ month: null, quarter: null, year: 2020 });
  });
});

describe('SDG windows', () => {
  it('are at most twelve months, in order, of real days', () => {
    expect(checkWindow('2020-01-01', '2020-12-31')).toEqual({ from: '2020-01-01', to: '2020-12-31' });
    expect(checkWindow('2020-07-01', '2021-06-30')).toBeTruthy();
    expect(() => checkWindow('2020-07-01', '2021-07-01')).toThrow(/to: the window is longer than twelve months/);
    expect(() => checkWindow('2020-07-01', '2020-06-30')).toThrow(/to: the window ends before it starts/);
    expect(() => checkWindow('2021-02-29', '2021-03-01')).toThrow(/from: expected a day/);
  });
});

describe('hierarchies of codes', () => {
  it('roll act types up to a level and expand a code to everything below it', () => {
    const types = typeHierarchy(profile);
    expect(types.atLevel('liberty.detention.protest', 1)).toBe('liberty');
    expect(types.atLevel('liberty.detention.protest', 2)).toBe('liberty.detention');
    expect(types.atLevel('liberty', 3)).toBe('liberty');
    expect(types.descendants('liberty.detention').sort()).toEqual(['liberty.detention', 'liberty.detention.personalised', 'liberty.detention.protest']);
  });
  it('place an article under its part, article and code book', () => {
    const articles = articleHierarchy(profile);
    expect(articles.atLevel('KZ-CC-274.4.2', 1)).toBe('KZ-CC');
    expect(articles.atLevel('KZ-CC-274.4.2', 2)).toBe('KZ-CC-274');
    expect(articles.descendants('KZ-CC-274')).toEqual(expect.arrayContaining(['KZ-CC-274', 'KZ-CC-274.4', 'KZ-CC-274.4.2']));
  });
});

describe('cell filters', () => {
  it('narrow each other, keeping the narrower of nested codes', () => {
    expect(mergeFilters({ type: ['liberty'] }, { type: ['liberty.custody', 'attack'] }).filter.type).toEqual(['liberty.custody']);
    expect(mergeFilters({ victim_group: ['blogger', 'journalist'] }, { victim_group: ['journalist'] }).filter.victim_group).toEqual(['journalist']);
    expect(mergeFilters({ year: 2020 }, { year: 2019 }).empty).toBe(true);
    expect(mergeFilters({ from: '2020-01' }, { from: '2020-03-05' }).filter.from).toBe('2020-03-05');
  });
  it('write the incident list query string, a quarter as its months', () => {
    expect(filterQueryString({ year: 2020, type: ['a', 'b'], status: ['verified', 'published'] })).toBe('year=2020&type=a,b&status=verified,published');
    expect(partAsFilter({ period: ['2020-Q2'] })).toEqual({ from: '2020-04', to: '2020-06' });
    expect(filterQueryString({ q: 'a&b' })).toBe('q=a%26b');
  });
});

describe('table definitions', () => {
  it('all load and fit the country profile', () => {
    const tables = loadTableDefinitions(profile);
    expect(tables.size).toBeGreaterThanOrEqual(12);
    for (const t of tables.values()) {
      expect(t.methodology.en).toMatch(/seed line/);
      for (const lang of ['ru', 'kk'] as const) expect(t.methodology[lang].length).toBeGreaterThan(t.methodology.en.length / 3);
    }
  });
  it('are refused when they name a code the profile does not have', () => {
    const def = tableDefinitionSchema.parse({
      id: 'broken',
      version: '1',
      title: { en: 'x', ru: 'x', kk: 'x' },
      methodology: { en: 'x', ru: 'x', kk: 'x' },
      count: 'acts',
      rows: [{ dimension: 'type', categories: [{ code: 'c', labels: { en: 'x', ru: 'x', kk: 'x' }, values: ['no.such.type'] }] }],
    });
    expect(() => checkDefinition(def, profile, 'broken.json')).toThrow(/broken.json: type category "c": unknown type code\(s\) "no.such.type"/);
    expect(() => checkDefinition({ ...def, rows: [{ dimension: 'gender', level: 2, other: true, none: true }] }, profile, 'b.json')).toThrow(/gender has no levels/);
    expect(() => checkDefinition({ ...def, filters: { colour: 'red' } }, profile, 'c.json')).toThrow(/c.json: filters/);
  });
  it('know when counts add up', () => {
    expect(isAdditive('acts', ['region', 'victim_group', 'gender'])).toBe(true);
    expect(isAdditive('acts', ['perpetrator_type'])).toBe(false);
    expect(isAdditive('incidents', ['type'])).toBe(false);
    expect(isAdditive('persons', ['gender'])).toBe(true);
  });
});

onEachDatabase('migration 0003: stored month and quarter', (db) => {
  it('fills them for older rows exactly as the writer does', async () => {
    const dates = ['2020', '2020-03', '2020-04-30', '2020-09-01', '2020-10', '2021-12-31'];
    await importDocs(db.ctx(), dates.map((date, i) => incident(`MIG-${i}`, [personAct('attack.physical', 'journalist', `MIG-P${i}`)], { date })));
    const k = db.ctx().database.db;
    const written = await k.selectFrom('incidents').select(['id', 'date', 'month', 'quarter']).where('id', 'like', 'MIG-%').orderBy('id').execute();
    await k.updateTable('incidents').set({ month: null, quarter: null }).where('id', 'like', 'MIG-%').execute();
    await backfillPeriods(k);
    const filled = await k.selectFrom('incidents').select(['id', 'date', 'month', 'quarter']).where('id', 'like', 'MIG-%').orderBy('id').execute();
    expect(filled).toEqual(written);
    for (const r of filled) expect({ month: r.month, quarter: r.quarter }).toEqual({ month: incidentDateColumns(r.date, null).month, quarter: incidentDateColumns(r.date, null).quarter });
  });
});
