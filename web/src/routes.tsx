import { type ComponentType, lazy, type ReactNode } from 'react';
import { IncidentList } from './public/IncidentList';
import { IncidentPage } from './public/IncidentPage';

/**
 * Every page of the application: a pattern on the path (without the query) and what it shows.
 * Staff pages live under /staff, are shown inside the workspace shell (which asks to sign in
 * first) and are loaded on demand, so a public visitor on a slow line downloads none of them.
 */
export interface Route {
  pattern: RegExp;
  staff?: true;
  render: (params: string[]) => ReactNode;
}

/** A page component fetched the first time it is shown. */
function onDemand<P extends object>(load: () => Promise<ComponentType<P>>) {
  return lazy(async () => ({ default: await load() }));
}

const StaffHome = onDemand(() => import('./workspace/StaffHome').then((m) => m.StaffHome));
const IncidentEditor = onDemand(() => import('./workspace/editor/IncidentEditor').then((m) => m.IncidentEditor));
const QuickReport = onDemand(() => import('./workspace/quick/QuickReport').then((m) => m.QuickReport));
// People, legal cases and administration (web/src/workspace/records, cases, admin).
const PeopleSearch = onDemand(() => import('./workspace/records/PeopleSearch').then((m) => m.PeopleSearch));
const PeopleRecordPage = onDemand(() => import('./workspace/records/PeopleRecordPage').then((m) => m.PeopleRecordPage));
const CaseList = onDemand(() => import('./workspace/cases/CaseList').then((m) => m.CaseList));
const CasePage = onDemand(() => import('./workspace/cases/CasePage').then((m) => m.CasePage));
const AdminPage = onDemand(() => import('./workspace/admin/AdminPage').then((m) => m.AdminPage));
// The editor's and analyst's desk (web/src/workspace/desk).
const StaffIncidentList = onDemand(() => import('./workspace/desk/StaffIncidentList').then((m) => m.StaffIncidentList));
const StaffIncidentPage = onDemand(() => import('./workspace/desk/StaffIncidentPage').then((m) => m.StaffIncidentPage));
const ReviewQueue = onDemand(() => import('./workspace/desk/ReviewQueue').then((m) => m.ReviewQueue));

// Statistics: the public and staff dashboards and the methodology (web/src/stats), with ECharts fetched on demand.
const StatsDashboard = onDemand(() => import('./stats/StatsDashboard').then((m) => m.StatsDashboard));
const Methodology = onDemand(() => import('./stats/Methodology').then((m) => m.Methodology));

// The JSI assessment (web/src/workspace/assessments).
const AssessmentList = onDemand(() => import('./workspace/assessments/AssessmentList').then((m) => m.AssessmentList));
const AssessmentPage = onDemand(() => import('./workspace/assessments/AssessmentPage').then((m) => m.AssessmentPage));
const TrendsPage = onDemand(() => import('./workspace/assessments/TrendsPage').then((m) => m.TrendsPage));

export const ROUTES: Route[] = [
  { pattern: /^\/statistics\/?$/, render: () => <StatsDashboard /> },
  { pattern: /^\/statistics\/methodology\/?$/, render: () => <Methodology /> },
  { pattern: /^\/staff\/statistics\/?$/, staff: true, render: () => <StatsDashboard staff /> },
  { pattern: /^\/$/, render: () => <IncidentList /> },
  { pattern: /^\/incidents\/([^/]+)$/, render: ([id]) => <IncidentPage id={id!} /> },
  { pattern: /^\/staff\/?$/, staff: true, render: () => <StaffHome /> },
  // Before /staff/incidents/:id, which would otherwise take "new" for an id.
  { pattern: /^\/staff\/incidents\/new$/, staff: true, render: () => <IncidentEditor /> },
  { pattern: /^\/staff\/incidents\/([^/]+)\/edit$/, staff: true, render: ([id]) => <IncidentEditor key={id} id={id!} /> },
  { pattern: /^\/staff\/report$/, staff: true, render: () => <QuickReport /> },
  { pattern: /^\/staff\/incidents\/?$/, staff: true, render: () => <StaffIncidentList /> },
  { pattern: /^\/staff\/incidents\/([^/]+)$/, staff: true, render: ([id]) => <StaffIncidentPage key={id} id={id!} /> },
  { pattern: /^\/staff\/review\/?$/, staff: true, render: () => <ReviewQueue /> },
  { pattern: /^\/staff\/people\/?$/, staff: true, render: () => <PeopleSearch search={window.location.search} /> },
  { pattern: /^\/staff\/persons\/([^/]+)$/, staff: true, render: ([id]) => <PeopleRecordPage key={`p-${id}`} kind="person" id={id!} /> },
  { pattern: /^\/staff\/organisations\/([^/]+)$/, staff: true, render: ([id]) => <PeopleRecordPage key={`o-${id}`} kind="organisation" id={id!} /> },
  { pattern: /^\/staff\/cases\/?$/, staff: true, render: () => <CaseList search={window.location.search} /> },
  { pattern: /^\/staff\/cases\/([^/]+)$/, staff: true, render: ([id]) => <CasePage id={id!} /> },
  { pattern: /^\/staff\/admin(?:\/([^/]+))?\/?$/, staff: true, render: ([section]) => <AdminPage section={section} /> },
  { pattern: /^\/staff\/assessments\/?$/, staff: true, render: () => <AssessmentList /> },
  { pattern: /^\/staff\/assessments\/trends$/, staff: true, render: () => <TrendsPage search={window.location.search} /> },
  { pattern: /^\/staff\/assessments\/([^/]+)$/, staff: true, render: ([id]) => <AssessmentPage key={id} id={id!} /> },
];

export function match(pathname: string): { route: Route; params: string[] } | undefined {
  for (const route of ROUTES) {
    const m = route.pattern.exec(pathname);
    if (m) return { route, params: m.slice(1).map(decodeURIComponent) };
  }
  return undefined;
}
