import type { MapModel } from './map-model.js';

/**
 * The map model as a standalone SVG document: the title, the shapes (or tiles) with each region's
 * name in a <title>, the cities as circles, the numbers, the legend and the boundaries'
 * attribution. Every text is escaped; names come from the country profile.
 */

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const FONT = "'Noto Sans', 'DejaVu Sans', Arial, sans-serif";

export function mapSvg(model: MapModel): string {
  const out: string[] = [];
  const text = (x: number, y: number, s: string, attrs = '') => out.push(`<text x="${x}" y="${y}" ${attrs}>${esc(s)}</text>`);
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${model.width}" height="${model.height}" viewBox="0 0 ${model.width} ${model.height}" font-family="${esc(FONT)}" role="img" aria-label="${esc(`${model.title}. ${model.subtitle}`)}">`);
  out.push(`<rect width="${model.width}" height="${model.height}" fill="#ffffff"/>`);
  text(model.width / 2, 24, model.title, 'text-anchor="middle" font-size="16" font-weight="bold" fill="#1d2430"');
  text(model.width / 2, 44, model.subtitle, 'text-anchor="middle" font-size="12" fill="#4a5565"');
  for (const d of model.background) out.push(`<path class="background" d="${d}" fill="#f6f7f9" stroke="#c3c9d2" stroke-width="0.5"/>`);
  for (const a of model.areas) {
    out.push(`<path class="region" data-regions="${esc(a.regions.join(','))}" d="${a.d}" fill="${a.fill}" stroke="#ffffff" stroke-width="1"><title>${esc(`${a.label}: ${a.value}`)}</title></path>`);
  }
  for (const a of model.areas) if (a.value > 0) text(a.cx, a.cy + 4, String(a.value), `text-anchor="middle" font-size="12" fill="${a.text}"`);
  for (const c of model.circles) {
    out.push(`<circle class="city" data-regions="${esc(c.regions.join(','))}" cx="${c.cx}" cy="${c.cy}" r="${c.r}" fill="${c.fill}" stroke="#1d2430" stroke-width="1.5"><title>${esc(`${c.label}: ${c.value}`)}</title></circle>`);
    text(c.cx, c.cy + 4, String(c.value), `text-anchor="middle" font-size="11" fill="${c.text}"`);
  }
  for (const t of model.tiles) {
    out.push(`<g class="tile" data-regions="${esc(t.regions.join(','))}"><title>${esc(`${t.label}: ${t.value}`)}</title>`);
    out.push(`<rect x="${t.x}" y="${t.y}" width="${t.size}" height="${t.size}" rx="4" fill="${t.fill}" stroke="#8a94a3" stroke-width="0.5"/>`);
    text(t.x + t.size / 2, t.y + t.size / 2 - 6, t.short, `text-anchor="middle" font-size="10" fill="${t.text}"`);
    text(t.x + t.size / 2, t.y + t.size / 2 + 14, String(t.value), `text-anchor="middle" font-size="15" font-weight="bold" fill="${t.text}"`);
    out.push('</g>');
  }
  const y = model.height - 44;
  out.push(`<g class="legend">`);
  text(16, y - 6, model.legendTitle, 'font-size="11" fill="#1d2430"');
  model.legend.forEach((item, i) => {
    out.push(`<rect x="${16 + i * 76}" y="${y}" width="18" height="14" fill="${item.fill}" stroke="#8a94a3" stroke-width="0.5"/>`);
    text(40 + i * 76, y + 11, item.label, 'font-size="11" fill="#1d2430"');
  });
  if (model.unplaced) text(16 + model.legend.length * 76 + 12, y + 11, `${model.unplaced.label}: ${model.unplaced.value}`, 'font-size="11" fill="#1d2430"');
  out.push('</g>');
  if (model.attribution) text(16, model.height - 10, model.attribution, 'font-size="8" fill="#4a5565"');
  out.push('</svg>');
  return out.join('\n');
}
