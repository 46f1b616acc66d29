import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './components/LanguageSwitch';
import { IncidentList } from './public/IncidentList';
import { IncidentPage } from './public/IncidentPage';

/** The path decides the page; links push to history, so the back button works as people expect. */
export function navigate(path: string): void {
  window.history.pushState({}, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

function usePath(): string {
  const [path, setPath] = useState(window.location.pathname + window.location.search);
  useEffect(() => {
    const update = () => setPath(window.location.pathname + window.location.search);
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return path;
}

export function App() {
  const { t } = useTranslation();
  const path = usePath();
  const incident = /^\/incidents\/([^/?]+)/.exec(path);
  useEffect(() => {
    document.title = `${t('app.title')}: ${t('app.tagline')}`;
  }, [t]);
  return (
    <>
      <a className="skip" href="#main">{t('app.skip')}</a>
      <header className="top">
        <a className="brand" href="/" onClick={(e) => { e.preventDefault(); navigate('/'); }}>
          <strong>{t('app.title')}</strong> <span>{t('app.tagline')}</span>
        </a>
        <LanguageSwitch />
      </header>
      <main id="main">{incident ? <IncidentPage id={decodeURIComponent(incident[1]!)} /> : <IncidentList />}</main>
      <footer className="bottom">
        <a href="/api/v1/openapi.json">{t('nav.api')}</a>
      </footer>
    </>
  );
}
