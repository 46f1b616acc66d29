import { Resvg } from '@resvg/resvg-js';

/**
 * Charts and the map as PNG for the DOCX (word processors draw SVG unevenly): resvg renders the
 * same SVG the HTML shows, with the system's Noto fonts for Kazakh and Russian letters.
 */
export function svgToPng(svg: string, width: number): { png: Buffer; width: number; height: number } {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: width * 2 },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'Noto Sans', sansSerifFamily: 'Noto Sans', serifFamily: 'Noto Serif' },
  });
  const image = resvg.render();
  return { png: Buffer.from(image.asPng()), width: image.width / 2, height: image.height / 2 };
}
