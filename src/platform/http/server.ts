import { existsSync } from 'node:fs';
import { join } from 'node:path';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, LogController } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { AppError, errors } from '../errors.js';
import { type Permission, PUBLIC_READER, type Reader } from '../reader.js';
import { nulCharacterIssues } from './nul-text.js';

declare module 'fastify' {
  interface FastifyRequest {
    reader: Reader;
    startedAt: number;
    /** Set when the request came with a session cookie: writes must then carry its CSRF token. */
    sessionIdHash?: string;
    csrfToken?: string;
    restriction?: string;
  }
  interface FastifyContextConfig {
    /** What the route needs; every API route must say. */
    permission?: Permission;
  }
}

/** Who sent a request; accounts/ provides it, so that platform/ knows nothing of accounts. */
export interface RequestIdentity {
  readonly reader: Reader;
  readonly session?: { readonly idHash: string; readonly csrfToken: string };
  readonly restriction?: string;
}

export interface ServerOptions {
  readonly routes: readonly FastifyPluginAsync<{ ctx: AppContext }>[];
  readonly authenticate: (headers: { authorization?: string; cookie?: string }) => Promise<RequestIdentity>;
  /** Told of every refused request, for the audit log. */
  readonly onDenied?: (reader: Reader, what: string) => Promise<void>;
  /** Where the server writes its log (internal errors only); true: standard output. */
  readonly logger?: boolean | { readonly stream: { write(line: string): void } };
  /** The built web application, served from the same origin; paths it does not know get its page. */
  readonly webRoot?: string;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * What a log line may say of a request and of an error: never a body, a header (cookies, tokens)
 * or a query string (searches name people; links carry one-time tokens), nor a database error's
 * details (they can quote stored values).
 */
const LOG_SERIALIZERS = {
  req: (request: { method: string; url: string }) => ({ method: request.method, path: request.url.split('?')[0] }),
  err: (error: Error & { code?: unknown }) => ({ type: error.constructor?.name ?? 'Error', code: error.code, message: error.message, stack: error.stack ?? '' }),
};

function loggerOf(option: ServerOptions['logger']) {
  if (!option) return false;
  return { level: 'info', serializers: LOG_SERIALIZERS, ...(option === true ? {} : { stream: option.stream }) };
}

/** Answers whose content depends on who asks: the API's, not the web application's files. */
const isApi = (request: { url: string }) => request.url.startsWith('/api/');

/** The HTTP server: validation, the OpenAPI document, who is asking, permissions, errors. */
export async function buildServer(ctx: AppContext, options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOf(options.logger),
    // Only internal errors are logged, each under the id its answer carries; no line per request.
    logController: new LogController({ disableRequestLogging: true }),
    // Our own ids: a client cannot choose what names its request in the log.
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: 20 * 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(swagger, {
    openapi: {
      info: { title: 'JSI Monitor API', version: '1', description: 'Incidents, people, legal cases and reference data.' },
      components: { securitySchemes: { token: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1')) return;
    const permission = route.config?.permission;
    if (!permission) throw new Error(`route ${route.method} ${route.url} declares no permission`);
    // Published in the OpenAPI document, so clients (and the permission tests) can read it.
    route.schema = { ...route.schema, 'x-permission': permission } as typeof route.schema;
  });
  // Strict headers: the API serves no scripts, and no page may frame it.
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    hsts: ctx.config.publicUrl.startsWith('https://') ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  // The public read API is rate limited per address; signed-in people and programs are not.
  await app.register(rateLimit, {
    max: ctx.config.publicRateLimit,
    timeWindow: '1 minute',
    allowList: (request) => Boolean(request.headers.authorization || request.headers.cookie?.includes('jsi_session=')),
  });

  app.decorateRequest('reader', null as unknown as Reader);
  app.addHook('onRequest', async (request) => {
    request.reader = PUBLIC_READER;
    const identity = await options.authenticate(request.headers);
    request.reader = identity.reader;
    request.sessionIdHash = identity.session?.idHash;
    request.csrfToken = identity.session?.csrfToken;
    request.restriction = identity.restriction;
  });
  // Before the body is validated: a caller without the right learns nothing about what a route takes.
  app.addHook('preValidation', async (request) => {
    const permission = request.routeOptions.config.permission;
    if (!permission) return;
    if (!request.reader.can(permission)) {
      await options.onDenied?.(request.reader, `${request.method} ${request.routeOptions.url}`);
      if (request.reader === PUBLIC_READER) throw errors.unauthorized();
      throw request.restriction
        ? errors.forbiddenBecause(request.restriction === 'password_change' ? 'change your one-time password first' : 'set up two-factor authentication first')
        : errors.forbidden(permission);
    }
    // A cookie is sent by the browser whoever made the page: writes must prove they came from ours.
    if (UNSAFE.has(request.method) && request.csrfToken && permission !== 'public') {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameText(sent, request.csrfToken)) {
        await options.onDenied?.(request.reader, `${request.method} ${request.routeOptions.url} without CSRF token`);
        throw errors.csrf();
      }
    }
    const issues = nulCharacterIssues({ params: request.params, querystring: request.query, body: request.body });
    if (issues.length) throw errors.validation(issues);
  });

  // Server time of every answer, so clients and benchmarks can tell the server from the network.
  app.decorateRequest('startedAt', 0);
  app.addHook('onRequest', async (request) => {
    request.startedAt = performance.now();
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('server-timing', `app;dur=${(performance.now() - request.startedAt).toFixed(1)}`);
    reply.header('x-request-id', request.id);
    if (!isApi(request)) return;
    // What a signed-in person or a program reads (or a session being handed out) stays out of
    // every cache; a cache may keep a public answer, but never give it for a signed-in request.
    const signedIn = Boolean(request.reader) && request.reader !== PUBLIC_READER;
    if (signedIn || reply.hasHeader('set-cookie')) reply.header('cache-control', 'no-store');
    reply.header('vary', 'Cookie, Authorization');
  });

  app.setErrorHandler((error, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'request';
      const issues = error.validation.map((v) => ({
        path: [where, ...String(v.instancePath ?? '').split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'invalid',
      }));
      return reply.status(400).send({ error: { code: 'validation_failed', message: errors.validation(issues).message, issues } });
    }
    if (error instanceof AppError) {
      return reply.status(error.status).send({ error: { code: error.code, message: error.message, issues: error.issues } });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.status(status).send({ error: { code: 'bad_request', message: (error as Error).message } });
    }
    // No stack trace or SQL leaves the server: the log has them, under the id the client is given.
    request.log.error({ err: error, req: request }, 'internal error');
    return reply.status(500).send({ error: { code: 'internal', message: 'something went wrong on our side', request_id: request.id } });
  });

  for (const routes of options.routes) await app.register(routes, { prefix: '/api/v1', ctx });
  if (options.webRoot && existsSync(join(options.webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: options.webRoot, wildcard: false, index: 'index.html' });
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/api/')) return reply.sendFile('index.html');
      return reply.status(404).send({ error: { code: 'not_found', message: `no such route: ${request.method} ${request.url.split('?')[0]}` } });
    });
  }
  app.get('/api/v1/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());
  return app;
}

