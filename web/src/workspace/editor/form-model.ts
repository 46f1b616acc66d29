/**
 * The incident form's state and its two translations: from the API's document (editing) and back
 * to what POST/PUT /api/v1/incidents accept (src/exchange/interchange.schema.ts). Field paths are
 * the document's own (`texts.ru.title`, `acts.1.type`), so an issue the server names lands beside
 * the field that holds it.
 */

export const TEXT_LANGUAGES = ['ru', 'kk', 'en'] as const;
export type TextLanguage = (typeof TEXT_LANGUAGES)[number];
export const TRANSLATION_STATUSES = ['original', 'machine', 'draft', 'reviewed'] as const;
export const PRECISIONS = ['day', 'month', 'year'] as const;
export type Precision = (typeof PRECISIONS)[number];
export const DEGREES = ['perpetrator', 'instigator', 'accomplice'] as const;
export const SOURCE_KINDS = ['publication', 'interview', 'document', 'court_record', 'victim', 'monitor_report', 'social_media', 'assessment_report', 'other'] as const;
export const RELIABILITIES = ['confirmed', 'reliable', 'unconfirmed', 'doubtful'] as const;
export const GENDERS = ['female', 'male', 'other'] as const;

/** The fields the API lets one mark confidential, per part of the record (src/reference/vocabulary.ts). */
export const CONFIDENTIAL = {
  incident: ['description', 'settlement', 'sources'],
  act: ['outcome', 'victim'],
  source: ['identity', 'url', 'citation'],
} as const;

export interface Victim {
  /** An existing record is sent by id alone; a new one with its name, and the server creates it. */
  id?: string;
  name: string;
  gender: string;
}

export interface ActForm {
  key: string;
  id?: string;
  type: string;
  victim_kind: 'person' | 'organisation';
  victim_group: string;
  victim: Victim;
  outcome: string;
  perpetrators: { perpetrator_type: string; name: string; degree: string }[];
  confidential_fields: string[];
}

export interface SourceForm {
  key: string;
  id?: string;
  kind: string;
  citation: string;
  url: string;
  published_on: string;
  reliability: string;
  public: boolean;
  identity: string;
  confidential_fields: string[];
}

export interface IncidentForm {
  precision: Precision;
  date: string;
  range: boolean;
  date_end: string;
  region: string;
  settlement: string;
  source_language: TextLanguage;
  texts: Record<TextLanguage, { title: string; description: string; translation: string }>;
  context: string[];
  confidential: boolean;
  confidential_fields: string[];
  acts: ActForm[];
  sources: SourceForm[];
}

/** The document as the API gives it; only what the form reads. */
export interface IncidentDocument {
  id: string;
  status: string;
  merged_into?: string | null;
  date: string;
  date_end?: string | null;
  region?: string | null;
  settlement?: string | null;
  source_language: TextLanguage;
  texts: Partial<Record<TextLanguage, { title: string; description?: string; translation?: string }>>;
  context?: string[];
  confidential?: boolean;
  confidential_fields?: string[];
  acts: {
    id?: string;
    type: string;
    victim_group: string;
    person?: { id: string; name?: string; gender?: string | null } | null;
    organisation?: { id: string; name?: string } | null;
    outcome?: string | null;
    perpetrators?: { perpetrator_type: string; name?: string | null; degree?: string }[];
    confidential_fields?: string[];
  }[];
  sources?: {
    id?: string;
    kind: string;
    citation: string;
    url?: string | null;
    published_on?: string | null;
    reliability: string;
    public?: boolean;
    identity?: string | null;
    confidential_fields?: string[];
  }[];
  legal_cases?: unknown[];
}

let counter = 0;
/** A stable React key for a row that has no id yet. */
export const rowKey = () => `row-${++counter}`;

export const emptyAct = (): ActForm => ({
  key: rowKey(),
  type: '',
  victim_kind: 'person',
  victim_group: '',
  victim: { name: '', gender: '' },
  outcome: '',
  perpetrators: [],
  confidential_fields: [],
});

