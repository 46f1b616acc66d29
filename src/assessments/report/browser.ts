import { type Browser, chromium } from 'playwright-core';

/**
 * The Chromium the reports are printed and rasterised with: Debian's package (CHROMIUM_PATH to
 * use another), headless, with none of the background traffic a closed network refuses.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchReportBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Runs `work` with a browser of its own, closed afterwards whatever happens. */
export async function withBrowser<T>(work: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await launchReportBrowser().catch((error: Error) => {
    throw new Error(`the PDF printer (Chromium at ${CHROMIUM_PATH}) could not start: ${error.message.split('\n')[0]}`);
  });
  try {
    return await work(browser);
  } finally {
    await browser.close();
  }
}
