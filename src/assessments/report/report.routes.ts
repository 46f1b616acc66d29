import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { assessmentId } from '../assessment.schema.js';
import { REPORT_FORMATS, REPORT_LANGS } from './report-model.js';
import { getReportJob, reportJobFile, startReportJob } from './report.jobs.js';

/** Rendering the national report: start a job, follow its progress, download the file. */

const read = { permission: 'assessments:read' as const };
const jobParams = z.object({ id: z.string().uuid() });

export const reportRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reports'];

  r.post(
    '/assessments/:id/report',
    {
      config: read,
      schema: {
        tags,
        summary: 'Start rendering the report of an assessment in a language and format; poll the job it returns',
        params: z.object({ id: assessmentId }),
        body: z.object({ lang: z.enum(REPORT_LANGS as ['en', 'ru', 'kk']), format: z.enum(REPORT_FORMATS as ['html', 'pdf', 'docx']) }),
      },
    },
    async (req, reply) => {
      reply.status(202);
      return startReportJob(ctx, req.params.id, req.body.lang, req.body.format, req.reader);
    },
  );
  r.get('/report-jobs/:id', { config: read, schema: { tags, summary: 'A report job: its step, progress, and whether the file is ready', params: jobParams } }, (req) =>
    getReportJob(req.params.id, req.reader),
  );
  r.get('/report-jobs/:id/file', { config: read, schema: { tags, summary: 'The rendered report of a finished job', params: jobParams } }, async (req, reply) => {
    const file = reportJobFile(req.params.id, req.reader);
    reply.header('content-type', file.contentType);
    reply.header('content-disposition', `attachment; filename="${file.filename}"`);
    return reply.send(file.bytes);
  });
};