export const emptySource = (): SourceForm => ({
  key: rowKey(),
  kind: 'publication',
  citation: '',
  url: '',
  published_on: '',
  reliability: 'unconfirmed',
  public: false,
  identity: '',
  confidential_fields: [],
});

const emptyTexts = () => ({
  ru: { title: '', description: '', translation: 'original' },
  kk: { title: '', description: '', translation: 'draft' },
  en: { title: '', description: '', translation: 'draft' },
});

export function emptyForm(language: string): IncidentForm {
  return {
    precision: 'day',
    date: '',
    range: false,
    date_end: '',
    region: '',
    settlement: '',
    source_language: (TEXT_LANGUAGES as readonly string[]).includes(language) ? (language as TextLanguage) : 'ru',
    texts: emptyTexts(),
    context: [],
    confidential: false,
    confidential_fields: [],
    acts: [emptyAct()],
    sources: [],
  };
}

export const precisionOf = (date: string): Precision => (date.length === 4 ? 'year' : date.length === 7 ? 'month' : 'day');

export function formFromDocument(doc: IncidentDocument): IncidentForm {
  const texts = emptyTexts();
  for (const lang of TEXT_LANGUAGES) {
    const t = doc.texts[lang];
    if (t) texts[lang] = { title: t.title, description: t.description ?? '', translation: t.translation ?? 'original' };
  }
  return {
    precision: precisionOf(doc.date),
    date: doc.date,
    range: Boolean(doc.date_end),
    date_end: doc.date_end ?? '',
    region: doc.region ?? '',
    settlement: doc.settlement ?? '',
    source_language: doc.source_language,
    texts,
    context: doc.context ?? [],
    confidential: doc.confidential ?? false,
    confidential_fields: doc.confidential_fields ?? [],
    acts: doc.acts.map((a) => ({
      key: rowKey(),
      id: a.id,
      type: a.type,
      victim_kind: a.organisation ? 'organisation' : 'person',
      victim_group: a.victim_group,
      victim: a.organisation ? { id: a.organisation.id, name: a.organisation.name ?? a.organisation.id, gender: '' } : { id: a.person?.id, name: a.person?.name ?? a.person?.id ?? '', gender: a.person?.gender ?? '' },
      outcome: a.outcome ?? '',
      perpetrators: (a.perpetrators ?? []).map((p) => ({ perpetrator_type: p.perpetrator_type, name: p.name ?? '', degree: p.degree ?? 'perpetrator' })),
      confidential_fields: a.confidential_fields ?? [],
    })),
    sources: (doc.sources ?? []).map((s) => ({
      key: rowKey(),
      id: s.id,
      kind: s.kind,
      citation: s.citation,
      url: s.url ?? '',
      published_on: s.published_on ?? '',
      reliability: s.reliability,
      public: s.public ?? false,
      identity: s.identity ?? '',
      confidential_fields: s.confidential_fields ?? [],
    })),
  };
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** The request body; `base` keeps what the form does not edit (id, status, legal cases). */
export function documentFromForm(form: IncidentForm, base?: IncidentDocument): Record<string, unknown> {
  const texts: Record<string, unknown> = {};
  for (const lang of TEXT_LANGUAGES) {
    const t = form.texts[lang];
    // An empty language is left out; the source language is always sent, so the server names it if empty.
    if (lang === form.source_language || t.title.trim() || t.description.trim()) texts[lang] = { title: t.title, description: t.description, translation: t.translation };
  }
  return {
    ...(base ? { id: base.id, status: base.status, merged_into: base.merged_into ?? null, legal_cases: base.legal_cases ?? [] } : {}),
    date: form.date,
    date_end: form.range ? orNull(form.date_end) : null,
    region: orNull(form.region),
    settlement: orNull(form.settlement),
    source_language: form.source_language,
    texts,
    context: form.context,
    confidential: form.confidential,
    confidential_fields: form.confidential_fields,
    acts: form.acts.map((a) => {
      const victim = a.victim.id ? { id: a.victim.id } : a.victim_kind === 'person' ? { id: newRecordId('p'), name: a.victim.name.trim(), ...(a.victim.gender ? { gender: a.victim.gender } : {}) } : { id: newRecordId('o'), name: a.victim.name.trim(), kind: a.victim_group };
      return {
        ...(a.id ? { id: a.id } : {}),
        type: a.type,
        victim_group: a.victim_group,
        [a.victim_kind]: victim,
        outcome: orNull(a.outcome),
        perpetrators: a.perpetrators.map((p) => ({ perpetrator_type: p.perpetrator_type, name: orNull(p.name), degree: p.degree })),
        confidential_fields: a.confidential_fields,
      };
    }),
    sources: form.sources.map((s) => ({
      ...(s.id ? { id: s.id } : {}),
      kind: s.kind,
      citation: s.citation,
      url: orNull(s.url),
      published_on: orNull(s.published_on),
      reliability: s.reliability,
      public: s.public,
      identity: orNull(s.identity),
      confidential_fields: s.confidential_fields,
    })),
  };
}

/** A new victim record's id, chosen here so that the incident and the person are written together. */
function newRecordId(prefix: 'p' | 'o'): string {
  return `${prefix}-${crypto.randomUUID()}`;
}

/** The checks the browser can make before sending: missing required fields. The server checks everything again. */
export function clientIssues(form: IncidentForm): Record<string, string> {
  const issues: Record<string, string> = {};
  const need = (path: string, value: string) => {
    if (!value.trim()) issues[path] = 'required';
  };
  need('date', form.date);
  if (form.range) need('date_end', form.date_end);
  need(`texts.${form.source_language}.title`, form.texts[form.source_language].title);
  form.acts.forEach((a, i) => {
    need(`acts.${i}.type`, a.type);
    need(`acts.${i}.victim_group`, a.victim_group);
    if (!a.victim.id) need(`acts.${i}.${a.victim_kind}`, a.victim.name);
    a.perpetrators.forEach((p, k) => need(`acts.${i}.perpetrators.${k}.perpetrator_type`, p.perpetrator_type));
  });
  form.sources.forEach((s, i) => need(`sources.${i}.citation`, s.citation));
  if (form.acts.length === 0) issues.acts = 'oneAct';
  return issues;
}

/** Every path the form shows a field for; an issue lands on the longest one that starts its path. */
export function fieldPaths(form: IncidentForm): string[] {
  const paths = ['date', 'date_end', 'region', 'settlement', 'source_language', 'context', 'acts', 'sources'];
  for (const lang of TEXT_LANGUAGES) paths.push(`texts.${lang}`, `texts.${lang}.title`, `texts.${lang}.description`, `texts.${lang}.translation`);
  form.acts.forEach((a, i) => {
    paths.push(`acts.${i}.type`, `acts.${i}.victim_group`, `acts.${i}.person`, `acts.${i}.organisation`, `acts.${i}.outcome`);
    a.perpetrators.forEach((_, k) => paths.push(`acts.${i}.perpetrators.${k}.perpetrator_type`, `acts.${i}.perpetrators.${k}.name`));
  });
  form.sources.forEach((_, i) => paths.push(`sources.${i}.citation`, `sources.${i}.url`, `sources.${i}.published_on`, `sources.${i}.identity`, `sources.${i}.kind`, `sources.${i}.reliability`));
  return paths;
}

/**
 * The API's issue path without its envelope: "body.texts.ru.title" (schema check of POST),
 * "body.incident.texts.ru.title" (of PUT) and "texts.ru.title" (the country profile's check) are
 * the same field.
 */
export function documentPath(apiPath: string): string {
  return apiPath.replace(/^body\./, '').replace(/^incident\./, '');
}

/** Places each issue on its field's path; what matches no field is returned under "". */
export function placeIssues(form: IncidentForm, issues: { path: string; message: string }[]): Record<string, string[]> {
  const known = fieldPaths(form).sort((a, b) => b.length - a.length);
  const placed: Record<string, string[]> = {};
  for (const issue of issues) {
    const path = documentPath(issue.path);
    // "texts.ru" (no text in the source language) belongs to that language's title.
    const target = /^texts\.\w\w$/.test(path) ? `${path}.title` : known.find((k) => path === k || path.startsWith(`${k}.`)) ?? '';
    (placed[target] ??= []).push(issue.message);
  }
  return placed;
}
