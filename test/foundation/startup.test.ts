import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/*
 * The README quick start: `npm start` with no DATABASE_URL starts an embedded
 * PostgreSQL, migrates it, loads the demo data and serves GraphQL. These tests
 * run the real entry point in a child process, exactly as `npm start` does.
 */

jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '../..');
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
/** The embedded server's fixed credentials (src/core/db/embedded-postgres.ts). */
const EMBEDDED_CREDENTIALS = 'postgres:rekisteri-embedded';

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Running {
  child: ChildProcess;
  port: number;
  stdout(): string;
  stderr(): string;
  exited: Promise<Exit>;
  /** Null while running. */
  exit(): Exit | null;
}

const started: Running[] = [];
const tempDirs: string[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function freshDataRoot(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rekisteri-startup-'));
  // mkdtemp makes 0700; as root the server runs as the postgres user and must enter the folder.
  await chmod(dir, 0o755);
  tempDirs.push(dir);
  return dir;
}

/** The environment of `npm start` on a developer's machine, plus overrides. */
function startEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [
    'DATABASE_URL',
    'DEMO_MODE',
    'PORT',
    'EMBEDDED_PG_DIR',
    'LOG_LEVEL',
    'PUBLIC_URL',
    'REKISTERI_SECRET',
    'GRAPHQL_INTROSPECTION',
    'CUSTOMER_SESSION_HOURS',
    'STAFF_SESSION_HOURS',
  ]) {
    delete env[name];
  }
  env.NODE_ENV = 'development';
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** `ownGroup`: the child leads its own process group, as `npm start` in a terminal does. */
function launch(env: NodeJS.ProcessEnv, port: number, ownGroup = false): Running {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: ownGroup,
  });
  let out = '';
  let err = '';
  let exit: Exit | null = null;
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<Exit>((resolve) => {
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
  });
  const running: Running = { child, port, stdout: () => out, stderr: () => err, exited, exit: () => exit };
  started.push(running);
  return running;
}

