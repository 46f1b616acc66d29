import { formatDate } from '../reference/languages/format.js';
import type { Language } from '../reference/vocabulary.js';

/**
 * Words the statistics print that belong to the method, not to a country: dimension names, the
 * closed vocabularies (genders, statuses, kinds of proceeding, stages, outcomes) and the words of a
 * table's frame. Country lists (act types, victim groups, regions, articles…) take their labels
 * from the country profile.
 */
export type Labels = Readonly<Record<Language, string>>;

const l = (en: string, ru: string, kk: string): Labels => ({ en, ru, kk });

export const FRAME = {
  total: l('Total', 'Всего', 'Барлығы'),
  other: l('Other', 'Прочее', 'Басқа'),
  none: l('Not recorded', 'Не указано', 'Көрсетілмеген'),
  share: l('Share', 'Доля', 'Үлесі'),
  change: l('Change', 'Изменение', 'Өзгеріс'),
  count: l('Count', 'Количество', 'Саны'),
  records: l('Records', 'Записи', 'Жазбалар'),
  seed: l('The seed prints (line: printed → ours)', 'В исходном отчёте (строка: напечатано → у нас)', 'Бастапқы есепте (жол: басылғаны → бізде)'),
} as const;

export const COUNT_UNITS = {
  incidents: l('incidents', 'инциденты', 'оқиғалар'),
  acts: l('acts (violations, one per victim)', 'нарушения (по одному на пострадавшего)', 'бұзушылықтар (әр зардап шегушіге біреуден)'),
  persons: l('distinct persons', 'отдельные лица', 'жеке тұлғалар'),
  charges: l('charges (one per article per person in a case)', 'обвинения (по статье на лицо в деле)', 'айыптар (істегі әр тұлғаға бір бап)'),
} as const;

export const DIMENSION_LABELS: Readonly<Record<string, Labels>> = {
  year: l('Year', 'Год', 'Жыл'),
  quarter: l('Quarter', 'Квартал', 'Тоқсан'),
  month: l('Month', 'Месяц', 'Ай'),
  region: l('Region', 'Регион', 'Өңір'),
  type: l('Type of violation', 'Вид нарушения', 'Бұзушылық түрі'),
  victim_kind: l('Victim', 'Пострадавший', 'Зардап шегуші'),
  victim_group: l('Victim group', 'Группа пострадавших', 'Зардап шегушілер тобы'),
  gender: l('Gender', 'Пол', 'Жынысы'),
  perpetrator_type: l('Perpetrator', 'Нарушитель', 'Құқық бұзушы'),
  article: l('Article', 'Статья', 'Бап'),
  proceeding: l('Proceeding', 'Производство', 'Іс жүргізу'),
  stage: l('Stage', 'Стадия', 'Саты'),
  outcome: l('Outcome', 'Исход', 'Нәтиже'),
  status: l('Verification status', 'Статус проверки', 'Тексеру мәртебесі'),
  context: l('Context', 'Контекст', 'Жағдай'),
};

