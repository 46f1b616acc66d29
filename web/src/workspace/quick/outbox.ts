import { ApiError, type FieldIssue, send } from '../../api';

/**
 * A correspondent's reports on this device: the draft being typed, and the outbox of reports
 * sent but not yet received by the server. Both live in localStorage, so a reload, a closed tab
 * or a dropped connection loses nothing.
 *
 * Each report gets its key (crypto.randomUUID) and its body once, when it is put in the outbox,
 * and every attempt sends exactly that body with that key as `Idempotency-Key`: the server creates
 * the incident on the first attempt that reaches it and answers every later one with the same
 * record, so a report whose answer was lost on the way back is never recorded twice.
 */

export interface OutboxItem {
  key: string;
  title: string;
  queued_at: string;
  body: Record<string, unknown>;
  state: 'waiting' | 'sent' | 'refused';
  incident_id?: string;
  /** Why the server refused it (a refusal is not retried: the same body would be refused again). */
  issues?: FieldIssue[];
  refusal?: string;
}

const KEEP_SENT = 20;
const outboxKey = (userId: string) => `jsi.quick.outbox.${userId}`;
const draftKey = (userId: string) => `jsi.quick.draft.${userId}`;

function read<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

export const readOutbox = (userId: string) => read<OutboxItem[]>(outboxKey(userId), []);
const writeOutbox = (userId: string, items: OutboxItem[]) => localStorage.setItem(outboxKey(userId), JSON.stringify(items));

export function readDraft<T>(userId: string, fallback: T): T {
  return { ...fallback, ...read<Partial<T>>(draftKey(userId), {}) };
}
export const saveDraft = (userId: string, draft: object) => localStorage.setItem(draftKey(userId), JSON.stringify(draft));
export const clearDraft = (userId: string) => localStorage.removeItem(draftKey(userId));

/** Puts a report in the outbox, with its key and body fixed from now on. */
export function enqueue(userId: string, title: string, body: Record<string, unknown>): OutboxItem {
  const item: OutboxItem = { key: crypto.randomUUID(), title, queued_at: new Date().toISOString(), body, state: 'waiting' };
  writeOutbox(userId, [item, ...readOutbox(userId)]);
  return item;
}

function update(userId: string, key: string, change: Partial<OutboxItem>): void {
  const items = readOutbox(userId).map((i) => (i.key === key ? { ...i, ...change } : i));
  const sent = items.filter((i) => i.state === 'sent');
  // Old confirmations go; reports not yet received never do.
  const dropped = new Set(sent.slice(KEEP_SENT).map((i) => i.key));
  writeOutbox(userId, items.filter((i) => !dropped.has(i.key)));
}

export function remove(userId: string, key: string): void {
  writeOutbox(userId, readOutbox(userId).filter((i) => i.key !== key));
}

let flushing: Promise<void> | undefined;

/**
 * Sends every waiting report, one at a time. Calls made while a round runs (an `online` event
 * and the retry timer together) join that round instead of starting a second one; other tabs
 * may still send the same report, which the key makes harmless.
 */
export function flush(userId: string): Promise<void> {
  flushing ??= (async () => {
    try {
      for (const item of readOutbox(userId).filter((i) => i.state === 'waiting').reverse()) {
        try {
          const created = await send<{ doc: { id: string } }>('POST', '/api/v1/incidents', item.body, { 'Idempotency-Key': item.key });
          update(userId, item.key, { state: 'sent', incident_id: created.doc.id });
        } catch (error) {
          if (!(error instanceof ApiError) || !isFinalRefusal(error)) return; // no connection, or the server is down: try later
          update(userId, item.key, { state: 'refused', issues: error.issues, refusal: error.code });
        }
      }
    } finally {
      flushing = undefined;
    }
  })();
  return flushing;
}

/** A refusal that sending again will not change; a lost connection, a server error or an ended session will. */
function isFinalRefusal(error: ApiError): boolean {
  return error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 408 && error.status !== 429 && error.code !== 'csrf_token_missing';
}
