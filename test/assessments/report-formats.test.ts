import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openContext } from '../../src/app.js';
import { flattenElements, readFrameworkFile, DEFAULT_FRAMEWORK_FILE } from '../../src/assessments/framework.service.js';
import { CHROMIUM_PATH } from '../../src/assessments/report/browser.js';
import { findAssessmentId, renderReport } from '../../src/assessments/report/report.service.js';
import { loadDemo } from '../../src/cli/database.command.js';
import { loadConfig } from '../../src/platform/config.js';
import type { AppContext } from '../../src/platform/context.js';

/**
 * The demo report as PDF and DOCX, checked the way a reader would: the PDF's text as a PDF reader
 * extracts it (poppler's pdftotext), the DOCX's own XML, and LibreOffice converting it. These
 * test the printers, not the database (report.test.ts runs the report on both databases), so
 * they run on SQLite only. Chromium, LibreOffice and pdftotext are required in CI
 * (`apt-get install chromium fonts-noto-core libreoffice-writer-nogui poppler-utils`).
 */

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const missing = [!existsSync(CHROMIUM_PATH) && 'chromium', !has('pdftotext') && 'pdftotext (poppler-utils)', !has('soffice') && 'soffice (LibreOffice)'].filter(Boolean);
if (missing.length && process.env.CI) throw new Error(`required in CI and missing: ${missing.join(', ')}`);
const suite = missing.length ? describe.skip : describe;
const title = missing.length ? `the report as PDF and DOCX [SKIPPED: ${missing.join(', ')} missing; required in CI]` : 'the report as PDF and DOCX';

const elements = flattenElements(readFrameworkFile(DEFAULT_FRAMEWORK_FILE));
const indicators = elements.filter((e) => e.level === 'indicator');

suite(title, () => {
  const dir = mkdtempSync(join(tmpdir(), 'jsi-report-'));
  const dbFile = join(dir, 'report.db');
  let ctx: AppContext;
  let id = '';
  beforeAll(async () => {
    ctx = await openContext({ ...loadConfig({}), databaseUrl: dbFile, publicUrl: 'http://jsi.test' });
    await loadDemo(ctx);
    id = await findAssessmentId(ctx, 'KZ', 2020);
  }, 120_000);
  afterAll(async () => {
    await ctx?.database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const pdfText = (bytes: Buffer, name: string) => {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  };

  it('prints a PDF in English, Russian and Kazakh whose text extracts with the right letters and whose contents carry page numbers', async () => {
    for (const lang of ['en', 'ru', 'kk'] as const) {
      const { bytes, contentType } = await renderReport(ctx, id, lang, 'pdf');
      expect(contentType).toBe('application/pdf');
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = pdfText(bytes, `report-${lang}.pdf`);
      const flat = text.replace(/\s+/g, ' ');
      for (const e of indicators) expect(flat, `${lang} ${e.id}`).toContain(`${e.id} ${e.label[lang]}`.replace(/\s+/g, ' ').slice(0, 30));
      // In the contents, each indicator's line ends with its page number.
      const contents = text.slice(0, text.indexOf('\f', text.indexOf('\f') + 1));
      expect(contents, lang).toMatch(/A\.1 .+\s\d{1,3}\s*$/m);
      expect(contents, lang).toMatch(/E\.4 .+\s\d{1,3}\s*$/m);
      // Running headers name the section: category A spans several pages, each headed by its title.
      const a = elements.find((e) => e.id === 'A')!;
      const headed = text.split('\f').filter((page) => page.trim().startsWith(`A. ${a.label[lang]}`.slice(0, 20)));
      expect(headed.length, lang).toBeGreaterThan(2);
      // Running footer with page numbers.
      expect(text).toMatch(lang === 'ru' ? /Страница 2 из \d+/ : lang === 'kk' ? /Бет 2 \/ \d+/ : /Page 2 of \d+/);
      if (lang === 'ru') expect(flat).toContain('Общие индикаторы');
      if (lang === 'kk') for (const letter of ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'і']) expect(text, letter).toContain(letter);
    }
  }, 240_000);

  it('writes a DOCX in English and Russian with real headings, tables, pictures and footnotes, which LibreOffice converts to PDF', async () => {
    for (const lang of ['en', 'ru'] as const) {
      const { bytes } = await renderReport(ctx, id, lang, 'docx');
      const files = unzipSync(bytes);
      const xml = strFromU8(files['word/document.xml']!);
      expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
      expect(xml).toContain('<w:pStyle w:val="Heading2"/>');
      expect(xml).toContain('<w:tbl>');
      expect(xml).toContain('<w:drawing>');
      expect(xml).toContain(' TOC ');
      expect(Object.keys(files).filter((f) => f.startsWith('word/media/') && f.endsWith('.png')).length).toBeGreaterThan(5);
      expect(strFromU8(files['word/footnotes.xml']!)).toContain(lang === 'ru' ? 'строки' : 'lines');
      for (const e of indicators) expect(xml, `${lang} ${e.id}`).toContain(`${e.id} ${e.label[lang]}`.replace(/'/g, '&apos;').replace(/&(?!apos;)/g, '&amp;').slice(0, 25));

      const file = join(dir, `report-${lang}.docx`);
      writeFileSync(file, bytes);
      const out = join(dir, `lo-${lang}`);
      const run = spawnSync('soffice', [`-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', out, file], { encoding: 'utf8', timeout: 180_000 });
      expect(run.status, run.stderr).toBe(0);
      const pdf = join(out, `report-${lang}.pdf`);
      expect(existsSync(pdf), run.stdout + run.stderr).toBe(true);
      const text = pdfText(readFileSync(pdf), `lo-${lang}.pdf`);
      expect(text).not.toContain('TOC \\');
      if (lang === 'ru') expect(text).toContain('Содержание');
    }
  }, 400_000);

  it('is written by `jsi report assessment` as a PDF, with clear errors for what it cannot do', () => {
    const out = join(dir, 'cli.pdf');
    const env = { ...process.env, DATABASE_URL: dbFile };
    const jsi = (args: string[]) => spawnSync('npx', ['tsx', 'src/cli/main.ts', 'report', 'assessment', ...args], { env, encoding: 'utf8', timeout: 180_000 });
    const ok = jsi(['--country', 'KZ', '--year', '2020', '--lang', 'en', '--format', 'pdf', '--out', out]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(ok.stderr).toMatch(/\[4\/4\] pdf/);
    const unknown = jsi(['--country', 'KZ', '--year', '1999', '--out', out]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('there is no assessment of KZ for 1999');
    const badLang = jsi(['--country', 'KZ', '--year', '2020', '--lang', 'de', '--out', out]);
    expect(badLang.status).not.toBe(0);
    expect(badLang.stderr).toMatch(/--lang.*de.*en, ru, kk/);
  }, 240_000);
});
