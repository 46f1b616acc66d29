import { useTranslation } from 'react-i18next';
import { follow } from '../navigate';
import { useSession } from '../session';
import { visibleSections } from './StaffShell';

/** The workspace's front page: the sections this account can open, with what each is for. */
export function StaffHome() {
  const { t } = useTranslation();
  const session = useSession();
  if (!session) return null;
  return (
    <section aria-labelledby="home-heading">
      <h1 id="home-heading">{t('staff.home.heading', { name: session.user.name || session.user.email })}</h1>
      <ul className="tiles">
        {visibleSections(session).map((s) => (
          <li key={s.path}>
            <a href={s.path} onClick={follow}>
              <strong>{t(`staff.section.${s.key}`)}</strong>
              <span>{t(`staff.purpose.${s.key}`)}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
