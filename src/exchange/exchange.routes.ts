import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { incidentFilterSchema } from '../incidents/incident.filters.js';
import type { AppContext } from '../platform/context.js';
import { CONTENT_TYPES, exportIncidents, FILE_EXTENSIONS } from './export.js';
import { EXCHANGE_FORMATS, type ExchangeFormat } from './formats.js';
import { importFile } from './import.js';
import { incidentSchema } from './interchange.schema.js';

const UPLOAD_TYPES: Record<string, ExchangeFormat> = {
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'application/zip': 'csv',
  [CONTENT_TYPES.xlsx]: 'xlsx',
};

export const exchangeRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['exchange'];
  const schema = z.toJSONSchema(incidentSchema, { io: 'input', unrepresentable: 'any' });

  r.get('/exchange/schema.json', { config: { permission: 'public' }, schema: { tags, summary: 'JSON Schema of one interchange record (one line of JSON Lines)' } }, async () => schema);

  r.get(
    '/export',
    {
      config: { permission: 'public' },
      schema: { tags, summary: 'Download incidents as JSON Lines, CSV tables (ZIP) or XLSX', querystring: incidentFilterSchema.extend({ format: z.enum(EXCHANGE_FORMATS).default('jsonl') }) },
    },
    async (req, reply) => {
      const { format, ...filter } = req.query;
      reply.header('content-type', CONTENT_TYPES[format]);
      reply.header('content-disposition', `attachment; filename="incidents.${FILE_EXTENSIONS[format]}"`);
      return reply.send(Readable.from(exportIncidents(ctx, filter, req.reader, format)));
    },
  );

  for (const type of Object.keys(UPLOAD_TYPES)) {
    if (!app.hasContentTypeParser(type)) app.addContentTypeParser(type, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  }
  r.post(
    '/import',
    {
      config: { permission: 'exchange:import' },
      schema: {
        tags,
        summary: 'Import a file: all of it lands, or nothing (send dry_run=true to check only)',
        description: `Send the file as the body, with content type ${Object.keys(UPLOAD_TYPES).join(', ')}.`,
        querystring: z.object({ dry_run: z.enum(['true', 'false']).default('false') }),
      },
    },
    async (req, reply) => {
      const format = UPLOAD_TYPES[String(req.headers['content-type']).split(';')[0]!.trim()];
      if (!format || !Buffer.isBuffer(req.body)) {
        return reply.status(415).send({ error: { code: 'unsupported_media_type', message: `send the file with one of: ${Object.keys(UPLOAD_TYPES).join(', ')}` } });
      }
      const dir = await mkdtemp(join(tmpdir(), 'jsi-import-'));
      try {
        const path = join(dir, `upload.${FILE_EXTENSIONS[format]}`);
        await writeFile(path, req.body);
        const report = await importFile(ctx, path, { dryRun: req.query.dry_run === 'true', actor: req.reader.actor, reader: req.reader, format });
        return reply.status(report.errors.length ? 422 : 200).send(report);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
};
