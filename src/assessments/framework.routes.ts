import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../platform/context.js';
import { frameworkFileSchema } from './framework.schema.js';
import { flattenElements, getFrameworkVersion, judgementScale, listFrameworkVersions, loadFrameworkVersion } from './framework.service.js';

const versionParams = z.object({ id: z.string().regex(/^[a-z0-9-]{2,61}@[A-Za-z0-9.-]{1,31}$/, 'a framework version id, e.g. jsi-national-2015@1') });

export const frameworkRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['assessments'];
  r.get('/frameworks', { config: { permission: 'assessments:read' }, schema: { tags, summary: 'The framework versions loaded' } }, async () => ({
    items: await listFrameworkVersions(ctx),
    judgement_scale: judgementScale(),
  }));
  // The file format, for whoever prepares a revised framework or UNESCO's official wording.
  const fileSchema = z.toJSONSchema(frameworkFileSchema, { io: 'input' });
  r.get('/frameworks/schema.json', { config: { permission: 'public' }, schema: { tags, summary: 'JSON Schema of a framework file' } }, async () => fileSchema);
  r.get('/frameworks/:id', { config: { permission: 'assessments:read' }, schema: { tags, summary: 'One framework version: its file and its elements in order', params: versionParams } }, async (req) => {
    const version = await getFrameworkVersion(ctx, req.params.id);
    return { ...version, elements: flattenElements(version.document) };
  });
  r.post(
    '/frameworks',
    {
      config: { permission: 'frameworks:manage' },
      schema: {
        tags,
        summary: 'Load a framework version from its file (data/frameworks/*.json); the same file again changes nothing',
        body: z.record(z.string(), z.unknown()).describe('a framework file; errors name the element and the field'),
      },
    },
    async (req, reply) => {
      const { version, created } = await loadFrameworkVersion(ctx, req.body, req.reader);
      reply.status(created ? 201 : 200);
      return { ...version, created };
    },
  );
};
