import { inflateSync } from 'node:zlib';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app/http';
import { createLogger } from '../../src/core/logging/logger';
import { startTestApi, type TestApi } from '../support/api';
import { createTestDatabase } from '../support/database';
import { TEST_SETTINGS } from '../support/test-env';
import { describeInBrowser, openBrowser, type TestBrowser } from '../support/browser';

/*
 * GET /graphql in a browser shows an IDE that works offline: Ruru's bundled assets from
 * node_modules, nothing from a CDN (the browser is refused every request off the machine).
 */

jest.setTimeout(120_000);

/** Share of pixels in a PNG screenshot that are not the page background (proves something drew). */
function inkRatio(png: Buffer): number {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const chunks: Buffer[] = [];
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    if (type === 'IDAT') chunks.push(png.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const bytesPerPixel = (raw.length / height - 1) / width;
  // Unfilter is not needed for a rough count: count rows' bytes that differ from the first pixel's.
  let differing = 0;
  const first = raw.subarray(1, 1 + bytesPerPixel).toString('hex');
  for (let y = 0; y < height; y += 4) {
    const row = raw.subarray(y * (width * bytesPerPixel + 1) + 1, (y + 1) * (width * bytesPerPixel + 1));
    for (let x = 0; x < width; x += 4) {
      if (row.subarray(x * bytesPerPixel, (x + 1) * bytesPerPixel).toString('hex') !== first) differing++;
    }
  }
  return differing / (Math.ceil(height / 4) * Math.ceil(width / 4));
}

describeInBrowser('the offline IDE at /graphql (development)', () => {
  let api: TestApi;
  let browser: TestBrowser;

  beforeAll(async () => {
    api = await startTestApi();
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('renders Ruru from local assets, runs the example query and shows Potero Oy', async () => {
    const page = await browser.page();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    const response = await page.goto(api.url, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toContain('text/html');
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('.graphiql-query-editor').getByText('privacyNotice').first().waitFor({ timeout: 30_000 });
    await run.click();
    await page.locator('.graphiql-response').getByText('Potero Oy').first().waitFor({ timeout: 30_000 });
    const screenshot = await page.screenshot({ path: process.env.REKISTERI_SCREENSHOT_DIR ? `${process.env.REKISTERI_SCREENSHOT_DIR}/ide.png` : undefined });
    expect(screenshot.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(inkRatio(screenshot)).toBeGreaterThan(0.02);
    expect(browser.offMachine).toEqual([]);
    expect(failures).toEqual([]);
  });

  it('answers a GraphQL client (no text/html) as before', async () => {
    const result = await api.anonymous.raw<{ privacyNotice: { controller: { name: string } } }>('{ privacyNotice(language: EN) { controller { name } } }');
    expect(result.data?.privacyNotice.controller.name).toBe('Potero Oy');
  });
});

describe('production: nothing third-party, no IDE', () => {
  it('GET /graphql from a browser gets no page and no script from anywhere; the IDE assets are not served', async () => {
    const db = await createTestDatabase();
    const app = await createApp({ orm: db.orm, logger: createLogger('silent'), settings: TEST_SETTINGS, production: true, introspection: false });
    const server: Server = await new Promise((resolve) => {
      const listening = createServer(app.handler).listen(0, '127.0.0.1', () => resolve(listening));
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const page = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
      const text = await page.text();
      expect(text).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1)/);
      expect((await fetch(`${base}/ide/ide.js`)).status).toBe(404);
      expect((await fetch(`${base}/ide/static/ruru.js`)).status).toBe(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await app.stop();
      await db.close();
    }
  });
});
