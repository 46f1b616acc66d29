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

export class ApiError extends Error {}

export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  if (!res.ok) {
    const body = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
    throw new ApiError(body?.error?.message ?? `${res.status}`);
  }
  return (await res.json()) as T;
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
