import { type Language, LANGUAGES } from '../vocabulary.js';
import formats from './formats.json' with { type: 'json' };

/**
 * Dates, months, numbers and counts as a native reader of each language writes them, for the web
 * application and the server alike (reports, charts, tables). The words and patterns are data
 * (`formats.json`, one entry a language of the vocabulary), not the runtime's locale data: the
 * browsers' and Node's ICU know Kazakh too little and print "2020 M12 14".
 */
export interface LanguageFormat {
  /** Month names as they stand alone ("декабрь 2020 г."). */
  readonly months: readonly string[];
  /** Month names after a day ("14 декабря"); the same as `months` where the language does not decline them. */
  readonly months_genitive: readonly string[];
  readonly months_short: readonly string[];
  /** Patterns of a date known to the day, to the month and to the year: {day}, {month}, {month_genitive}, {year}. */
  readonly date: { readonly day: string; readonly month: string; readonly year: string };
  /** Two dates as a span: {start}, {end}. */
  readonly range: string;
  /** A moment: {date} (to the day) and {time} (hours and minutes). */
  readonly moment: string;
  readonly number: { readonly group: string; readonly decimal: string };
  /** A share: {n}, the number of percent. */
  readonly percent: string;
  /** CLDR plural rules of whole numbers, by category; a number no rule takes is `other`. */
  readonly plural: Readonly<Partial<Record<PluralCategory, string>>>;
}

export const PLURAL_CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;
export type PluralCategory = (typeof PLURAL_CATEGORIES)[number];

/** Every language of the vocabulary must have its entry: the compiler refuses a missing one. */
const FORMATS: Readonly<Record<Language, LanguageFormat>> = formats;

/** The format of a language ("ru", "ru-RU"); an unknown one reads as the vocabulary's first. */
export function languageFormat(lang: string): LanguageFormat {
  const base = lang.toLowerCase().split(/[-_]/)[0] as Language;
  return FORMATS[base] ?? FORMATS[LANGUAGES[0]];
}

const fill = (pattern: string, values: Readonly<Record<string, string>>): string =>
  pattern.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** A partial date (2020, 2020-12, 2020-12-14) written as precisely as it is known; anything else is returned as it is. */
export function formatDate(partial: string, lang: string): string {
  const match = PARTIAL_DATE.exec(partial);
  if (!match) return partial;
  const [, year, month, day] = match;
  const f = languageFormat(lang);
  const m = month ? Number(month) - 1 : -1;
  if (month && !(m >= 0 && m < 12)) return partial;
  const values = { year: year!, day: day ? String(Number(day)) : '', month: f.months[m] ?? '', month_genitive: f.months_genitive[m] ?? '' };
  return fill(day ? f.date.day : month ? f.date.month : f.date.year, values);
}

/** A span of partial dates; without an end (or with the start again) it is the start alone. */
export function formatDateRange(start: string, end: string | null | undefined, lang: string): string {
  if (!end || end === start) return formatDate(start, lang);
  return fill(languageFormat(lang).range, { start: formatDate(start, lang), end: formatDate(end, lang) });
}

/** A month's name (1–12), whole or short. */
export function monthName(month: number, lang: string, form: 'long' | 'short' = 'long'): string {
  const f = languageFormat(lang);
  return (form === 'short' ? f.months_short : f.months)[month - 1] ?? String(month);
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A moment (an ISO timestamp) to the minute: in the reader's time zone by default (the browser's),
 * in UTC where the text is the same for everyone (a report). An unreadable one is returned as it is.
 */
export function formatMoment(iso: string, lang: string, zone: 'local' | 'utc' = 'local'): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const utc = zone === 'utc';
  const [y, m, d] = utc ? [at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()] : [at.getFullYear(), at.getMonth(), at.getDate()];
  const time = utc ? `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}` : `${pad(at.getHours())}:${pad(at.getMinutes())}`;
  return fill(languageFormat(lang).moment, { date: formatDate(`${y}-${pad(m + 1)}-${pad(d)}`, lang), time });
}

/** A number with the language's digit grouping and decimal sign, rounded to at most `maxFractionDigits`. */
export function formatNumber(n: number, lang: string, maxFractionDigits = 0): string {
  if (!Number.isFinite(n)) return String(n);
  const { group, decimal } = languageFormat(lang).number;
  const [whole, fraction = ''] = Math.abs(n).toFixed(maxFractionDigits).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const kept = fraction.replace(/0+$/, '');
  const sign = n < 0 && (Number(whole) > 0 || kept) ? '-' : '';
  return `${sign}${grouped}${kept ? decimal + kept : ''}`;
}

/** A share (0.85) as percent ("85 %"), whole percents. */
export function formatPercent(share: number, lang: string): string {
  return fill(languageFormat(lang).percent, { n: formatNumber(share * 100, lang) });
}

/** The CLDR plural category of a count in a language; fractions are `other`, as CLDR has them in these languages. */
export function pluralCategory(n: number, lang: string): PluralCategory {
  if (!Number.isInteger(n)) return 'other';
  const rules = compiledRules(lang);
  for (const [category, test] of rules) if (test(Math.abs(n))) return category;
  return 'other';
}

/** A count and its word in the form the count takes ("5 инцидентов"); a form a language does not give is its `other`. */
export function formatCount(n: number, words: Readonly<Partial<Record<PluralCategory, string>>> & { readonly other: string }, lang: string): string {
  return `${formatNumber(n, lang)} ${words[pluralCategory(n, lang)] ?? words.other}`;
}

type Rule = readonly [PluralCategory, (n: number) => boolean];
const compiled = new Map<LanguageFormat, readonly Rule[]>();

function compiledRules(lang: string): readonly Rule[] {
  const f = languageFormat(lang);
  let rules = compiled.get(f);
  if (!rules) {
    rules = Object.entries(f.plural).map(([category, rule]) => [category as PluralCategory, parsePluralRule(rule!)] as const);
    compiled.set(f, rules);
  }
  return rules;
}

/**
 * A CLDR plural rule over whole numbers ("n % 10 = 2..4 and n % 100 != 12..14"): relations of `n`
 * or `n % k` to lists of values and ranges, joined by `and`, then by `or`. Anything else is refused.
 */
export function parsePluralRule(rule: string): (n: number) => boolean {
  const alternatives = rule.split(/\s+or\s+/).map((conjunction) =>
    conjunction.split(/\s+and\s+/).map((relation) => {
      const match = /^\s*n\s*(?:%\s*(\d+)\s*)?(!?=)\s*([\d.,\s]+?)\s*$/.exec(relation);
      if (!match) throw new Error(`plural rule "${rule}": cannot read "${relation}"`);
      const [, modulo, op, list] = match;
      const ranges = list!.split(',').map((item) => {
        const [low, high = low] = item.trim().split('..').map(Number);
        if (!Number.isInteger(low) || !Number.isInteger(high)) throw new Error(`plural rule "${rule}": cannot read "${item}"`);
        return [low!, high!] as const;
      });
      return (n: number) => {
        const value = modulo ? n % Number(modulo) : n;
        const within = ranges.some(([low, high]) => value >= low && value <= high);
        return op === '=' ? within : !within;
      };
    }),
  );
  return (n) => alternatives.some((relations) => relations.every((holds) => holds(n)));
}
