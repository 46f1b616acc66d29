import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  Footer,
  FootnoteReferenceRun,
  Header,
  HeadingLevel,
  type IParagraphOptions,
  ImageRun,
  LevelFormat,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type Token from 'markdown-it/lib/token.mjs';
import { formatMoment, formatNumber } from '../../reference/languages/format.js';
import { translationNote } from './labels.js';
import { parseMarkdown } from './markdown.js';
import { svgToPng } from './rasterise.js';
import { categoryHeading, contentsOf, elementHeading } from './render-html.js';
import type { LocalText, ReportCategory, ReportChart, ReportElement, ReportEvidence, ReportModel, ReportTable } from './report-model.js';

/**
 * The report as a Word document a team can keep editing: real Heading 1–3 paragraphs, a contents
 * field (pre-filled, and refreshed by the word processor on opening), tables as tables, charts and
 * the map as PNG pictures, and the sources as real footnotes.
 */

type Block = Paragraph | Table | TableOfContents;
const ORDERED = 'ordered';
/** Usable width of an A4 page with 2 cm margins, in pixels at 96 dpi. */
const PAGE_WIDTH_PX = 640;

interface Inline {
  bold: boolean;
  italics: boolean;
  link: string | null;
}

/** One paragraph's inline tokens as runs: bold, italics, code, links, line breaks. */
function runs(children: readonly Token[]): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  const state: Inline = { bold: false, italics: false, link: null };
  let linkRuns: TextRun[] = [];
  const push = (run: TextRun) => (state.link ? linkRuns.push(run) : out.push(run));
  for (const t of children) {
    if (t.type === 'strong_open') state.bold = true;
    else if (t.type === 'strong_close') state.bold = false;
    else if (t.type === 'em_open') state.italics = true;
    else if (t.type === 'em_close') state.italics = false;
    else if (t.type === 'link_open') (state.link = t.attrGet('href')), (linkRuns = []);
    else if (t.type === 'link_close') {
      out.push(new ExternalHyperlink({ link: state.link ?? '', children: linkRuns }));
      state.link = null;
    } else if (t.type === 'text' || t.type === 'code_inline') push(new TextRun({ text: t.content, bold: state.bold, italics: state.italics, font: t.type === 'code_inline' ? 'Courier New' : undefined, style: state.link ? 'Hyperlink' : undefined }));
    else if (t.type === 'softbreak') push(new TextRun({ text: ' ' }));
    else if (t.type === 'hardbreak') push(new TextRun({ break: 1 }));
  }
  return out;
}

/** Markdown blocks as paragraphs; list numbering restarts for each ordered list; `extra` runs end the last paragraph. */
function markdownBlocks(markdown: string, counter: { lists: number }, extra: ParagraphChild[] = []): Paragraph[] {
  const tokens = parseMarkdown(markdown);
  const specs: { children: ParagraphChild[]; options: Omit<IParagraphOptions, 'children'> }[] = [];
  const lists: { ordered: boolean; instance: number }[] = [];
  let heading = false;
  for (const t of tokens) {
    if (t.type === 'bullet_list_open') lists.push({ ordered: false, instance: 0 });
    else if (t.type === 'ordered_list_open') lists.push({ ordered: true, instance: ++counter.lists });
    else if (t.type === 'bullet_list_close' || t.type === 'ordered_list_close') lists.pop();
    else if (t.type === 'heading_open') heading = true;
    else if (t.type === 'heading_close') heading = false;
    else if (t.type === 'inline') {
      const list = lists.at(-1);
      const level = Math.max(0, lists.length - 1);
      const children = runs(t.children ?? []);
      if (heading) specs.push({ children, options: { heading: HeadingLevel.HEADING_4 } });
      else if (list?.ordered) specs.push({ children, options: { numbering: { reference: ORDERED, level, instance: list.instance } } });
      else if (list) specs.push({ children, options: { bullet: { level } } });
      else specs.push({ children, options: {} });
    }
  }
  if (extra.length) {
    if (specs.length) specs.at(-1)!.children.push(...extra);
    else specs.push({ children: extra, options: {} });
  }
  return specs.map((p) => new Paragraph({ ...p.options, children: p.children }));
}

function tableBlock(t: ReportTable): Table {
  const cell = (text: string, header: boolean) =>
    new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold: header, size: 18 })] })] });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: t.header.map((h) => cell(h, true)) }),
      ...t.rows.map((r) => new TableRow({ children: r.map((c, i) => cell(c, i === 0)) })),
    ],
  });
}

