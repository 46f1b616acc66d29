import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import type { Reader } from '../../platform/reader.js';
import { getAssessment } from '../assessment.service.js';
import type { ReportFormat, ReportLang } from './report-model.js';
import { type RenderedReport, type ReportStep, renderReport, stepsOf } from './report.service.js';

/**
 * Report renders started from the web application. A render takes seconds (Chromium prints the
 * PDF), so it runs in the background, one at a time, and the page polls its progress. Jobs live in
 * this process's memory for an hour: a restart forgets them, and the user starts another.
 */

export interface ReportJobView {
  readonly id: string;
  readonly assessment_id: string;
  readonly lang: ReportLang;
  readonly format: ReportFormat;
  readonly status: 'queued' | 'running' | 'done' | 'failed';
  readonly step: ReportStep | null;
  readonly steps: readonly ReportStep[];
  /** 0–100: the share of steps finished. */
  readonly progress: number;
  readonly error: string | null;
  readonly filename: string | null;
  readonly created_at: string;
}

interface Job extends ReportJobView {
  readonly owner: string;
  file: RenderedReport | null;
}

const KEEP_MS = 60 * 60 * 1000;
const MAX_JOBS = 200;
const jobs = new Map<string, Job>();
let queue: Promise<unknown> = Promise.resolve();

const view = ({ owner: _o, file: _f, ...rest }: Job): ReportJobView => rest;

function prune(now: number): void {
  for (const [id, job] of jobs) if (now - Date.parse(job.created_at) > KEEP_MS) jobs.delete(id);
  while (jobs.size > MAX_JOBS) jobs.delete(jobs.keys().next().value!);
}

export async function startReportJob(ctx: AppContext, assessmentId: string, lang: ReportLang, format: ReportFormat, reader: Reader): Promise<ReportJobView> {
  await getAssessment(ctx, assessmentId);
  prune(Date.now());
  const steps = stepsOf(format);
  const job: Job = {
    id: randomUUID(),
    assessment_id: assessmentId,
    lang,
    format,
    status: 'queued',
    step: null,
    steps,
    progress: 0,
    error: null,
    filename: null,
    created_at: new Date().toISOString(),
    owner: reader.actor,
    file: null,
  };
  jobs.set(job.id, job);
  const update = (patch: Partial<Job>) => jobs.set(job.id, Object.assign(jobs.get(job.id) ?? job, patch));
  queue = queue.then(async () => {
    update({ status: 'running' });
    try {
      const file = await renderReport(ctx, assessmentId, lang, format, {
        onStep: (step) => update({ step, progress: Math.round((steps.indexOf(step) / steps.length) * 100) }),
      });
      update({ status: 'done', progress: 100, file, filename: file.filename });
    } catch (error) {
      update({ status: 'failed', error: (error as Error).message });
    }
  });
  return view(job);
}

/** A job, for whoever started it (a render can hold what only its owner may read). */
function ownJob(id: string, reader: Reader): Job {
  const job = jobs.get(id);
  if (!job || job.owner !== reader.actor) throw errors.notFound('report job', id);
  return job;
}

export const getReportJob = (id: string, reader: Reader): ReportJobView => view(ownJob(id, reader));

export function reportJobFile(id: string, reader: Reader): RenderedReport {
  const job = ownJob(id, reader);
  if (job.status !== 'done' || !job.file) throw errors.conflict(`report job ${id} is ${job.status}${job.error ? `: ${job.error}` : ''}`);
  return job.file;
}

/** Waits for every queued render (tests, and a clean shutdown). */
export const reportJobsIdle = () => queue;
