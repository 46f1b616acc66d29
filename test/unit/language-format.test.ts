import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import formats from '../../src/reference/languages/formats.json' with { type: 'json' };
import {
  formatCount,
  formatDate,
  formatDateRange,
  formatMoment,
  formatNumber,
  formatPercent,
  monthName,
  parsePluralRule,
  pluralCategory,
} from '../../src/reference/languages/format.js';
import { LANGUAGES } from '../../src/reference/vocabulary.js';

const NBSP = '\u00a0';

describe('dates as a native reader writes them', () => {
  it('writes a day, a month and a year in Kazakh from its own data, never the "M12" fallback', () => {
    expect(formatDate('2020-12-14', 'kk')).toBe('2020 жылғы 14 желтоқсан');
    expect(formatDate('2020-12', 'kk')).toBe('2020 жылғы желтоқсан');
    expect(formatDate('2020-03-01', 'kk')).toBe('2020 жылғы 1 наурыз');
    expect(formatDate('2020', 'kk')).toBe('2020 ж.');
  });

  it('declines the Russian month after a day and keeps it nominative with the year alone', () => {
    expect(formatDate('2020-12-14', 'ru')).toBe('14 декабря 2020 г.');
    expect(formatDate('2020-12', 'ru')).toBe('декабрь 2020 г.');
    expect(formatDate('2020-05-09', 'ru')).toBe('9 мая 2020 г.');
    expect(formatDate('2020', 'ru')).toBe('2020 г.');
  });

  it('writes English day first, as the profile does', () => {
    expect(formatDate('2020-12-14', 'en')).toBe('14 December 2020');
    expect(formatDate('2020-12', 'en')).toBe('December 2020');
    expect(formatDate('2020', 'en')).toBe('2020');
  });

  it('writes ranges, and a range of one date as that date', () => {
    expect(formatDateRange('2020-12-14', '2021-01', 'kk')).toBe('2020 жылғы 14 желтоқсан – 2021 жылғы қаңтар');
    expect(formatDateRange('2020-12-14', '2020-12-20', 'ru')).toBe('14 декабря 2020 г. – 20 декабря 2020 г.');
    expect(formatDateRange('2020', '2021', 'en')).toBe('2020 – 2021');
    expect(formatDateRange('2020-12-14', null, 'en')).toBe('14 December 2020');
    expect(formatDateRange('2020-12-14', '2020-12-14', 'en')).toBe('14 December 2020');
  });

  it('returns what is not a partial date as it is', () => {
    for (const odd of ['', 'soon', '2020-13', '2020/12/14']) expect(formatDate(odd, 'kk')).toBe(odd);
  });

  it('names months whole and short', () => {
    expect(monthName(12, 'kk')).toBe('желтоқсан');
    expect(monthName(9, 'ru', 'short')).toBe('сент.');
    expect(monthName(1, 'en', 'short')).toBe('Jan');
  });

  it('writes a moment to the minute, in UTC when asked', () => {
    expect(formatMoment('2020-12-14T09:05:00Z', 'kk', 'utc')).toBe('2020 жылғы 14 желтоқсан, 09:05');
    expect(formatMoment('2020-12-14T23:30:00Z', 'ru', 'utc')).toBe('14 декабря 2020 г., 23:30');
    expect(formatMoment('later', 'en')).toBe('later');
  });

  it('every language of the vocabulary has twelve months in each form and dates without a runtime pattern', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LANGUAGES), fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), (lang, y, m, d) => {
        const f = formats[lang];
        for (const months of [f.months, f.months_genitive, f.months_short]) expect(months).toHaveLength(12);
        const day = formatDate(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, lang);
        expect(day).toContain(String(y));
        expect(day).toContain(f.months_genitive[m - 1]);
        expect(day).not.toMatch(/M\d|\{/);
      }),
    );
  });
});

describe('numbers as each language groups them', () => {
  it('groups thousands with a non-breaking space in Russian and Kazakh and a comma in English', () => {
    expect(formatNumber(1234567, 'ru')).toBe(`1${NBSP}234${NBSP}567`);
    expect(formatNumber(1234567, 'kk')).toBe(`1${NBSP}234${NBSP}567`);
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
    expect(formatNumber(999, 'ru')).toBe('999');
    expect(formatNumber(0, 'kk')).toBe('0');
  });

  it('writes fractions with the language decimal sign, without trailing zeros', () => {
    expect(formatNumber(1234.56, 'ru', 1)).toBe(`1${NBSP}234,6`);
    expect(formatNumber(2.5, 'en', 1)).toBe('2.5');
    expect(formatNumber(3, 'kk', 1)).toBe('3');
    expect(formatNumber(-1500, 'en')).toBe('-1,500');
  });

  it('writes shares as percents', () => {
    expect(formatPercent(0.85, 'ru')).toBe(`85${NBSP}%`);
    expect(formatPercent(0.85, 'en')).toBe('85%');
  });
});

describe('counts with CLDR plural forms', () => {
  const incidents = {
    ru: { one: 'инцидент', few: 'инцидента', many: 'инцидентов', other: 'инцидента' },
    kk: { other: 'оқиға' },
    en: { one: 'incident', other: 'incidents' },
  };

  it('chooses the Russian form by the last digits (1, 2, 5, 21, 11)', () => {
    const say = (n: number) => formatCount(n, incidents.ru, 'ru');
    expect([1, 2, 5, 21, 11, 22, 111, 1001].map(say)).toEqual([
      '1 инцидент',
      '2 инцидента',
      '5 инцидентов',
      '21 инцидент',
      '11 инцидентов',
      '22 инцидента',
      '111 инцидентов',
      `1${NBSP}001 инцидент`,
    ]);
  });

  it('has one Kazakh word for every count', () => {
    expect([1, 2, 5, 21, 11].map((n) => formatCount(n, incidents.kk, 'kk'))).toEqual(['1 оқиға', '2 оқиға', '5 оқиға', '21 оқиға', '11 оқиға']);
  });

  it('says one English incident, and incidents otherwise', () => {
    expect([1, 2, 5, 21, 11, 0].map((n) => formatCount(n, incidents.en, 'en'))).toEqual(['1 incident', '2 incidents', '5 incidents', '21 incidents', '11 incidents', '0 incidents']);
  });

  it('agrees with CLDR (as the runtime carries it, which the translations plural keys also follow) for whole numbers', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LANGUAGES), fc.nat({ max: 1_000_000 }), (lang, n) => {
        expect(pluralCategory(n, lang)).toBe(new Intl.PluralRules(lang).select(n));
      }),
    );
  });

  it('refuses a rule it cannot read rather than guessing', () => {
    expect(() => parsePluralRule('i = 1 and v = 0')).toThrow(/cannot read/);
    expect(parsePluralRule('n % 100 = 3..10, 99')(103)).toBe(true);
  });
});
