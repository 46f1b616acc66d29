import { describe, expect, it } from 'vitest';
import { incidentDateColumns, spanOf } from '../../src/incidents/dates.js';
import { foldForSearch, queryTerms } from '../../src/incidents/search-text.js';
import { canTransition } from '../../src/incidents/workflow.js';
import { neutraliseFormula } from '../../src/exchange/tabular.js';
import { incidentSchema } from '../../src/exchange/interchange.schema.js';
import { contentHash } from '../../src/platform/util/stable-json.js';
import { incidentDoc } from '../support/fixtures.js';

describe('partial dates', () => {
  it('span the whole month or year they name, leap years included', () => {
    expect(spanOf('2020-02')).toEqual({ from: '2020-02-01', to: '2020-02-29' });
    expect(spanOf('2021-02')).toEqual({ from: '2021-02-01', to: '2021-02-28' });
    expect(spanOf('2020')).toEqual({ from: '2020-01-01', to: '2020-12-31' });
    expect(spanOf('2020-05-14')).toEqual({ from: '2020-05-14', to: '2020-05-14' });
  });
  it('give a range the end of its last period', () => {
    expect(incidentDateColumns('2020-03', '2020-05')).toMatchObject({ date_from: '2020-03-01', date_to: '2020-05-31', year: 2020 });
  });
  it('are refused when they do not exist', () => {
    for (const date of ['2020-02-30', '2021-02-29', '2020-13', '20200', '2020-5']) {
      expect(incidentSchema.safeParse(incidentDoc({ date })).success, date).toBe(false);
    }
    expect(incidentSchema.safeParse(incidentDoc({ date: '2020-02-29' })).success).toBe(true);
  });
});

describe('search folding', () => {
  it('folds ё and the Kazakh letters to what a Russian keyboard types', () => {
    expect(foldForSearch('Ёлка Қостанай Өскемен Әділ Ұлы Үкімет Ғалым Іле Аң Һ')).toBe('елка костанай оскемен адил улы укимет галым иле ан х');
  });
  it('keeps only words from a query, so no search syntax gets through', () => {
    expect(queryTerms('"журналист*" OR NEAR(x)')).toEqual(['журналист', 'or', 'near', 'x']);
  });
});

describe('the verification workflow', () => {
  it('goes received → under verification → verified → published', () => {
    expect(canTransition('received', 'under_verification')).toBe(true);
    expect(canTransition('under_verification', 'verified')).toBe(true);
    expect(canTransition('verified', 'published')).toBe(true);
  });
  it('does not skip verification, nor leave a merge', () => {
    expect(canTransition('received', 'published')).toBe(false);
    expect(canTransition('received', 'verified')).toBe(false);
    expect(canTransition('merged', 'received')).toBe(false);
  });
});

describe('spreadsheet safety', () => {
  it('turns cells that a spreadsheet would run into text', () => {
    for (const cell of ['=1+1', '+7 701', '-5', '@SUM(A1)', '\tx']) expect(neutraliseFormula(cell)).toBe(`'${cell}`);
    expect(neutraliseFormula('Almaty')).toBe('Almaty');
  });
});

describe('content hashes', () => {
  it('do not depend on key order or on how a file spells "no value"', () => {
    expect(contentHash({ a: 1, b: null, c: [1, { d: 2, e: undefined }] })).toBe(contentHash({ c: [1, { d: 2 }], a: 1 }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
  });
});
