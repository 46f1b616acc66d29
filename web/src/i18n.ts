import i18n, { type FormatterModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { formatNumber } from './format';

export const LANGUAGES = ['ru', 'kk', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'jsi.language';

/**
 * Each language is a folder of files, one per area of the application (site, workspace, stats…).
 * A file owns the top-level keys it defines, so areas can grow without touching each other's files.
 */
const files = import.meta.glob<Record<string, unknown>>('../locales/*/*.json', { eager: true, import: 'default' });
const resources: Record<string, { translation: Record<string, unknown> }> = {};
for (const [path, content] of Object.entries(files)) {
  const lang = path.split('/').at(-2)!;
  resources[lang] ??= { translation: {} };
  Object.assign(resources[lang].translation, content);
}

function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved && (LANGUAGES as readonly string[]).includes(saved)) return saved as Language;
  const browser = navigator.language.slice(0, 2);
  return (LANGUAGES as readonly string[]).includes(browser) ? (browser as Language) : 'ru';
}

/**
 * The count a translation is chosen by ({{count}}) is written with the language's digit grouping by
 * the shared formatting module, not by the browser's locale data. Other values (years among them)
 * are printed as given.
 */
const counts: FormatterModule = {
  type: 'formatter',
  init() {},
  add() {},
  addCached() {},
  // i18next passes values through unchanged when they are not strings, so `value` keeps its type.
  format: (value, _format, lng, options) =>
    typeof value === 'number' && options?.interpolationkey === 'count' ? formatNumber(value, lng ?? 'ru') : (value as string),
};

void i18n.use(counts).use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: 'ru',
  interpolation: { escapeValue: false, alwaysFormat: true }, // React escapes what it renders
});
document.documentElement.lang = i18n.language;

/** Switches the language and remembers the choice on this device. */
export function setLanguage(lang: Language): void {
  localStorage.setItem(STORAGE_KEY, lang);
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
}

export default i18n;
