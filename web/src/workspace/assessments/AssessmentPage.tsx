import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../api';
import { formatNumber, label } from '../../format';
import { follow, usePath } from '../../navigate';
import { useSession } from '../../session';
import { useErrorText } from '../SignIn';
import { ItemEditor } from './ItemEditor';
import { ReportPanel } from './ReportPanel';
import { SnapshotPanel } from './SnapshotPanel';
import './assessment.css';
import { type Assessment, base, type Element, type ItemSummary, loadScale, type Overview, type Scale } from './types';

const WRITERS = ['administrator', 'editor', 'analyst'];

/**
 * /staff/assessments/:id: the framework as a tree, each element with its judgement and review
 * status; the element chosen (?element=B.3.iv) opens in the editor beside it.
 */
export function AssessmentPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const errorText = useErrorText();
  const path = usePath();
  const session = useSession();
  const selected = new URLSearchParams(path.split('?')[1] ?? '').get('element');
  const [assessment, setAssessment] = useState<Assessment>();
  const [overview, setOverview] = useState<Overview>();
  const [scale, setScale] = useState<Scale>();
  const [error, setError] = useState<unknown>();
  const reload = useCallback(() => {
    getJson<Assessment>(base(id)).then(setAssessment, setError);
    getJson<Overview>(`${base(id)}/overview`).then(setOverview, () => undefined);
  }, [id]);
  useEffect(() => {
    reload();
    loadScale().then(setScale, setError);
  }, [reload]);

  if (error) return <p role="alert" className="error">{errorText(error)}</p>;
  if (!assessment || !scale) return <p aria-busy="true">{t('assessment.loading')}</p>;
  const items = new Map(assessment.items.map((i) => [i.element_id, i]));
  const judgementLabel = (code: string | null) => (code ? label(scale.values.find((v) => v.code === code)?.label, lang, code) : t('assessment.judgement.none'));
  const number = (value: number) => formatNumber(value, lang, 1);

  return (
    <section aria-labelledby="assessment-heading" className="assessment">
      <h1 id="assessment-heading">{label(assessment.title, lang, assessment.id)}</h1>
      <p className="meta">
        {assessment.country} · {assessment.year} · {t('assessment.field.framework')}: {assessment.framework_version_id}
        {assessment.team.length ? ` · ${t('assessment.field.team')}: ${assessment.team.map((m) => `${m.name} (${m.role})`).join(', ')}` : ''}
      </p>
      {overview ? (
        <section aria-labelledby="overview-heading">
          <h2 id="overview-heading">{t('assessment.overview.heading')}</h2>
          <p>{t('assessment.overview.share', { assessed: overview.assessed, total: overview.elements, percent: number(overview.assessed_percent) })}</p>
          <ul className="counts">
            {overview.by_judgement.map((j) => <li key={j.code}>{j.code === 'none' ? t('assessment.judgement.none') : judgementLabel(j.code)}: {number(j.count)}</li>)}
          </ul>
          <p>
            {t('assessment.overview.awaiting')}:{' '}
            {overview.awaiting_review.length
              ? overview.awaiting_review.map((e) => <a key={e} href={`?element=${encodeURIComponent(e)}`} onClick={follow} className="button-link">{e}</a>)
              : t('assessment.overview.nothingAwaits')}
          </p>
        </section>
      ) : null}
      <SnapshotPanel assessmentId={assessment.id} mayTake={Boolean(session?.user.roles.some((r) => WRITERS.includes(r)))} />
      <ReportPanel assessmentId={assessment.id} />
      <div className="assessment-layout">
        <nav aria-labelledby="tree-heading" className="assessment-tree">
          <h2 id="tree-heading">{t('assessment.tree.heading')}</h2>
          <Tree elements={assessment.elements} parent={null} items={items} selected={selected} judgementLabel={judgementLabel} />
        </nav>
        <div className="assessment-editor">
          {selected && items.has(selected) ? (
            <ItemEditor key={selected} assessmentId={id} elementId={selected} scale={scale} onChange={reload} />
          ) : (
            <p>{t('assessment.tree.choose')}</p>
          )}
        </div>
      </div>
    </section>
  );
}

function Tree(props: { elements: Element[]; parent: string | null; items: Map<string, ItemSummary>; selected: string | null; judgementLabel: (code: string | null) => string }) {
  const { t, i18n } = useTranslation();
  const children = props.elements.filter((e) => e.parent === props.parent);
  if (!children.length) return null;
  return (
    <ul className="tree">
      {children.map((e) => {
        const item = props.items.get(e.id);
        return (
          <li key={e.id}>
            <a href={`?element=${encodeURIComponent(e.id)}`} onClick={follow} aria-current={props.selected === e.id ? 'true' : undefined}>
              <strong>{e.id}</strong> {label(e.label, i18n.language, e.id)}
            </a>
            {item ? (
              <span className="meta">
                {' '}· {props.judgementLabel(item.judgement)} · {t(`assessment.status.${item.status}`)}
              </span>
            ) : null}
            <Tree {...props} parent={e.id} />
          </li>
        );
      })}
    </ul>
  );
}