/** Resolves when the "serving GraphQL" line is printed; rejects on exit or timeout with the output so far. */
async function waitUntilServing(running: Running): Promise<void> {
  const line = `serving GraphQL at http://localhost:${running.port}/graphql`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!running.stdout().includes(line)) {
    const exit = running.exit();
    if (exit) {
      throw new Error(`exited (${exit.code ?? exit.signal}) before serving.\nstdout:\n${running.stdout()}\nstderr:\n${running.stderr()}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`not serving after ${START_TIMEOUT_MS} ms.\nstdout:\n${running.stdout()}\nstderr:\n${running.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function startServer(dataDir: string, extra: Record<string, string | undefined> = {}, ownGroup = false): Promise<Running> {
  const port = await freePort();
  const running = launch(startEnv({ EMBEDDED_PG_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info', ...extra }), port, ownGroup);
  await waitUntilServing(running);
  return running;
}

/**
 * Sends SIGINT and waits for the exit, at most STOP_TIMEOUT_MS. `wholeGroup`:
 * to the child's process group, as Ctrl-C in a terminal does (the embedded
 * postgres then receives it too).
 */
async function interrupt(running: Running, wholeGroup = false): Promise<{ exit: Exit | null; ms: number }> {
  const began = Date.now();
  if (wholeGroup) process.kill(-running.child.pid!, 'SIGINT');
  else running.child.kill('SIGINT');
  const exit = await Promise.race([running.exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), STOP_TIMEOUT_MS).unref())]);
  return { exit, ms: Date.now() - began };
}

/** pid and command line of every process whose command line names the folder. */
function processesUsing(folder: string): { pid: number; args: string }[] {
  const listing = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return listing
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.includes(folder))
    .map((line) => {
      const [pid, ...args] = line.split(/\s+/);
      return { pid: Number(pid), args: args.join(' ') };
    })
    .filter((p) => p.pid !== process.pid && !p.args.startsWith('ps '));
}

function postgresUsing(folder: string): { pid: number; args: string }[] {
  return processesUsing(folder).filter((p) => /postgres/.test(p.args));
}

/** Pino's JSON lines among the plain lines printed for the person at the terminal. */
function jsonLogLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function messages(stdout: string): string[] {
  return jsonLogLines(stdout).map((line) => String(line.msg));
}

async function graphql(port: number, query: string): Promise<{ status: number; text: string; body: { data?: any; errors?: any[] } }> {
  const response = await fetch(`http://localhost:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) };
}

async function getJson(port: number, route: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`http://localhost:${port}${route}`);
  return { status: response.status, body: await response.json() };
}

/** The embedded server's port, as the start-up banner names it. */
function embeddedPort(stdout: string): number {
  const match = /embedded PostgreSQL on 127\.0\.0\.1:(\d+)/.exec(stdout);
  if (!match) throw new Error(`no embedded database named in:\n${stdout}`);
  return Number(match[1]);
}

async function countCustomers(stdout: string): Promise<number> {
  const client = new Client({ connectionString: `postgresql://${EMBEDDED_CREDENTIALS}@127.0.0.1:${embeddedPort(stdout)}/rekisteri` });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>('select count(*) as count from customer');
    return Number(rows[0].count);
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  for (const running of started) {
    if (!running.exit()) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
  }
  for (const dir of tempDirs) {
    // A postgres left behind by a failed test: stop it by pid before removing its files.
    for (const leftover of postgresUsing(dir)) {
      try {
        process.kill(leftover.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    await rm(dir, { recursive: true, force: true });
  }
});

describe('npm start with no DATABASE_URL (README quick start)', () => {
  let root: string;
  let dataDir: string;
  let first: Running;
  let firstStop: { exit: Exit | null; ms: number };
  let leftAfterFirst: { pid: number; args: string }[];

  beforeAll(async () => {
    root = await freshDataRoot();
    dataDir = path.join(root, 'pg');
    first = await startServer(dataDir);
  });

  it('prints where GraphQL is served, and names the embedded database and its data folder', () => {
    const out = first.stdout();
    expect(out).toContain(`Rekisteri is serving GraphQL at http://localhost:${first.port}/graphql`);
    expect(out).toMatch(/Database: embedded PostgreSQL on 127\.0\.0\.1:\d+/);
    expect(out).toContain(`data in ${dataDir}`);
    expect(out).toContain('(demo mode)');
    expect(first.stderr()).toBe('');
  });

  it('answers the privacy notice anonymously: the controller is Potero Oy', async () => {
    const { status, body } = await graphql(first.port, '{ privacyNotice(language: EN) { controller { name } } }');
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.privacyNotice.controller.name).toBe('Potero Oy');
  });

  it('refuses the customer list to an anonymous caller with UNAUTHENTICATED and no e-mail in the body', async () => {
    const { text, body } = await graphql(first.port, '{ customers(first: 5) { nodes { email } } }');
    expect(body.errors?.map((e) => e.extensions?.code)).toContain('UNAUTHENTICATED');
    expect(body.data?.customers ?? null).toBeNull();
    expect(text).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/);
  });

  it('leaves its address for the operator CLI beside the data folder, readable by the owner only', () => {
    const file = path.join(root, 'embedded-server.url');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain(`127.0.0.1:${embeddedPort(first.stdout())}/rekisteri`);
  });

  it('is healthy and ready', async () => {
    expect(await getJson(first.port, '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await getJson(first.port, '/readyz')).toEqual({ status: 200, body: { status: 'ready' } });
  });

  it('migrates the new database and loads the demo data set on the first start (demo mode)', async () => {
    const logged = messages(first.stdout());
    expect(logged).toContain('applied migrations');
    expect(logged).toContain('loaded the demo data set');
    expect(await countCustomers(first.stdout())).toBeGreaterThan(0);
  });

  it('writes structured JSON logs without the personal data of the demo set', () => {
    const lines = jsonLogLines(first.stdout());
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatchObject({ level: expect.any(Number), msg: expect.any(String) });
    // The demo customers' e-mail addresses and phone numbers (src/modules/demo/demo-data.ts);
    // the plain banner may list demo accounts, the structured log must not.
    const logged = lines.map((line) => JSON.stringify(line)).join('\n');
    expect(logged).not.toMatch(/@example\.fi/);
    expect(logged).not.toMatch(/\+3584\d{7,}|040 123 4567|Virtanen|Korhonen/);
  });

  it('stops on SIGINT within 15 s, shutting down cleanly, and leaves no postgres on the data folder', async () => {
    expect(postgresUsing(dataDir).length).toBeGreaterThan(0); // the check below would otherwise prove nothing
    firstStop = await interrupt(first);
    leftAfterFirst = postgresUsing(dataDir);
    expect(firstStop.exit).not.toBeNull();
    expect(firstStop.exit?.signal).toBeNull(); // exited by itself, not killed by the signal
    expect(firstStop.ms).toBeLessThan(STOP_TIMEOUT_MS);
    expect(leftAfterFirst).toEqual([]);
    expect(messages(first.stdout())).toContain('shutting down');
    expect(first.stderr()).toBe('');
    // The running server's address (with its password) does not outlive it.
    expect(existsSync(path.join(root, 'embedded-server.url'))).toBe(false);
  });

  // BUG (src/core/db/embedded-postgres.ts + src/main.ts): embedded-postgres registers
  // async-exit-hook, whose own SIGINT handler stops the cluster and calls
  // process.exit(130) before main's graceful shutdown reaches process.exit(0).
  it('exits with code 0 after SIGINT (Ctrl-C is a normal stop, not a failure)', () => {
    expect(firstStop?.exit).toEqual({ code: 0, signal: null });
  });

  describe('started again on the same data folder', () => {
    let second: Running;

    beforeAll(async () => {
      // Whatever the first stop did, the second start needs the folder free.
      if (!first.exit()) {
        first.child.kill('SIGKILL');
        await first.exited;
      }
      for (const leftover of postgresUsing(dataDir)) process.kill(leftover.pid, 'SIGKILL');
      second = await startServer(dataDir);
    });

    it('comes up again and answers', async () => {
      expect(second.stdout()).toContain(`data in ${dataDir}`);
      const { body } = await graphql(second.port, '{ privacyNotice(language: EN) { controller { name } } }');
      expect(body.data.privacyNotice.controller.name).toBe('Potero Oy');
      expect(await getJson(second.port, '/readyz')).toEqual({ status: 200, body: { status: 'ready' } });
    });

    it('reuses the data: no migrations to apply, no second demo data set', async () => {
      const logged = messages(second.stdout());
      expect(logged).not.toContain('applied migrations');
      expect(logged).not.toContain('loaded the demo data set');
    });

    it('holds the same customers as after the first start', async () => {
      // The demo set has a fixed size; a second load would double it.
      const demoCount = jsonLogLines(first.stdout()).find((line) => line.msg === 'loaded the demo data set')?.customers;
      expect(typeof demoCount).toBe('number');
      expect(await countCustomers(second.stdout())).toBe(demoCount);
    });

    let secondStop: { exit: Exit | null; ms: number };

    it('stops again on SIGINT within 15 s and leaves no postgres behind', async () => {
      secondStop = await interrupt(second);
      const left = postgresUsing(dataDir);
      expect(secondStop.exit).not.toBeNull();
      expect(secondStop.exit?.signal).toBeNull();
      expect(secondStop.ms).toBeLessThan(STOP_TIMEOUT_MS);
      expect(left).toEqual([]);
      expect(second.stderr()).toBe('');
    });

    // BUG: see the first stop; async-exit-hook exits with 130.
    it('exits with code 0 after the second SIGINT too', () => {
      expect(secondStop?.exit).toEqual({ code: 0, signal: null });
    });
  });
});

describe('demo data only in demo mode', () => {
  it('DEMO_MODE=false on the embedded database loads no demo data; Ctrl-C to the whole process group stops everything', async () => {
    const dataDir = path.join(await freshDataRoot(), 'pg');
    const running = await startServer(dataDir, { DEMO_MODE: 'false' }, true);
    try {
      const logged = messages(running.stdout());
      expect(logged).toContain('applied migrations');
      expect(logged).not.toContain('loaded the demo data set');
      expect(running.stdout()).not.toContain('(demo mode)');
      expect(await countCustomers(running.stdout())).toBe(0);
      expect(postgresUsing(dataDir).length).toBeGreaterThan(0);
    } finally {
      const stop = await interrupt(running, true);
      if (!stop.exit) {
        running.child.kill('SIGKILL');
        await running.exited;
      }
    }
    expect(running.exit()?.signal).toBeNull();
    expect(postgresUsing(dataDir)).toEqual([]);
  });
});

describe('a bad configuration fails fast with a clear message', () => {
  async function startBadly(overrides: Record<string, string | undefined>): Promise<{ exit: Exit; stdout: string; stderr: string; ms: number }> {
    const dataDir = path.join(await freshDataRoot(), 'pg');
    const began = Date.now();
    const running = launch(startEnv({ EMBEDDED_PG_DIR: dataDir, PORT: String(await freePort()), LOG_LEVEL: 'info', ...overrides }), 0);
    const exit = await Promise.race([running.exited, new Promise<Exit>((resolve) => setTimeout(() => resolve({ code: null, signal: null }), 30_000).unref())]);
    if (!running.exit()) running.child.kill('SIGKILL');
    return { exit, stdout: running.stdout(), stderr: running.stderr(), ms: Date.now() - began };
  }

  it.each([
    ['PORT=abc', { PORT: 'abc' }, /PORT/],
    ['PORT=70000', { PORT: '70000' }, /PORT/],
    ['DATABASE_URL=mysql://x', { DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    ['NODE_ENV=staging', { NODE_ENV: 'staging' }, /NODE_ENV/],
    ['LOG_LEVEL=loud', { LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    ['NODE_ENV=production without REKISTERI_SECRET', { NODE_ENV: 'production', DATABASE_URL: 'postgres://nowhere.invalid/db' }, /REKISTERI_SECRET/],
  ])('%s: exit code 1, the variable named on stderr, nothing served', async (_name, overrides, variable) => {
    const { exit, stdout, stderr, ms } = await startBadly(overrides);
    expect(exit).toEqual({ code: 1, signal: null });
    expect(stderr).toMatch(/Configuration error/);
    expect(stderr).toMatch(variable);
    // A configuration message, not a stack trace.
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).not.toContain('serving GraphQL');
    expect(ms).toBeLessThan(30_000);
  });

  it('touches no database when the configuration is bad (no embedded server initialised)', async () => {
    const root = await freshDataRoot();
    const dataDir = path.join(root, 'pg');
    const running = launch(startEnv({ EMBEDDED_PG_DIR: dataDir, PORT: 'abc' }), 0);
    await running.exited;
    expect(postgresUsing(dataDir)).toEqual([]);
    expect(existsSync(dataDir)).toBe(false);
  });
});
