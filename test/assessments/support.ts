import { readFileSync } from 'node:fs';
import { DEFAULT_FRAMEWORK_FILE } from '../../src/assessments/framework.service.js';
import type { FrameworkFile } from '../../src/assessments/framework.schema.js';
import type { AppContext } from '../../src/platform/context.js';

/** The framework file shipped with the product, as a fresh object a test may change. */
export function defaultFramework(): FrameworkFile {
  return JSON.parse(readFileSync(DEFAULT_FRAMEWORK_FILE, 'utf8'));
}

/** The same framework as a revised version with one more indicator under A. */
export function frameworkWithExtraIndicator(version = '2'): FrameworkFile {
  const doc = defaultFramework();
  const a = doc.categories[0]!;
  (a.children as unknown[]).push({
    id: 'A.3',
    level: 'indicator',
    label: { en: 'Digital attacks on journalists', ru: 'Цифровые атаки на журналистов', kk: 'Журналистерге цифрлық шабуылдар' },
    seed_lines: [],
    inferred: false,
    wording_verified: false,
  });
  return { ...doc, version };
}

export { importDocs } from '../support/import-docs.js';

/** A multipart/form-data body with one file field, as a browser sends it. */
export function multipartFile(filename: string, contentType: string, bytes: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----jsi${Date.now()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, bytes, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