const caption = (text: string) => new Paragraph({ children: [new TextRun({ text, bold: true })], spacing: { before: 200, after: 80 } });
const note = (text: string) => new Paragraph({ children: [new TextRun({ text, italics: true, size: 16, color: '5B6470' })] });

function chartBlock(c: ReportChart): Paragraph {
  const image = svgToPng(c.svg, Math.min(c.width, PAGE_WIDTH_PX));
  const scale = Math.min(1, PAGE_WIDTH_PX / image.width);
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [new ImageRun({ type: 'png', data: image.png, transformation: { width: Math.round(image.width * scale), height: Math.round(image.height * scale) }, altText: { name: c.id, title: c.title, description: c.title } })],
  });
}

class DocxWriter {
  readonly blocks: Block[] = [];
  readonly footnotes: Record<number, { children: Paragraph[] }> = {};
  readonly counter = { lists: 0 };

  constructor(readonly model: ReportModel) {
    for (const f of model.footnotes) this.footnotes[f.n] = { children: [new Paragraph({ children: [new TextRun(f.text)] })] };
  }

  heading(text: string, level: 1 | 2 | 3, pageBreak = false): void {
    const h = level === 1 ? HeadingLevel.HEADING_1 : level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3;
    this.blocks.push(new Paragraph({ heading: h, pageBreakBefore: pageBreak, children: [new TextRun(text)] }));
  }

  text(t: LocalText | null, notes: readonly number[] = []): void {
    if (!t) return;
    const l = this.model.labels;
    if (t.untranslated) this.blocks.push(note(`${l.untranslated} (${t.lang})`));
    else if (t.translated) this.blocks.push(note(translationNote(this.model.lang, t.source_lang, t.status)));
    this.blocks.push(...markdownBlocks(t.markdown, this.counter, notes.map((n) => new FootnoteReferenceRun(n))));
  }

  evidence(list: readonly ReportEvidence[]): void {
    if (!list.length) return;
    this.blocks.push(new Paragraph({ children: [new TextRun({ text: this.model.labels.evidence, bold: true, color: '5B6470' })] }));
    for (const e of list) {
      const label = e.reference && /^https?:/.test(e.reference) ? new ExternalHyperlink({ link: e.reference, children: [new TextRun({ text: e.label, style: 'Hyperlink' })] }) : new TextRun(e.label);
      this.blocks.push(new Paragraph({ bullet: { level: 0 }, children: [label, ...(e.note ? [new TextRun({ text: ` ${e.note}`, italics: true })] : [])] }));
      if (e.table) this.blocks.push(tableBlock(e.table));
    }
  }

  statistics(): void {
    const s = this.model.statistics;
    this.heading(this.model.labels.statistics, 3);
    for (const t of s.tables) {
      this.blocks.push(caption(t.title), tableBlock(t));
      if (t.note) this.blocks.push(note(t.note));
      const chart = s.charts.find((c) => c.id === t.id);
      if (chart) this.blocks.push(chartBlock(chart));
    }
    if (s.map) this.blocks.push(caption(s.map.title), chartBlock(s.map));
    for (const n of s.notes) this.blocks.push(note(n));
  }

  element(e: ReportElement): void {
    this.heading(elementHeading(e), e.level === 'indicator' ? 2 : 3);
    const l = this.model.labels;
    this.blocks.push(new Paragraph({ children: [new TextRun({ text: `${l.judgement}: `, color: '5B6470' }), new TextRun({ text: e.judgement_label ?? l.not_judged, bold: true })] }));
    this.text(e.findings, e.footnotes);
    this.evidence(e.evidence);
    if (e.id === this.model.statistics.indicator) this.statistics();
    for (const s of e.sub_indicators) this.element(s);
  }

  category(c: ReportCategory): void {
    const l = this.model.labels;
    this.heading(categoryHeading(c), 1, true);
    for (const e of c.indicators) this.element(e);
    this.heading(`${l.summary_of_findings} (${c.id})`, 2);
    this.blocks.push(tableBlock({ id: `sum-${c.id}`, title: '', header: [l.judgement, l.count], rows: c.summary.judgements.map((j) => [j.label, String(j.count)]), note: null, version: null }));
    this.text(c.summary.findings);
  }

  part(title: string, t: LocalText | null): void {
    if (!t) return;
    this.heading(title, 1, true);
    this.text(t);
  }
}

