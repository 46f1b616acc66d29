import { useTranslation } from 'react-i18next';
import { Loaded } from './ListViews';
import { type Labels, useProfile } from './useProfile';

interface ActType {
  code: string;
  parent: string | null;
  labels: Labels;
}
interface Mappings {
  frameworks: { id: string; name: Labels; categories: { code: string; labels: Labels }[] }[];
  rules: { framework: string; category: string; act_types: string[] }[];
}

/** The taxonomy of violations as a tree, each type in three languages with the framework categories it maps to. */
export function TaxonomyView() {
  const { t } = useTranslation();
  const taxonomy = useProfile<{ version: string; types: ActType[] }>('taxonomy');
  const mappings = useProfile<Mappings>('mappings');
  return (
    <Loaded state={taxonomy}>
      {(tx) => (
        <section aria-labelledby="taxonomy-heading">
          <h2 id="taxonomy-heading">{t('admin.section.taxonomy')}</h2>
          <p className="meta">{t('admin.taxonomyVersion', { version: tx.version })}</p>
          <Branch types={tx.types} parent={null} mappings={mappings.data} />
        </section>
      )}
    </Loaded>
  );
}

function Branch({ types, parent, mappings }: { types: ActType[]; parent: string | null; mappings?: Mappings }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as keyof Labels;
  const children = types.filter((x) => x.parent === parent);
  if (children.length === 0) return null;
  return (
    <ul className="tree">
      {children.map((type) => {
        const mapped = (mappings?.rules ?? []).filter((r) => r.act_types.includes(type.code));
        return (
          <li key={type.code}>
            <strong>{type.labels[lang]}</strong> <code>{type.code}</code>
            <div className="meta">
              <span lang="ru">{type.labels.ru}</span> · <span lang="kk">{type.labels.kk}</span> · <span lang="en">{type.labels.en}</span>
            </div>
            {mapped.length ? (
              <div className="meta">
                {t('admin.mapsTo')}{' '}
                {mapped
                  .map((r) => {
                    const framework = mappings!.frameworks.find((f) => f.id === r.framework);
                    const category = framework?.categories.find((c) => c.code === r.category);
                    return `${framework?.name[lang] ?? r.framework}: ${category?.labels[lang] ?? r.category}`;
                  })
                  .join('; ')}
              </div>
            ) : null}
            <Branch types={types} parent={type.code} mappings={mappings} />
          </li>
        );
      })}
    </ul>
  );
}
