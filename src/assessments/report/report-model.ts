/**
 * Everything one national JSI report needs, already in one language. The model is built once from
 * an assessment and the snapshot it cites (build-model.ts); every renderer (HTML, PDF, DOCX) reads
 * only this, so the three outputs hold the same text, tables and figures.
 *
 * Text that users wrote (findings, foreword, summaries) travels as Markdown and is rendered with
 * raw HTML switched off; nothing confidential is ever put into the model.
 */

export type ReportLang = 'en' | 'ru' | 'kk';
export const REPORT_LANGS: readonly ReportLang[] = ['en', 'ru', 'kk'];

export type ReportFormat = 'html' | 'pdf' | 'docx';
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'pdf', 'docx'];

/** Where a piece of text came from when it is not written in the report's language. */
export interface TextOrigin {
  /** The language the text is actually written in. */
  readonly lang: ReportLang;
  /** True when the text is not in the report's language (a fallback to the original). */
  readonly untranslated: boolean;
  /** True when the text is a translation (from `source_lang`), with its review status. */
  readonly translated: boolean;
  readonly source_lang: ReportLang | null;
  /** e.g. `machine`, `draft`, `reviewed`; null for an original text. */
  readonly status: string | null;
}

export interface LocalText extends TextOrigin {
  readonly markdown: string;
}

export interface ReportPerson {
  readonly name: string;
  readonly role: string;
}

export interface SnapshotCitation {
  readonly id: string;
  readonly taken_at: string;
  readonly record_count: number;
  readonly tables: readonly { readonly id: string; readonly version: string }[];
}

export interface ReportEvidence {
  readonly kind: string;
  /** What the reader sees: a title, an incident's headline, a table's title. */
  readonly label: string;
  /** A link or a citation (a URL, `seed line 412`, a table id…); null when there is none. */
  readonly reference: string | null;
  readonly note: string | null;
  /** A dataset evidence item printed as a table (e.g. internet providers by market share). */
  readonly table: ReportTable | null;
}

export interface JudgementCount {
  readonly judgement: string;
  readonly label: string;
  readonly count: number;
}

export interface ReportElement {
  /** `A.1`, `B.3.ii`… */
  readonly id: string;
  readonly level: 'indicator' | 'sub_indicator';
  readonly title: string;
  /** The judgement's code and its label in the report's language; null when not judged. */
  readonly judgement: string | null;
  readonly judgement_label: string | null;
  readonly findings: LocalText | null;
  readonly evidence: readonly ReportEvidence[];
  /** Footnote numbers (into ReportModel.footnotes) cited by this element. */
  readonly footnotes: readonly number[];
  readonly sub_indicators: readonly ReportElement[];
}

export interface CategorySummary {
  readonly judgements: readonly JudgementCount[];
  /** The category's own summary of findings, written by the team. */
  readonly findings: LocalText | null;
}

export interface ReportCategory {
  /** `A`…`E` */
  readonly id: string;
  readonly title: string;
  readonly indicators: readonly ReportElement[];
  readonly summary: CategorySummary;
}

export interface ReportTable {
  readonly id: string;
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** The table's methodology note, in the report's language. */
  readonly note: string | null;
  readonly version: string | null;
}

export interface ReportChart {
  readonly id: string;
  readonly title: string;
  /** A self-contained SVG document. */
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

export interface ReportStatistics {
  /** The indicator the statistics belong to (A.1). */
  readonly indicator: string;
  readonly tables: readonly ReportTable[];
  readonly charts: readonly ReportChart[];
  readonly map: ReportChart | null;
  /** Why charts or the map are absent, when they are. */
  readonly notes: readonly string[];
}

export interface Abbreviation {
  readonly short: string;
  readonly full: string;
}

export interface BibliographyEntry {
  readonly id: string;
  /** A full citation, already formatted. */
  readonly text: string;
  readonly url: string | null;
}

export interface Footnote {
  readonly n: number;
  readonly text: string;
}

export interface ReportModel {
  readonly lang: ReportLang;
  readonly assessment_id: string;
  readonly country: string;
  readonly country_name: string;
  readonly year: number;
  readonly title: string;
  readonly subtitle: string;
  readonly framework: { readonly id: string; readonly version: string; readonly title: string };
  readonly team: readonly ReportPerson[];
  readonly snapshot: SnapshotCitation | null;
  /** ISO time the model was built: the only thing that changes between two renders of one snapshot. */
  readonly rendered_at: string;
  readonly foreword: LocalText | null;
  readonly executive_summary: LocalText | null;
  readonly introduction: LocalText | null;
  readonly methodology: LocalText | null;
  readonly recommendations: LocalText | null;
  readonly abbreviations: readonly Abbreviation[];
  readonly categories: readonly ReportCategory[];
  readonly statistics: ReportStatistics;
  readonly bibliography: readonly BibliographyEntry[];
  readonly footnotes: readonly Footnote[];
  /** The report's fixed wording (section names, "untranslated"…) in its language. */
  readonly labels: ReportLabels;
}

export interface ReportLabels {
  readonly contents: string;
  readonly foreword: string;
  readonly abbreviations: string;
  readonly executive_summary: string;
  readonly introduction: string;
  readonly judgement: string;
  readonly not_judged: string;
  readonly evidence: string;
  readonly summary_of_findings: string;
  readonly statistics: string;
  readonly recommendations: string;
  readonly methodology: string;
  readonly bibliography: string;
  readonly notes: string;
  readonly team: string;
  readonly snapshot: string;
  readonly framework: string;
  readonly untranslated: string;
  readonly page: string;
  readonly of: string;
  readonly count: string;
}
