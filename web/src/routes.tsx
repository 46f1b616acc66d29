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

export const ROUTES: Route[] = [
  { pattern: /^\/$/, render: () => <IncidentList /> },
  { pattern: /^\/incidents\/([^/]+)$/, render: ([id]) => <IncidentPage id={id!} /> },
  { pattern: /^\/staff\/?$/, staff: true, render: () => <StaffHome /> },
];

export function match(pathname: string): { route: Route; params: string[] } | undefined {
  for (const route of ROUTES) {
    const m = route.pattern.exec(pathname);
    if (m) return { route, params: m.slice(1).map(decodeURIComponent) };
  }
  return undefined;
}
