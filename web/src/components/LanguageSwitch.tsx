import { useTranslation } from 'react-i18next';
import { type Language, LANGUAGES, setLanguage } from '../i18n';

const NAMES: Record<Language, string> = { ru: 'Русский', kk: 'Қазақша', en: 'English' };

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <nav aria-label={t('nav.language')} className="languages">
      {LANGUAGES.map((lang) => (
        <button key={lang} type="button" lang={lang} aria-pressed={i18n.language === lang} onClick={() => setLanguage(lang)}>
          {NAMES[lang]}
        </button>
      ))}
    </nav>
  );
}
