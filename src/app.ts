import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { authRoutes } from './accounts/auth.routes.js';
import { authenticate } from './accounts/authenticate.js';
import { userRoutes } from './accounts/users.routes.js';
import { auditRoutes } from './audit/audit.routes.js';
import { auditSecurityEvent } from './audit/audit.js';
import { assessmentRoutes } from './assessments/assessment.routes.js';
import { frameworkRoutes } from './assessments/framework.routes.js';
import { reportRoutes } from './assessments/report/report.routes.js';
import { caseRoutes } from './cases/case.routes.js';
import { exchangeRoutes } from './exchange/exchange.routes.js';
import { incidentRoutes } from './incidents/incident.routes.js';
import { reviewRoutes } from './incidents/review.routes.js';
import { savedFilterRoutes } from './incidents/saved-filter.routes.js';
import { peopleRoutes } from './people/people.routes.js';
import { type Config, loadConfig } from './platform/config.js';
import type { AppContext } from './platform/context.js';
import { openDatabase } from './platform/db/connection.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { buildServer, type ServerOptions } from './platform/http/server.js';
import { referenceRoutes } from './reference/reference.routes.js';
import { statsRoutes } from './stats/stats.routes.js';
import { dashboardRoutes } from './stats/dashboard.routes.js';
import { loadProfile } from './reference/profile.js';

/** Opens the database, brings its schema up to date and loads the country profile. */
export async function openContext(config: Config = loadConfig(), options: { searchPath?: string } = {}): Promise<AppContext> {
  const profile = loadProfile(config.profile);
  const database = openDatabase(config.databaseUrl, options);
  try {
    await migrateToLatest(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return { database, profile, config };
}

/** The whole HTTP application: every capability's routes on one server. */
export function buildApp(ctx: AppContext, options: { logger?: ServerOptions['logger'] } = {}): Promise<FastifyInstance> {
  return buildServer(ctx, {
    routes: [authRoutes, userRoutes, auditRoutes, incidentRoutes, reviewRoutes, savedFilterRoutes, peopleRoutes, caseRoutes, referenceRoutes, exchangeRoutes, statsRoutes, dashboardRoutes, frameworkRoutes, assessmentRoutes, reportRoutes],
    authenticate: (headers) => authenticate(ctx, headers),
    onDenied: (reader, what) => auditSecurityEvent(ctx.database.db, { record_id: what, action: 'permission_denied', actor: reader.actor, after: null }),
    logger: options.logger,
    webRoot: WEB_ROOT,
  });
}

/** Where `npm run build:web` puts the web application. */
export const WEB_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', 'web', 'dist');
