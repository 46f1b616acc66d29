import { formatCount } from '../../reference/languages/format.js';
import type { ReportLabels, ReportLang } from './report-model.js';

/** The report's own wording in each language; everything else in a report is the team's text. */
export const REPORT_LABELS: Readonly<Record<ReportLang, ReportLabels>> = {
  en: {
    contents: 'Contents',
    foreword: 'Foreword',
    abbreviations: 'Abbreviations',
    executive_summary: 'Executive summary',
    introduction: 'Introduction',
    judgement: 'Judgement',
    not_judged: 'not judged',
    evidence: 'Evidence',
    summary_of_findings: 'Summary of findings',
    statistics: 'Statistics',
    recommendations: 'Recommendations',
    methodology: 'Appendix: methodology',
    bibliography: 'Bibliography',
    notes: 'Notes',
    team: 'Research team',
    snapshot: 'Data as recorded',
    framework: 'Framework',
    untranslated: 'Not yet translated: shown in the original language',
    page: 'Page',
    of: 'of',
    count: 'Number of elements',
  },
  ru: {
    contents: 'Содержание',
    foreword: 'Предисловие',
    abbreviations: 'Сокращения',
    executive_summary: 'Резюме',
    introduction: 'Введение',
    judgement: 'Оценка',
    not_judged: 'не оценено',
    evidence: 'Доказательства',
    summary_of_findings: 'Обобщение выводов',
    statistics: 'Статистика',
    recommendations: 'Рекомендации',
    methodology: 'Приложение: методология',
    bibliography: 'Библиография',
    notes: 'Примечания',
    team: 'Исследовательская группа',
    snapshot: 'Данные по состоянию на',
    framework: 'Рамочная программа',
    untranslated: 'Ещё не переведено: текст на языке оригинала',
    page: 'Страница',
    of: 'из',
    count: 'Число элементов',
  },
  kk: {
    contents: 'Мазмұны',
    foreword: 'Алғысөз',
    abbreviations: 'Қысқартулар',
    executive_summary: 'Қысқаша мазмұны',
    introduction: 'Кіріспе',
    judgement: 'Баға',
    not_judged: 'бағаланбаған',
    evidence: 'Дәлелдер',
    summary_of_findings: 'Тұжырымдардың қорытындысы',
    statistics: 'Статистика',
    recommendations: 'Ұсынымдар',
    methodology: 'Қосымша: әдістеме',
    bibliography: 'Библиография',
    notes: 'Ескертпелер',
    team: 'Зерттеу тобы',
    snapshot: 'Деректер күйі',
    framework: 'Негіздеме',
    untranslated: 'Әлі аударылмаған: түпнұсқа тілінде берілді',
    page: 'Бет',
    of: '/',
    count: 'Элементтер саны',
  },
};

/** Words used when describing evidence and sources, kept apart from the headings above. */
export const SOURCE_WORDS: Readonly<Record<ReportLang, { seed: (lines: string) => string; incident: string; table: string; snapshot: (at: string, n: number) => string }>> = {
  en: {
    seed: (lines) => `Source report (UNESCO 2021, Kazakhstan JSI assessment 2020), lines ${lines}.`,
    incident: 'Incident',
    table: 'Statistics table',
    snapshot: (at, n) => `Figures as recorded on ${at} (${formatCount(n, { one: 'record', other: 'records' }, 'en')}).`,
  },
  ru: {
    seed: (lines) => `Исходный доклад (ЮНЕСКО, 2021, оценка ИБЖ Казахстана за 2020 год), строки ${lines}.`,
    incident: 'Инцидент',
    table: 'Статистическая таблица',
    snapshot: (at, n) => `Данные по состоянию на ${at} (${formatCount(n, { one: 'запись', few: 'записи', many: 'записей', other: 'записи' }, 'ru')}).`,
  },
  kk: {
    seed: (lines) => `Бастапқы баяндама (ЮНЕСКО, 2021, Қазақстанның 2020 жылғы ЖҚИ бағалауы), ${lines}-жолдар.`,
    incident: 'Оқиға',
    table: 'Статистикалық кесте',
    snapshot: (at, n) => `Деректер ${at} күйі бойынша (${formatCount(n, { other: 'жазба' }, 'kk')}).`,
  },
};

/** A country's name in the report's language (Node's ICU knows Kazakh, Russian and English names). */
export const countryName = (code: string, lang: ReportLang): string => new Intl.DisplayNames([lang], { type: 'region' }).of(code) ?? code;

const LANGUAGE_NAMES: Readonly<Record<ReportLang, Readonly<Record<ReportLang, string>>>> = {
  en: { en: 'English', ru: 'Russian', kk: 'Kazakh' },
  ru: { en: 'английского', ru: 'русского', kk: 'казахского' },
  kk: { en: 'ағылшын', ru: 'орыс', kk: 'қазақ' },
};
const STATUS_WORDS: Readonly<Record<ReportLang, Readonly<Record<string, string>>>> = {
  en: { machine: 'machine translation', draft: 'draft', reviewed: 'reviewed' },
  ru: { machine: 'машинный перевод', draft: 'черновик', reviewed: 'проверен' },
  kk: { machine: 'машиналық аударма', draft: 'жоба', reviewed: 'тексерілген' },
};

/** "Translated from English, reviewed", in the report's language. */
export function translationNote(lang: ReportLang, source: ReportLang | null, status: string | null): string {
  const from = source ? LANGUAGE_NAMES[lang][source] : '';
  const state = status ? (STATUS_WORDS[lang][status] ?? status) : '';
  const head = lang === 'en' ? `Translated from ${from}` : lang === 'ru' ? `Перевод с ${from}` : `${from} тілінен аударылған`;
  return [head, state].filter(Boolean).join(', ');
}
