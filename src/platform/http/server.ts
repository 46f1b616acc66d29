import { timingSafeEqual } from 'node:crypto';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { AppError, errors } from '../errors.js';
import { operatorReader, type Permission, PERMISSIONS, PUBLIC_READER, type Reader } from '../reader.js';

declare module 'fastify' {
  interface FastifyRequest {
    reader: Reader;
    startedAt: number;
  }
  interface FastifyContextConfig {
    /** What the route needs; every API route must say. */
    permission?: Permission;
  }
}

export interface ServerOptions {
  readonly routes: readonly FastifyPluginAsync<{ ctx: AppContext }>[];
  /**
   * A shared secret that gives full staff access to the API until accounts exist. Without it, the
   * API serves the public view only and writes are refused.
   */
  readonly staffToken?: string;
  readonly logger?: boolean;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The HTTP server: validation, the OpenAPI document, who is asking, permissions, errors. */
export async function buildServer(ctx: AppContext, options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 20 * 1024 * 1024 });
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
    if (route.url.startsWith('/api/v1') && !route.config?.permission) {
      throw new Error(`route ${route.method} ${route.url} declares no permission`);
    }
  });
  app.decorateRequest('reader', null as unknown as Reader);
  app.addHook('onRequest', async (request) => {
    request.reader = PUBLIC_READER;
    const header = request.headers.authorization;
    if (header) {
      const token = header.replace(/^Bearer\s+/i, '');
      if (!options.staffToken || !sameSecret(token, options.staffToken)) throw errors.unauthorized();
      request.reader = operatorReader('api-token');
    }
  });
  app.addHook('preHandler', async (request) => {
    const permission = request.routeOptions.config.permission;
    if (!permission || request.reader.can(permission)) return;
    throw request.reader === PUBLIC_READER ? errors.unauthorized() : errors.forbidden(permission);
  });

  // Server time of every answer, so clients and benchmarks can tell the server from the network.
  app.decorateRequest('startedAt', 0);
  app.addHook('onRequest', async (request) => {
    request.startedAt = performance.now();
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('server-timing', `app;dur=${(performance.now() - request.startedAt).toFixed(1)}`);
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
    request.log.error(error);
    // No stack trace or SQL leaves the server.
    return reply.status(500).send({ error: { code: 'internal', message: 'something went wrong on our side' } });
  });

  for (const routes of options.routes) await app.register(routes, { prefix: '/api/v1', ctx });
  app.get('/api/v1/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());
  return app;
}

export { PERMISSIONS };
