import { cronProblem, loadConfig, RETENTION_RULE_NAMES } from '../../src/config/config';
import { RetentionRule } from '../../src/modules/retention/retention-run.entity';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort, launchServer, serverEnv } from '../support/child-server';
import { runCli } from '../retention/retention-scenarios';

/*
 * Configuration is validated once and says what is wrong, naming the variable; the operator
 * CLI answers --help with 0, names the flags the operator typed, speaks JSON under --json and
 * never prints SQL.
 */

jest.setTimeout(180_000);

const PROD = {
  NODE_ENV: 'production',
  REKISTERI_SECRET: 'x'.repeat(40),
  WEBHOOK_SECRET_KEY: 'ab'.repeat(32),
  PUBLIC_URL: 'https://rekisteri.jasmin.fi',
  DATABASE_URL: 'postgres://db/rekisteri',
};

describe('configuration', () => {
  it('knows exactly the retention rules the retention module has', () => {
    expect([...RETENTION_RULE_NAMES].sort()).toEqual(Object.values(RetentionRule).sort());
  });

  it('refuses an unknown RETENTION_CRON_<RULE> and lists the rules', () => {
    expect(() => loadConfig({ RETENTION_CRON_FOO: '0 3 * * *' })).toThrow('RETENTION_CRON_FOO: there is no retention rule FOO; the rules are INACTIVE_CUSTOMERS');
    expect(loadConfig({ RETENTION_CRON_HOUSEKEEPING: '15 4 * * MON-FRI' }).retentionSchedules).toEqual({ HOUSEKEEPING: '15 4 * * MON-FRI' });
  });

  it.each([
    ['61 * * * *', 'minute'],
    ['0 24 * * *', 'hour'],
    ['0 3 0 * *', 'day of month'],
    ['0 3 * 13 *', 'month'],
    ['0 3 * * 8', 'day of week'],
    ['*/0 * * * *', 'step of 0'],
    ['0 3 * *', '4 fields'],
    ['every day', '2 fields'],
  ])('a bad cron value "%s" is refused naming the variable (%s)', (value, problem) => {
    expect(() => loadConfig({ RETENTION_CRON_INACTIVE_CUSTOMERS: value })).toThrow(/^RETENTION_CRON_INACTIVE_CUSTOMERS must be a five-field cron expression/);
    expect(cronProblem(value)).toContain(problem);
  });

  it('accepts the usual cron forms', () => {
    for (const value of ['0 3 * * *', '*/15 * * * *', '0 2 1,15 * *', '30 1 * JAN-MAR SUN', '0 0-6/2 * * 1-5']) expect(cronProblem(value)).toBeNull();
  });

  it('GRAPHQL_INTROSPECTION=true in production is refused, not silently ignored', () => {
    expect(() => loadConfig({ ...PROD, GRAPHQL_INTROSPECTION: 'true' })).toThrow(/GRAPHQL_INTROSPECTION=true is refused in production/);
    expect(loadConfig(PROD).introspection).toBe(false);
    expect(loadConfig({}).introspection).toBe(true);
  });

  it('WEBHOOK_SECRET_KEY (seals webhook signing secrets): 32 bytes as hex or base64, required in production, derived elsewhere', () => {
    expect(() => loadConfig({ ...PROD, WEBHOOK_SECRET_KEY: undefined })).toThrow(/^WEBHOOK_SECRET_KEY is required in production/);
    for (const bad of ['abc', 'ab'.repeat(31), 'zz'.repeat(32), Buffer.alloc(16).toString('base64')]) {
      expect(() => loadConfig({ ...PROD, WEBHOOK_SECRET_KEY: bad })).toThrow(/^WEBHOOK_SECRET_KEY must be 32 bytes/);
    }
    expect(loadConfig(PROD).webhookSecretKey).toEqual(Buffer.from('ab'.repeat(32), 'hex'));
    expect(loadConfig({ ...PROD, WEBHOOK_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') }).webhookSecretKey).toEqual(Buffer.alloc(32, 7));
    // Development and tests: derived from the secret in use, so `npm start` needs no setup; 32 bytes either way.
    const dev = loadConfig({}).webhookSecretKey;
    expect(dev).toHaveLength(32);
    expect(loadConfig({ REKISTERI_SECRET: 'y'.repeat(40) }).webhookSecretKey).not.toEqual(dev);
  });

  it('checks PUBLIC_URL: an absolute http(s) URL, https and required in production', () => {
    expect(() => loadConfig({ PUBLIC_URL: 'rekisteri.jasmin.fi' })).toThrow(/^PUBLIC_URL must be an absolute URL/);
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://jasmin.fi' })).toThrow(/^PUBLIC_URL must start with https/);
    expect(() => loadConfig({ PUBLIC_URL: 'https://jasmin.fi/?a=1' })).toThrow(/^PUBLIC_URL must not carry a query/);
    expect(() => loadConfig({ ...PROD, PUBLIC_URL: 'http://rekisteri.jasmin.fi' })).toThrow(/^PUBLIC_URL must be https:\/\/ in production/);
    expect(() => loadConfig({ ...PROD, PUBLIC_URL: undefined })).toThrow(/^PUBLIC_URL is required in production/);
    expect(loadConfig({ PUBLIC_URL: 'https://rekisteri.jasmin.fi/' }).publicUrl).toBe('https://rekisteri.jasmin.fi');
  });

  it('an unreachable DATABASE_URL stops the start with one line naming the variable, not a stack', async () => {
    const port = await freePort(); // nothing listens there
    const server = launchServer(serverEnv({ DATABASE_URL: `postgresql://postgres:secret-pw@127.0.0.1:${port}/rekisteri`, PORT: String(await freePort()) }), 0);
    const exit = await server.exitWithin(60_000);
    expect(exit?.code).toBe(1);
    expect(server.stderr().trim()).toBe(
      `Rekisteri failed to start: Configuration error: DATABASE_URL: PostgreSQL at 127.0.0.1:${port}/rekisteri: connection refused (is PostgreSQL running there?)`,
    );
    expect(server.stderr()).not.toContain('secret-pw');
  });
});

describe('operator CLI', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  const COMMANDS = ['create-admin', 'register-partner', 'issue-partner-token', 'revoke-partner-token', 'list-partners', 'retention', 'requests', 'export-customer'];

  it('--help exits 0 for every command and for none', async () => {
    const results = await Promise.all([[], ...COMMANDS.map((c) => [c])].map((args) => runCli(db, [...args, '--help'])));
    for (const result of results) {
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Usage: npm run cli');
    }
  });

  it('an unknown option is a usage error (exit 2), not a crash', async () => {
    const result = await runCli(db, ['list-partners', '--frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Unknown option '--frobnicate'/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('errors name the flags the operator typed (--days, --customer), not service field names', async () => {
    const partner = await runCli(db, ['register-partner', '--name', 'Posti Oy', '--kind', 'LOGISTICS', '--country', 'FI', '--contract', 'DPA-1', '--json']);
    expect(partner.code).toBe(0);
    const days = await runCli(db, ['issue-partner-token', '--partner', 'Posti Oy', '--scopes', 'ORDERS_DELIVERY', '--days', '100000']);
    expect(days.code).toBe(2);
    expect(days.stderr).toContain('(--days)');
    expect(days.stderr).not.toContain('expiresInDays');
    const customer = await runCli(db, ['export-customer', '--customer', '6f1c1a7e-1111-4111-8111-111111111111', '--out', '/tmp/rekisteri-nobody.json']);
    expect(customer.code).toBe(2);
    expect(customer.stderr).toContain('(--customer)');
    expect(customer.stderr).not.toContain('customerId');
  });

  it('prints no SQL: export-customer --customer nope, requests --due-within x', async () => {
    const nope = await runCli(db, ['export-customer', '--customer', 'nope', '--out', '/tmp/rekisteri-nope.json']);
    const x = await runCli(db, ['requests', '--due-within', 'x']);
    for (const result of [nope, x]) {
      expect(result.code).toBe(2);
      expect(result.stdout + result.stderr).not.toMatch(/select|insert|update|where|::uuid|invalid input syntax/i);
    }
    expect(nope.stderr).toContain('--customer must be a customer id (a UUID)');
    expect(x.stderr).toContain('--due-within must be a whole number of days');
  });

  it('under --json, errors are JSON too (on stdout, non-zero exit)', async () => {
    const result = await runCli(db, ['requests', '--due-within', 'x', '--json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({ error: { code: 'USAGE', message: '--due-within must be a whole number of days from 0 to 3650' } });
    const coded = await runCli(db, ['issue-partner-token', '--partner', 'Posti Oy', '--scopes', 'ORDERS_DELIVERY', '--days', '100000', '--json']);
    expect(JSON.parse(coded.stdout)).toMatchObject({ error: { code: 'BAD_USER_INPUT', flag: '--days' } });
  });
});
