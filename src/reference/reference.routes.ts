import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../platform/context.js';

/** The country profile, read-only: what the forms, filters and other programs need to know. */
export const referenceRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const p = ctx.profile;
  const lists: Record<string, () => unknown> = {
    profile: () => p.settings,
    taxonomy: () => p.taxonomy,
    'victim-groups': () => ({ groups: p.victimGroups }),
    'perpetrator-types': () => ({ types: p.perpetratorTypes }),
    'context-tags': () => ({ tags: p.contextTags }),
    regions: () => ({ regions: p.regions }),
    'legal-codes': () => p.legalCodes,
    mappings: () => p.mappings,
  };
  for (const [name, body] of Object.entries(lists)) {
    app.get(`/reference/${name}`, { config: { permission: 'public' }, schema: { tags: ['reference'], summary: `The country profile's ${name}` } }, async () => body());
  }
};
