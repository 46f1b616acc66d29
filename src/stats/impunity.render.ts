import { DIMENSION_LABELS, FRAME } from './labels.js';
import type { ImpunityResult } from './impunity.js';

/** The impunity figures as Markdown: the funnel, the statuses and the rate by year. */
export function impunityMarkdown(result: ImpunityResult): string {
  const lang = result.lang;
  const percent = (x: number | null) => (x === null ? '' : `${(x * 100).toFixed(1)}%`);
  const period = result.period ? ` (${result.period.from} – ${result.period.to})` : '';
  const out = [`# Impunity${period}`, '', '| | |', '|---|---:|'];
  for (const f of result.funnel) out.push(`| ${f.label} | ${f.value} |`);
  out.push('', '| | |', '|---|---:|');
  for (const s of result.statuses) out.push(`| ${s.label} | ${s.value} |`);
  out.push('', `| ${DIMENSION_LABELS.year![lang]} | ${result.statuses.map((s) => s.label).join(' | ')} | % |`, `|---|${result.statuses.map(() => '---:').join('|')}|---:|`);
  for (const y of result.by_year) out.push(`| ${y.year ?? FRAME.none[lang]} (${y.incidents}) | ${y.complete_impunity} | ${y.partial_justice} | ${y.full_justice} | ${percent(y.impunity_rate)} |`);
  out.push('', result.methodology, '', `Records: \`/api/v1/incidents?${result.filter}\``, '');
  return out.join('\n');
}
