import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type RekisteriApp } from '../../src/app/http';
import { createLogger } from '../../src/core/logging/logger';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { TEST_SETTINGS } from '../support/test-env';

/**
 * Production mode (NODE_ENV=production): the schema cannot be enumerated —
 * introspection is off and validation errors do not suggest field names.
 */
let db: TestDatabase;
let app: RekisteriApp;
let server: Server;
let url: string;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApp({ orm: db.orm, logger: createLogger('silent'), settings: TEST_SETTINGS, production: true, introspection: false });
  server = await new Promise((resolve) => {
    const s = createServer(app.handler).listen(0, '127.0.0.1', () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await app.stop();
  await db.close();
});

async function post(query: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return { status: response.status, body: await response.text() };
}

describe('production mode', () => {
  it('refuses introspection', async () => {
    const { status, body } = await post('{ __schema { types { name } } }');
    expect(status).toBe(400);
    expect(body).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(body).not.toContain('"Customer"');
  });

  it('does not suggest field names in validation errors', async () => {
    const { status, body } = await post('{ privacyNotic(language: EN) { version } }');
    expect(status).toBe(400);
    expect(body).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(body).not.toMatch(/Did you mean/i);
    expect(body).not.toContain('privacyNotice');
  });

  it('still answers the public statement', async () => {
    const { status, body } = await post('{ privacyNotice(language: EN) { controller { name } } }');
    expect(status).toBe(200);
    expect(JSON.parse(body)).toEqual({ data: { privacyNotice: { controller: { name: 'Potero Oy' } } } });
  });
});
