import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './components/LanguageSwitch';
import { follow, usePath } from './navigate';
import { match } from './routes';
import { StaffShell } from './workspace/StaffShell';

export function App() {
  const { t } = useTranslation();
  const path = usePath();
  const found = match(path.split('?')[0]!);
  useEffect(() => {
    document.title = `${t('app.title')}: ${t('app.tagline')}`;
  }, [t]);
  const page = (
    <Suspense fallback={<p aria-busy="true">{t('app.loading')}</p>}>
      {found ? found.route.render(found.params) : <p role="alert">{t('app.notFound')}</p>}
    </Suspense>
  );
  return (
    <>
      <a className="skip" href="#main">{t('app.skip')}</a>
      <header className="top">
        <a className="brand" href="/" onClick={follow}>
          <strong>{t('app.title')}</strong> <span>{t('app.tagline')}</span>
        </a>
        <LanguageSwitch />
      </header>
      {found?.route.staff ? <StaffShell>{page}</StaffShell> : <main id="main">{page}</main>}
      <footer className="bottom">
        <a href="/statistics" onClick={follow}>{t('stats.nav')}</a> · <a href="/api/v1/openapi.json">{t('nav.api')}</a> · <a href="/staff" onClick={follow}>{t('nav.staff')}</a>
      </footer>
    </>
  );
}
