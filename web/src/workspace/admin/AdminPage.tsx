import { useTranslation } from 'react-i18next';
import { follow } from '../../navigate';
import { ContextTagsView, LegalCodesView, PerpetratorTypesView, VictimGroupsView } from './ListViews';
import { RegionsView } from './RegionsView';
import { TaxonomyView } from './TaxonomyView';
import { UsersAdmin } from './UsersAdmin';

const SECTIONS = {
  users: UsersAdmin,
  taxonomy: TaxonomyView,
  'legal-codes': LegalCodesView,
  regions: RegionsView,
  'victim-groups': VictimGroupsView,
  'perpetrator-types': PerpetratorTypesView,
  'context-tags': ContextTagsView,
} as const;
type Section = keyof typeof SECTIONS;

/**
 * /staff/admin and /staff/admin/<section>: accounts, and read-only views of the country profile
 * (which is data in the repository, changed by a pull request, not through these screens).
 */
export function AdminPage({ section }: { section?: string }) {
  const { t } = useTranslation();
  const current: Section = section && section in SECTIONS ? (section as Section) : 'users';
  const View = SECTIONS[current];
  return (
    <section aria-labelledby="admin-heading" className="admin">
      <h1 id="admin-heading">{t('admin.heading')}</h1>
      <nav aria-label={t('admin.sections')}>
        <ul className="admin-tabs">
          {(Object.keys(SECTIONS) as Section[]).map((s) => (
            <li key={s}>
              <a href={`/staff/admin/${s}`} onClick={follow} aria-current={s === current ? 'page' : undefined}>{t(`admin.section.${s}`)}</a>
            </li>
          ))}
        </ul>
      </nav>
      <View />
    </section>
  );
}
