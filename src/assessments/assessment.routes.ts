import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../platform/context.js';
import { errors } from '../platform/errors.js';
import { recordHistory } from '../incidents/incident.service.js';
import { assessmentId, commentBody, createAssessmentBody, elementParam, evidenceBody, transitionBody, updateAssessmentBody, updateItemBody } from './assessment.schema.js';
import { addComment, createAssessment, getAssessment, getItem, itemId, listAssessments, transitionItem, updateAssessment, updateItem } from './assessment.service.js';
import { addEvidence, DOCUMENT_LIMIT_BYTES, itemHistory, listDocuments, readDocument, removeEvidence, uploadDocument } from './evidence.service.js';
import { assessmentOverview, judgementTrends } from './overview.service.js';
import { getSnapshot, listSnapshots, takeSnapshot } from './snapshot.service.js';

const idParams = z.object({ id: assessmentId });
const itemParams = idParams.extend({ element: elementParam });
const read = { permission: 'assessments:read' as const };
const write = { permission: 'assessments:write' as const };

export const assessmentRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  // Only these routes take uploads: one file, no larger than a document may be.
  await app.register(multipart, { limits: { files: 1, fileSize: DOCUMENT_LIMIT_BYTES, fields: 5 } });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['assessments'];

  r.get('/assessments', { config: read, schema: { tags, summary: 'JSI assessments, by country', querystring: z.object({ country: z.string().regex(/^[A-Z]{2}$/).optional() }) } }, async (req) => ({
    items: await listAssessments(ctx, req.query),
  }));
  r.post('/assessments', { config: write, schema: { tags, summary: 'Start an assessment of a country and year with a framework version', body: createAssessmentBody } }, async (req, reply) => {
    reply.status(201);
    return createAssessment(ctx, req.body, req.reader);
  });
  r.get('/assessments/trends', { config: read, schema: { tags, summary: "Judgements of the same elements across a country's assessment years", querystring: z.object({ country: z.string().regex(/^[A-Z]{2}$/) }) } }, (req) =>
    judgementTrends(ctx, req.query.country),
  );
  r.get('/assessments/:id', { config: read, schema: { tags, summary: 'An assessment: team, framework elements and each item’s status and judgement', params: idParams } }, (req) => getAssessment(ctx, req.params.id));
  r.put('/assessments/:id', { config: write, schema: { tags, summary: 'Change the title and the team (send the version you read)', params: idParams, body: updateAssessmentBody } }, (req) =>
    updateAssessment(ctx, req.params.id, req.body, req.reader),
  );
  r.get('/assessments/:id/history', { config: read, schema: { tags, summary: 'Every change to the assessment itself (items have their own history)', params: idParams } }, async (req) => {
    await getAssessment(ctx, req.params.id);
    return { history: await recordHistory(ctx, 'assessment', req.params.id) };
  });
  r.get('/assessments/:id/overview', { config: read, schema: { tags, summary: 'How much is assessed, judgements counted, what awaits review', params: idParams } }, (req) =>
    assessmentOverview(ctx, req.params.id),
  );

  r.get('/assessments/:id/items/:element', { config: read, schema: { tags, summary: 'One item: findings per language, judgement, evidence, comments, workflow', params: itemParams } }, (req) =>
    getItem(ctx, req.params.id, req.params.element, req.reader),
  );
  r.put('/assessments/:id/items/:element', { config: write, schema: { tags, summary: 'Change findings, judgement or original language (send the version you read)', params: itemParams, body: updateItemBody } }, (req) =>
    updateItem(ctx, req.params.id, req.params.element, req.body, req.reader),
  );
  r.post(
    '/assessments/:id/items/:element/transitions',
    { config: write, schema: { tags, summary: 'Move an item: draft → in_review → reviewed → approved (review and approval need their own permissions)', params: itemParams, body: transitionBody } },
    (req) => transitionItem(ctx, req.params.id, req.params.element, req.body.to, req.body.reason, req.reader),
  );
  r.post('/assessments/:id/items/:element/comments', { config: write, schema: { tags, summary: 'A reviewer’s comment on an item', params: itemParams, body: commentBody } }, async (req, reply) => {
    reply.status(201);
    return addComment(ctx, req.params.id, req.params.element, req.body.text, req.reader);
  });
  r.post('/assessments/:id/items/:element/evidence', { config: write, schema: { tags, summary: 'Cite an incident, a frozen statistics table, a document or a dataset', params: itemParams, body: evidenceBody } }, async (req, reply) => {
    reply.status(201);
    return addEvidence(ctx, req.params.id, req.params.element, req.body, req.reader);
  });
  r.delete(
    '/assessments/:id/items/:element/evidence/:evidence',
    { config: write, schema: { tags, summary: 'Remove a citation', params: itemParams.extend({ evidence: z.string().min(1).max(100) }) } },
    async (req, reply) => {
      await removeEvidence(ctx, req.params.id, req.params.element, req.params.evidence, req.reader);
      return reply.status(204).send();
    },
  );
  r.get('/assessments/:id/items/:element/history', { config: read, schema: { tags, summary: 'Every change to an item', params: itemParams } }, async (req) => ({
    history: await itemHistory(ctx, await itemId(ctx, req.params.id, req.params.element), req.reader),
  }));

  r.get('/assessments/:id/documents', { config: read, schema: { tags, summary: 'Documents uploaded to an assessment', params: idParams } }, async (req) => ({ items: await listDocuments(ctx, req.params.id) }));
  r.post(
    '/assessments/:id/documents',
    { config: write, schema: { tags, summary: `Upload a document (multipart/form-data, field "file"; PDF, PNG, JPEG, DOCX, XLSX, text or CSV; at most ${DOCUMENT_LIMIT_BYTES / 1024 / 1024} MB)`, params: idParams, consumes: ['multipart/form-data'] } },
    async (req, reply) => {
      if (!req.isMultipart()) throw errors.validation([{ path: 'file', message: 'send the document as multipart/form-data in a field named "file"' }]);
      const file = await req.file();
      if (!file) throw errors.validation([{ path: 'file', message: 'no file was sent' }]);
      let bytes: Buffer;
      try {
        bytes = await file.toBuffer();
      } catch (error) {
        if ((error as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw error;
        throw errors.validation([{ path: 'file', message: `the file is larger than ${DOCUMENT_LIMIT_BYTES / 1024 / 1024} MB` }]);
      }
      reply.status(201);
      return uploadDocument(ctx, req.params.id, { filename: file.filename, contentType: file.mimetype, bytes }, req.reader);
    },
  );
  r.get(
    '/assessments/:id/documents/:document',
    { config: read, schema: { tags, summary: 'Download a document', params: idParams.extend({ document: z.string().min(1).max(100) }) } },
    async (req, reply) => {
      const doc = await readDocument(ctx, req.params.id, req.params.document);
      reply.header('content-type', doc.content_type);
      // Always a download: an uploaded file never renders inside our origin.
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.filename)}`);
      reply.header('x-content-type-options', 'nosniff');
      return reply.send(doc.bytes);
    },
  );

  r.post('/assessments/:id/snapshots', { config: write, schema: { tags, summary: "Freeze the year's A.1 statistics (named tables, SDG 16.10.1, impunity) for the report to cite", params: idParams } }, async (req, reply) => {
    reply.status(201);
    return takeSnapshot(ctx, req.params.id, req.reader);
  });
  r.get('/assessments/:id/snapshots', { config: read, schema: { tags, summary: 'The snapshots of an assessment, newest first', params: idParams } }, async (req) => ({ items: await listSnapshots(ctx, req.params.id) }));
  r.get(
    '/assessments/:id/snapshots/:snapshot',
    { config: read, schema: { tags, summary: 'One snapshot with its frozen tables', params: idParams.extend({ snapshot: z.string().min(1).max(100) }) } },
    (req) => getSnapshot(ctx, req.params.id, req.params.snapshot),
  );
};
