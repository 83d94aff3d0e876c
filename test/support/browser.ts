import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Headless Chromium (Debian's `chromium` package) driven by playwright-core. On a machine
 * without it the browser suites skip with a message saying how to get it; .ci/run installs it
 * when apt-get is available.
 */

export const CHROMIUM = '/usr/bin/chromium';

export const hasChromium = existsSync(CHROMIUM);

/** `describe`, or `describe.skip` with a clear message when Chromium is missing. */
export function describeInBrowser(name: string, body: () => void): void {
  if (hasChromium) {
    describe(name, body);
    return;
  }
  process.stderr.write(`[browser] skipping "${name}": ${CHROMIUM} is missing (apt-get install -y chromium)\n`);
  describe.skip(name, body);
}

export interface TestBrowser {
  browser: BrowserContext;
  /** A new page that may reach only loopback: any other request is aborted and recorded. */
  page(): Promise<Page>;
  /** Requests the pages tried to send off the machine (must stay empty: offline). */
  offMachine: string[];
  close(): Promise<void>;
}

export async function openBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'rekisteri-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 800 },
  });
  const offMachine: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || ['127.0.0.1', 'localhost'].includes(url.hostname)) return route.continue();
    offMachine.push(url.href);
    return route.abort();
  });
  return {
    browser: context,
    page: () => context.newPage(),
    offMachine,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export type { Browser, Page };
