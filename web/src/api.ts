/** The few shapes of the public API this application reads; the API itself is documented in OpenAPI. */
export type Labels = Record<string, string>;

export interface IncidentSummary {
  id: string;
  date: string;
  region?: string | null;
  settlement?: string | null;
  source_language: string;
  titles: Record<string, string>;
  types: string[];
  victims: { group: string; name?: string }[];
}

export interface Incident {
  id: string;
  date: string;
  date_end?: string | null;
  region?: string | null;
  settlement?: string | null;
  source_language: string;
  texts: Record<string, { title: string; description: string; translation: string }>;
  acts: {
    type: string;
    victim_group: string;
    person?: { name?: string };
    organisation?: { name?: string };
    outcome?: string | null;
    perpetrators: { perpetrator_type: string; name?: string | null }[];
  }[];
  sources: { citation: string; url?: string | null }[];
  legal_cases: { id: string; kind: string; title: string; charges: { article: string }[]; events: { date: string; kind: string; detail?: string | null }[] }[];
}

export interface Reference {
  types: Map<string, Labels>;
  regions: Map<string, Labels>;
  groups: Map<string, Labels>;
  perpetrators: Map<string, Labels>;
  articles: Map<string, Labels>;
}

/** One problem with one field, as the API reports it (path like "body.texts.ru.title"). */
export interface FieldIssue {
  path: string;
  message: string;
}

/** An error the API answered with: its HTTP status, machine code and the fields at fault. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status = 0,
    readonly code = 'network',
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }
}

async function parse<T>(res: Response): Promise<T> {
  if (!res.ok) {
    const body = (await res.json().catch(() => undefined)) as { error?: { message?: string; code?: string; issues?: FieldIssue[] } } | undefined;
    throw new ApiError(body?.error?.message ?? `${res.status}`, res.status, body?.error?.code ?? 'http', body?.error?.issues ?? []);
  }
  return (await res.json()) as T;
}

export async function getJson<T>(path: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { accept: 'application/json' } });
  } catch (error) {
    throw new ApiError((error as Error).message, 0, 'network');
  }
  return parse<T>(res);
}

let csrfToken: string | null = null;
/** The session's CSRF token, which every write made with the session cookie must carry. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Asks the server for the session's CSRF token (none when nobody is signed in). */
async function fetchCsrfToken(): Promise<void> {
  setCsrfToken((await getJson<{ csrf_token: string | null }>('/api/v1/auth/session')).csrf_token);
}

/**
 * A write (POST, PUT, DELETE) as the signed-in user; a dropped connection throws ApiError with code
 * "network". A page that loaded offline has no CSRF token yet: the write asks for it first, and
 * once more if the server says it is missing.
 */
export async function send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const attempt = async () => {
    try {
      return await fetch(path, {
        method,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError((error as Error).message, 0, 'network');
    }
  };
  if (csrfToken === null) await fetchCsrfToken().catch(() => undefined);
  try {
    return await parse<T>(await attempt());
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'csrf_token_missing') throw error;
    await fetchCsrfToken();
    return parse<T>(await attempt());
  }
}

let reference: Promise<Reference> | undefined;

/** The country profile's labels, fetched once per page load. */
export function loadReference(): Promise<Reference> {
  const byCode = <T extends { code: string; labels: Labels }>(list: T[]) => new Map(list.map((x) => [x.code, x.labels]));
  reference ??= Promise.all([
    getJson<{ types: { code: string; labels: Labels }[] }>('/api/v1/reference/taxonomy'),
    getJson<{ regions: { code: string; labels: Labels }[] }>('/api/v1/reference/regions'),
    getJson<{ groups: { code: string; labels: Labels }[] }>('/api/v1/reference/victim-groups'),
    getJson<{ types: { code: string; labels: Labels }[] }>('/api/v1/reference/perpetrator-types'),
    getJson<{ articles: { code: string; labels: Labels }[] }>('/api/v1/reference/legal-codes'),
  ]).then(([t, r, g, p, a]) => ({ types: byCode(t.types), regions: byCode(r.regions), groups: byCode(g.groups), perpetrators: byCode(p.types), articles: byCode(a.articles) }));
  return reference;
}
