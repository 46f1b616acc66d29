import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { follow, navigate, usePath } from '../navigate';
import { type Session, signOut, useSession } from '../session';
import { SignIn } from './SignIn';

/** The workspace's sections; each shows only to the roles that can use it (the server checks again). */
const SECTIONS: { path: string; key: string; roles?: string[]; also?: string[] }[] = [
  { path: '/staff/incidents', key: 'incidents' },
  { path: '/staff/incidents/new', key: 'newIncident', roles: ['administrator', 'editor', 'monitor'] },
  { path: '/staff/review', key: 'review', roles: ['administrator', 'editor'] },
  { path: '/staff/report', key: 'quickReport', roles: ['administrator', 'editor', 'monitor'] },
  { path: '/staff/cases', key: 'cases' },
  { path: '/staff/people', key: 'people', also: ['/staff/persons', '/staff/organisations'] },
  { path: '/staff/statistics', key: 'statistics' },
  { path: '/staff/assessments', key: 'assessments' },
  { path: '/staff/admin', key: 'admin', roles: ['administrator'] },
];

/** The section a path belongs to: the longest section path (or alias) it starts with. */
function currentSection(path: string): string | undefined {
  const pathname = path.split('?')[0]!;
  const owns = (prefix: string) => pathname === prefix || pathname.startsWith(`${prefix}/`);
  const candidates = SECTIONS.flatMap((s) => [s.path, ...(s.also ?? [])].filter(owns).map((p) => ({ section: s.path, length: p.length })));
  return candidates.sort((a, b) => b.length - a.length)[0]?.section;
}

export function visibleSections(session: Session) {
  return SECTIONS.filter((s) => !s.roles || session.user.roles.some((r) => s.roles!.includes(r)));
}

/** The frame of every staff page: who is signed in, the sections, and sign-in when nobody is. */
export function StaffShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const current = currentSection(usePath());
  if (session === undefined) return <main id="main" aria-busy="true">{t('staff.loading')}</main>;
  if (session === null || session.restriction) return <main id="main"><SignIn session={session} /></main>;
  return (
    <div className="staff">
      <nav aria-label={t('staff.sections')} className="sections">
        <ul>
          {visibleSections(session).map((s) => (
            <li key={s.path}>
              <a href={s.path} onClick={follow} aria-current={s.path === current ? 'page' : undefined}>{t(`staff.section.${s.key}`)}</a>
            </li>
          ))}
        </ul>
        <p className="who">
          {session.user.name || session.user.email}{' '}
          <button type="button" onClick={() => void signOut().then(() => navigate('/staff'))}>{t('staff.signOut')}</button>
        </p>
      </nav>
      <main id="main">
        {session.offline && <p role="status" className="offline">{t('staff.offline')}</p>}
        {children}
      </main>
    </div>
  );
}
