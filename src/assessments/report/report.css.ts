/**
 * The report's styles, for the screen and for Chromium's print. Noto fonts carry the Kazakh
 * letters (Debian's fonts-noto-core); the page rules with running headers and page numbers are
 * written per report (render-html.ts), since each section names its own header.
 */
export const REPORT_CSS = `
:root { --ink: #1b1f24; --muted: #5b6470; --rule: #c9d1da; --accent: #0b5d9e; }
html { font-family: "Noto Serif", "Noto Sans", "DejaVu Serif", serif; color: var(--ink); font-size: 11pt; line-height: 1.45; }
body { margin: 0 auto; max-width: 48rem; padding: 1.5rem; }
h1, h2, h3, h4 { font-family: "Noto Sans", "DejaVu Sans", sans-serif; line-height: 1.25; break-after: avoid; }
h1 { font-size: 1.6rem; color: var(--accent); margin: 0 0 1rem; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 .5rem; }
h3 { font-size: 1.02rem; margin: 1.2rem 0 .4rem; }
h4 { font-size: .95rem; margin: 1rem 0 .4rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
a { color: var(--accent); }
.title-page { min-height: 90vh; display: flex; flex-direction: column; justify-content: center; }
.title-page .report-title { font-size: 2.1rem; }
.title-page .country { font-family: "Noto Sans", sans-serif; color: var(--muted); letter-spacing: .05em; text-transform: uppercase; }
.title-page .subtitle { font-size: 1.1rem; }
.title-page .team ul { list-style: none; padding: 0; columns: 2; font-size: .9rem; }
.label { font-family: "Noto Sans", sans-serif; font-weight: 600; font-size: .85rem; color: var(--muted); margin: .8rem 0 .2rem; }
.snapshot, .rendered, .framework { font-size: .85rem; color: var(--muted); }
.contents ol { list-style: none; padding: 0; }
.contents li a { display: flex; gap: .5rem; text-decoration: none; color: inherit; }
.contents .toc-text { flex: 1; }
.contents .toc-page { min-width: 2.5rem; text-align: right; font-variant-numeric: tabular-nums; }
.contents .toc-1 { font-weight: 600; margin-top: .5rem; }
.contents .toc-2 { padding-left: 1.2rem; font-size: .93rem; }
.judgement { font-family: "Noto Sans", sans-serif; font-size: .9rem; margin: .2rem 0 .5rem; }
.judgement strong { padding: .05rem .45rem; border-radius: .2rem; background: #eef2f6; }
.j-met strong { background: #dcefe4; } .j-partly_met strong { background: #fbefd5; } .j-not_met strong { background: #f8dcdc; }
.untranslated, .translation { font-family: "Noto Sans", sans-serif; font-size: .8rem; color: #8a4b00; border-left: 3px solid #e0a040; padding-left: .5rem; }
.element.sub_indicator { margin-left: .8rem; padding-left: .8rem; border-left: 2px solid var(--rule); }
figure { margin: 1rem 0; break-inside: avoid; }
figcaption { font-family: "Noto Sans", sans-serif; font-weight: 600; font-size: .9rem; margin-bottom: .3rem; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; }
th, td { border: 1px solid var(--rule); padding: .25rem .4rem; text-align: left; vertical-align: top; }
td { text-align: right; font-variant-numeric: tabular-nums; }
thead th { background: #eef2f6; }
.abbreviations td, .counts td { text-align: left; }
.table-note { font-size: .8rem; color: var(--muted); }
.chart img { max-width: 100%; height: auto; }
.evidence ul { padding-left: 1.2rem; font-size: .92rem; }
.notes { border-top: 1px solid var(--rule); margin-top: 1.5rem; font-size: .8rem; }
.notes ol { padding-left: 1.5rem; }
.fn-ref { font-size: .7em; line-height: 0; margin-left: .1em; }
.fn-ref a { text-decoration: none; }
@media print {
  body { max-width: none; padding: 0; }
  .title-page { min-height: 240mm; break-after: page; }
  .contents { break-after: page; }
  .part, .category { break-before: page; }
  a { color: inherit; text-decoration: none; }
}
`;
