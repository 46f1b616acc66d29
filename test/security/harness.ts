import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { AppContext } from '../../src/platform/context.js';
import { tokenFor } from '../support/accounts.js';
import type { Doc } from './corpus.js';
import type { ReaderModel, World } from './visibility-model.js';

/**
 * What the security property tests share: the seed of a run, the readers of every role with their
 * tokens, imports, and the few API calls that change what readers may see.
 */

/** A fresh seed each run; JSI_PROPERTY_SEED repeats a failing one (fast-check prints it). */
export function propertyOptions(numRuns: number) {
  const seed = process.env.JSI_PROPERTY_SEED ? Number(process.env.JSI_PROPERTY_SEED) : Math.floor(Math.random() * 2 ** 31);
  return { seed, numRuns, endOnFailure: true, verbose: 1 as const };
}

export interface Account {
  readonly model: ReaderModel;
  readonly headers: Record<string, string>;
}

export interface AccountSpec {
  readonly name: string;
  readonly roles: string[];
  readonly regions?: string[];
  readonly grants?: string[];
}

/** Readers of every role, with and without the grant and regions where the data lies. */
export const READERS: readonly AccountSpec[] = [
  { name: 'public', roles: [] },
  { name: 'partner', roles: ['partner'] },
  { name: 'analyst', roles: ['analyst'] },
  { name: 'analyst with the confidential grant', roles: ['analyst'], grants: ['confidential'] },
  { name: 'monitor of KZ-ALA', roles: ['monitor'], regions: ['KZ-ALA'] },
  { name: 'monitor of KZ-KAR', roles: ['monitor'], regions: ['KZ-KAR'] },
  { name: 'lawyer', roles: ['lawyer'] },
  { name: 'lawyer with assigned cases', roles: ['lawyer'] },
  { name: 'partner and monitor of KZ-KAR', roles: ['partner', 'monitor'], regions: ['KZ-KAR'] },
];

export async function accountFor(ctx: AppContext, spec: AccountSpec): Promise<Account> {
  if (spec.roles.length === 0) return { model: { name: spec.name, userId: null, roles: [], regions: [], grants: [] }, headers: {} };
  const { headers, userId } = await tokenFor(ctx, spec.roles, { regions: spec.regions ?? [], grants: spec.grants ?? [] });
  return { model: { name: spec.name, userId, roles: spec.roles, regions: spec.regions ?? [], grants: spec.grants ?? [] }, headers };
}

export { importDocs } from '../support/import-docs.js';

/** The app, with the public's rate limit lifted: every request of these tests comes from one address. */
export async function appFor(ctx: AppContext, build: (ctx: AppContext) => Promise<FastifyInstance>): Promise<FastifyInstance> {
  return build({ ...ctx, config: { ...ctx.config, publicRateLimit: 1_000_000 } });
}

/** An incident created through the API by an account; the model records it as that account's. */
export async function createAs(app: FastifyInstance, world: World, account: Account, doc: Doc): Promise<void> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: account.headers, payload: { ...doc, status: 'received' } });
  expect(res.statusCode, res.body).toBe(201);
  world.incidents.get(doc.id)!.status = 'received';
}

/** An editor moves an incident on through the workflow. */
export async function moveTo(app: FastifyInstance, world: World, editor: Account, id: string, to: 'under_verification' | 'verified' | 'published'): Promise<void> {
  const path: Record<string, string[]> = { under_verification: ['under_verification'], verified: ['under_verification', 'verified'], published: ['under_verification', 'verified', 'published'] };
  for (const step of path[to]!) {
    const res = await app.inject({ method: 'POST', url: `/api/v1/incidents/${id}/transitions`, headers: editor.headers, payload: { to: step, reason: 'checked' } });
    expect(res.statusCode, res.body).toBe(200);
  }
  world.incidents.get(id)!.status = to;
}

/** An editor assigns a legal case to a lawyer. */
export async function assign(app: FastifyInstance, world: World, editor: Account, caseId: string, lawyer: Account): Promise<void> {
  const res = await app.inject({ method: 'POST', url: `/api/v1/legal-cases/${caseId}/assignees`, headers: editor.headers, payload: { user: lawyer.model.userId } });
  expect(res.statusCode, res.body).toBe(200);
  world.cases.get(caseId)!.assignees.add(lawyer.model.userId!);
}
