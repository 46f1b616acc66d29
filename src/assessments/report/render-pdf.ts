import type { Browser } from 'playwright-core';
import { withBrowser } from './browser.js';
import { pagesOf, readOutline } from './pdf-outline.js';
import { contentsOf, renderHtml } from './render-html.js';
import type { ReportModel } from './report-model.js';

/**
 * The report printed by Chromium. Page numbers in the contents come from a first printing: its
 * outline tells on which page each heading landed; the second printing carries them (the first
 * holds placeholders of the same width, so the layout does not move). Running headers and page
 * numbers are the HTML's own @page margin boxes.
 */

async function print(browser: Browser, html: string): Promise<Buffer> {
  const page = await browser.newPage();
  try {
    // Everything is inline: no request leaves the page.
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    return await page.pdf({
      // Page size, margins, running headers and page numbers come from the report's @page rules.
      preferCSSPageSize: true,
      printBackground: true,
      // The outline is what tells the page of each heading; Chromium writes it for tagged PDFs.
      outline: true,
      tagged: true,
    });
  } finally {
    await page.close();
  }
}

export async function renderPdf(model: ReportModel, browser?: Browser): Promise<Buffer> {
  const work = async (b: Browser) => {
    const draft = await print(b, renderHtml(model, { pagePlaceholders: true }));
    const pages = pagesOf(readOutline(draft), contentsOf(model));
    return print(b, renderHtml(model, { pages }));
  };
  return browser ? work(browser) : withBrowser(work);
}