/** Labels of the closed vocabularies, per dimension. */
export const VALUE_LABELS: Readonly<Record<string, Readonly<Record<string, Labels>>>> = {
  gender: {
    female: l('Women', 'Женщины', 'Әйелдер'),
    male: l('Men', 'Мужчины', 'Ерлер'),
    other: l('Other', 'Другое', 'Басқа'),
  },
  victim_kind: {
    person: l('Person', 'Человек', 'Адам'),
    organisation: l('Organisation', 'Организация', 'Ұйым'),
  },
  status: {
    received: l('Received', 'Получено', 'Қабылданды'),
    under_verification: l('Under verification', 'На проверке', 'Тексерілуде'),
    verified: l('Verified', 'Проверено', 'Тексерілді'),
    published: l('Published', 'Опубликовано', 'Жарияланды'),
    rejected: l('Rejected', 'Отклонено', 'Қабылданбады'),
    merged: l('Merged', 'Объединено', 'Біріктірілді'),
  },
  proceeding: {
    criminal: l('Criminal prosecution', 'Уголовное преследование', 'Қылмыстық қудалау'),
    civil: l('Civil lawsuit', 'Гражданский иск', 'Азаматтық талап'),
    administrative: l('Administrative prosecution', 'Административное преследование', 'Әкімшілік қудалау'),
    crime_against_victim: l('Investigation of a crime against the victim', 'Расследование преступления против пострадавшего', 'Зардап шегушіге қарсы қылмысты тергеу'),
  },
  stage: {
    pre_trial: l('Pre-trial', 'Досудебная стадия', 'Сотқа дейінгі саты'),
    first: l('First instance', 'Первая инстанция', 'Бірінші саты'),
    appeal: l('Appeal', 'Апелляция', 'Апелляция'),
    cassation: l('Cassation', 'Кассация', 'Кассация'),
    supervisory: l('Supervisory review', 'Надзорная инстанция', 'Қадағалау сатысы'),
  },
  outcome: {
    convicted: l('Convicted', 'Осуждён', 'Сотталды'),
    acquitted: l('Acquitted', 'Оправдан', 'Ақталды'),
    dismissed: l('Dismissed', 'Отклонено', 'Қанағаттандырусыз қалды'),
    terminated: l('Terminated', 'Прекращено', 'Тоқтатылды'),
    mediation: l('Mediation', 'Медиация', 'Медиация'),
    claim_satisfied: l('Claim satisfied', 'Иск удовлетворён', 'Талап қанағаттандырылды'),
    claim_partly_satisfied: l('Claim partly satisfied', 'Иск удовлетворён частично', 'Талап ішінара қанағаттандырылды'),
    claim_denied: l('Claim denied', 'В иске отказано', 'Талап қабылданбады'),
    claim_withdrawn: l('Claim withdrawn', 'Иск отозван', 'Талап кері қайтарылды'),
    fine: l('Fine', 'Штраф', 'Айыппұл'),
    warning: l('Warning', 'Предупреждение', 'Ескерту'),
    administrative_arrest: l('Administrative arrest', 'Административный арест', 'Әкімшілік қамақ'),
    restriction_of_liberty: l('Restriction of liberty', 'Ограничение свободы', 'Бас бостандығын шектеу'),
    suspended_sentence: l('Suspended sentence', 'Условный срок', 'Шартты жаза'),
    imprisonment: l('Imprisonment', 'Лишение свободы', 'Бас бостандығынан айыру'),
    house_arrest: l('House arrest', 'Домашний арест', 'Үй қамағы'),
    custody: l('Custody', 'Содержание под стражей', 'Күзетпен ұстау'),
    released: l('Released', 'Освобождён', 'Босатылды'),
    pending: l('Pending', 'Не завершено', 'Аяқталмаған'),
  },
  /** The perpetrator types grouped by the profile's `state` flag (framework "state"). */
  perpetrator_state: {
    state: l('State actors', 'Государственные органы и лица', 'Мемлекеттік органдар мен тұлғалар'),
    non_state: l('Non-state actors', 'Негосударственные субъекты', 'Мемлекеттік емес субъектілер'),
    unknown: l('Unknown', 'Не установлен', 'Анықталмаған'),
  },
};

/** A month (`2020-12`) as the language writes it ("декабрь 2020 г."), in tables, their CSV headers and charts. */
export function monthLabel(month: string, lang: Language): string {
  return formatDate(month, lang);
}

/** Notes a table carries when its numbers need reading with care. */
export const NOTES = {
  notAdditive: l(
    'A record can fall in several cells here (an incident with acts of two kinds, an act with two perpetrators): totals count each record once, so they can be smaller than the sum of the cells.',
    'Одна запись может попасть в несколько ячеек (инцидент с нарушениями двух видов, нарушение с двумя нарушителями): итоги считают каждую запись один раз и могут быть меньше суммы ячеек.',
    'Бір жазба бірнеше ұяшыққа түсуі мүмкін (екі түрлі бұзушылығы бар оқиға, екі құқық бұзушысы бар әрекет): қорытынды әр жазбаны бір рет санайды, сондықтан ұяшықтар қосындысынан аз болуы мүмкін.',
  ),
  personsOnly: l(
    'Distinct persons: organisations that were victims are not counted.',
    'Отдельные лица: пострадавшие организации не учитываются.',
    'Жеке тұлғалар: зардап шеккен ұйымдар саналмайды.',
  ),
  maskedVictims: l(
    'Victims whose identity is confidential count without their gender and as separate persons.',
    'Пострадавшие, чьи данные конфиденциальны, учитываются без указания пола и как отдельные лица.',
    'Деректері құпия зардап шегушілер жынысы көрсетілмей және жеке адамдар ретінде саналады.',
  ),
  emptyFilter: l(
    "The table's own filters and the request's filters exclude each other: nothing can be counted.",
    'Фильтры таблицы и запроса исключают друг друга: считать нечего.',
    'Кестенің және сұраныстың сүзгілері бірін-бірі жоққа шығарады: санайтын ештеңе жоқ.',
  ),
} as const;