export async function renderDocx(model: ReportModel): Promise<Buffer> {
  const w = new DocxWriter(model);
  const l = model.labels;
  const b = w.blocks;
  b.push(new Paragraph({ children: [new TextRun({ text: `${model.country_name} · ${model.year}`, color: '5B6470' })], spacing: { before: 2400 } }));
  b.push(new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(model.title)] }));
  b.push(new Paragraph({ children: [new TextRun({ text: model.subtitle, size: 26 })] }));
  b.push(new Paragraph({ children: [new TextRun({ text: `${l.framework}: ${model.framework.title} (${model.framework.version})`, size: 18, color: '5B6470' })] }));
  if (model.team.length) {
    b.push(new Paragraph({ children: [new TextRun({ text: l.team, bold: true })], spacing: { before: 400 } }));
    for (const m of model.team) b.push(new Paragraph({ children: [new TextRun({ text: `${m.name}, ${m.role}`, size: 18 })] }));
  }
  if (model.snapshot) b.push(new Paragraph({ children: [new TextRun({ text: `${l.snapshot}: ${formatMoment(model.snapshot.taken_at, model.lang, 'utc')} UTC · ${formatNumber(model.snapshot.record_count, model.lang)}`, size: 18, color: '5B6470' })] }));
  b.push(new Paragraph({ children: [new PageBreak()] }));
  // Pre-filled with the headings (without page numbers); Word refreshes the field on opening.
  b.push(new Paragraph({ children: [new TextRun({ text: l.contents, bold: true, size: 32 })] }));
  b.push(new TableOfContents(l.contents, { hyperlink: true, headingStyleRange: '1-2', cachedEntries: contentsOf(model).map((e) => ({ title: e.text, level: e.level })) }));
  w.part(l.foreword, model.foreword);
  if (model.abbreviations.length) {
    w.heading(l.abbreviations, 1, true);
    b.push(tableBlock({ id: 'abbreviations', title: '', header: ['', ''], rows: model.abbreviations.map((a) => [a.short, a.full]), note: null, version: null }));
  }
  w.part(l.executive_summary, model.executive_summary);
  w.part(l.introduction, model.introduction);
  for (const c of model.categories) w.category(c);
  w.part(l.recommendations, model.recommendations);
  w.part(l.methodology, model.methodology);
  if (model.bibliography.length) {
    w.heading(l.bibliography, 1, true);
    for (const e of model.bibliography) b.push(new Paragraph({ numbering: { reference: ORDERED, level: 0, instance: ++w.counter.lists + 1000 }, children: [new TextRun(e.text), ...(e.url ? [new TextRun(' '), new ExternalHyperlink({ link: e.url, children: [new TextRun({ text: e.url, style: 'Hyperlink' })] })] : [])] }));
  }
  const doc = new Document({
    creator: 'JSI Monitor',
    title: model.title,
    description: model.subtitle,
    features: { updateFields: true },
    styles: { default: { document: { run: { font: 'Arial', size: 21 } } } },
    numbering: {
      config: [
        {
          reference: ORDERED,
          levels: [0, 1, 2].map((level) => ({ level, format: LevelFormat.DECIMAL, text: `%${level + 1}.`, alignment: AlignmentType.START, style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } } })),
        },
      ],
    },
    footnotes: w.footnotes,
    sections: [
      {
        properties: { page: { margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } },
        headers: { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: `${model.title} · ${model.year}`, size: 16, color: '5B6470' })] })] }) },
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [`${l.page} `, PageNumber.CURRENT, ` ${l.of} `, PageNumber.TOTAL_PAGES], size: 16 })] })],
          }),
        },
        children: w.blocks,
      },
    ],
  });
  return fixContentsField(await Packer.toBuffer(doc));
}

/**
 * The docx package writes the contents field in a form Word accepts but LibreOffice prints as its
 * field code. Rewritten as Word itself writes it: begin mark, code and separator in runs of their
 * own, a leading space in the code, and the content control marked as a table of contents. Word
 * still refreshes the field on opening (`updateFields` in the settings).
 */
function fixContentsField(docx: Buffer): Buffer {
  const files = unzipSync(docx);
  const xml = strFromU8(files['word/document.xml']!);
  files['word/document.xml'] = strToU8(
    xml
      .replace(/<w:fldChar w:fldCharType="begin" w:dirty="true"\/>/g, '<w:fldChar w:fldCharType="begin"/>')
      .replace(/(<w:fldChar w:fldCharType="begin"\/>)(<w:instrText[^>]*>)TOC /g, '$1</w:r><w:r>$2 TOC ')
      .replace(/(<\/w:instrText>)(<w:fldChar w:fldCharType="separate"\/>)/g, '$1</w:r><w:r>$2')
      .replace(/<w:sdtPr><w:alias w:val="[^"]*"\/><\/w:sdtPr>/, '<w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/></w:docPartObj></w:sdtPr>'),
  );
  return Buffer.from(zipSync(files));
}
