import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort, jsonLogLines, launchServer, ROOT, serverEnv, type ChildServer } from '../support/child-server';

/*
 * Operating the API as a process: SIGTERM answers the requests in flight before the ORM
 * closes, a busy PORT ends the process with a clear message, `npm start` stops with its
 * parent, and root in a folder the postgres user cannot enter still starts.
 */

jest.setTimeout(240_000);

const children: ChildServer[] = [];
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  for (const child of children) {
    if (!child.exit()) {
      child.child.kill('SIGKILL');
      await child.exited;
    }
  }
  await db.close();
});

async function startOnTestDatabase(extra: Record<string, string> = {}): Promise<ChildServer> {
  const port = await freePort();
  const server = launchServer(serverEnv({ DATABASE_URL: db.url, PORT: String(port), RUN_WORKER: 'false', DEMO_MODE: 'false', LOG_LEVEL: 'info', ...extra }), port);
  children.push(server);
  return server;
}

const NOTICE_QUERY = JSON.stringify({ query: '{ privacyNotice(language: EN) { controller { name } } }' });

function postNotice(port: number): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: NOTICE_QUERY });
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('SIGTERM during a slow request (graceful drain)', () => {
  it('answers the request in flight with its data, refuses new connections meanwhile, then exits 0', async () => {
    const server = await startOnTestDatabase();
    await server.serving();
    // The request is made slow for real: the table it reads is locked by another session.
    const locker = new Client({ connectionString: db.url });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table privacy_notice in access exclusive mode');
      const inFlight = postNotice(server.port);
      await waitFor(async () => {
        const { rows } = await locker.query("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'");
        return rows[0].n > 0;
      }, 20_000);
      server.child.kill('SIGTERM');
      // The listener closes at once: a new connection is refused while the old request waits.
      await waitFor(
        () =>
          new Promise<boolean>((resolve) => {
            const socket = net.connect(server.port, '127.0.0.1');
            socket.on('connect', () => (socket.destroy(), resolve(false)));
            socket.on('error', () => resolve(true));
          }),
        5_000,
      );
      expect(server.exit()).toBeNull();
      await locker.query('commit');
      const response = await inFlight;
      expect(response.status).toBe(200);
      const body = (await response.json()) as { data?: { privacyNotice: { controller: { name: string } } }; errors?: unknown[] };
      expect(body.errors).toBeUndefined();
      expect(body.data?.privacyNotice.controller.name).toBe('Potero Oy');
      expect(await server.exitWithin(20_000)).toEqual({ code: 0, signal: null });
    } finally {
      await locker.end();
    }
  });
});

describe('the log on standard output (written asynchronously)', () => {
  it('holds every line of a burst, whole and parseable, when SIGTERM comes right after it', async () => {
    const server = await startOnTestDatabase();
    await server.serving();
    const ids = Array.from({ length: 300 }, (_, i) => `burst-${String(i).padStart(4, '0')}`);
    const answers = await Promise.all(
      ids.map((id) =>
        fetch(`http://127.0.0.1:${server.port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': id }, body: NOTICE_QUERY }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(ids.map(() => 200));
    // Sign-ins with personal data in their variables, at the same moment: their lines are written too, without it (§9.1).
    const signIns = Array.from({ length: 20 }, (_, i) => `sign-in-${String(i).padStart(4, '0')}`);
    const signInBody = JSON.stringify({
      query: 'mutation SignIn($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
      variables: { email: 'äijä.öhman-burst@example.fi', password: 'Ŋá-salasana-040 123 4567' },
    });
    await Promise.all(
      signIns.map((id) =>
        fetch(`http://127.0.0.1:${server.port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': id }, body: signInBody }).then((answer) =>
          answer.text(),
        ),
      ),
    );
    server.child.kill('SIGTERM');
    expect(await server.exitWithin(20_000)).toEqual({ code: 0, signal: null });
    // jsonLogLines parses every line that starts a JSON object: a torn or interleaved line throws here.
    const lines = jsonLogLines(server.stdout());
    const logged = (msg: string) => new Set(lines.filter((line) => line.msg === msg).map((line) => line.requestId));
    expect(ids.filter((id) => !logged('http request').has(id))).toEqual([]);
    expect(ids.filter((id) => !logged('graphql request').has(id))).toEqual([]);
    expect(signIns.filter((id) => !logged('http request').has(id))).toEqual([]);
    for (const needle of ['äijä', 'öhman-burst', 'Ŋá-salasana', '040 123 4567']) expect(server.stdout()).not.toContain(needle);
    // The last lines, written while stopping, are there too: nothing was left in the buffer.
    expect(lines.at(-1)?.msg).toBe('stopped');
  });
});

describe('a busy PORT', () => {
  it('ends the process non-zero with one line naming PORT, instead of claiming to serve', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const server = launchServer(serverEnv({ DATABASE_URL: db.url, PORT: String(port), RUN_WORKER: 'false', DEMO_MODE: 'false' }), port);
      children.push(server);
      const exit = await server.exitWithin(60_000);
      expect(exit?.code).toBe(1);
      expect(server.stdout()).not.toContain('serving GraphQL');
      expect(server.stderr()).toContain(`Rekisteri failed to start: PORT: port ${port} is already in use`);
      expect(server.stderr()).not.toMatch(/\n\s+at /); // one line, no stack
    } finally {
      blocker.close();
    }
  });
});

function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((n) => n > 0);
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start stops with its parent', () => {
  it('SIGTERM to the npm process stops node too (start script uses exec)', async () => {
    const port = await freePort();
    const npm = launchServer(serverEnv({ DATABASE_URL: db.url, PORT: String(port), RUN_WORKER: 'false', DEMO_MODE: 'false' }), port, {
      command: 'npm',
      args: ['start', '--silent'],
    });
    children.push(npm);
    await npm.serving();
    const nodes = childrenOf(npm.child.pid!);
    expect(nodes).toHaveLength(1); // node itself, no shell in between
    npm.child.kill('SIGTERM');
    await npm.exitWithin(20_000);
    await waitFor(async () => !alive(nodes[0]), 20_000);
  });

  it('node exits on its own when its parent dies without a word (SIGKILL)', async () => {
    const port = await freePort();
    // A shell that waits for node, as a supervisor would; `; true` keeps sh from exec-ing node.
    const shell = launchServer(serverEnv({ DATABASE_URL: db.url, PORT: String(port), RUN_WORKER: 'false', DEMO_MODE: 'false' }), port, {
      command: 'sh',
      args: ['-c', `"${process.execPath}" -r ts-node/register/transpile-only src/main.ts; true`],
    });
    children.push(shell);
    await shell.serving();
    const [node] = childrenOf(shell.child.pid!);
    expect(node).toBeGreaterThan(0);
    shell.child.kill('SIGKILL');
    await waitFor(async () => !alive(node), 20_000);
  });
});

const asRoot = process.getuid?.() === 0;
(asRoot ? describe : describe.skip)('as root in a folder the postgres user cannot enter (mode 700 home)', () => {
  let home: string;

  beforeAll(async () => {
    home = mkdtempSync(path.join(os.tmpdir(), 'rekisteri-home-'));
    await chmod(home, 0o700);
    const project = path.join(home, 'rekisteri');
    for (const entry of ['src', 'migrations', 'package.json', 'tsconfig.json']) cpSync(path.join(ROOT, entry), path.join(project, entry), { recursive: true });
    // Hard links: the same files under a path the postgres user cannot traverse, in a second.
    execFileSync('cp', ['-al', path.join(ROOT, 'node_modules'), path.join(project, 'node_modules')]);
  });

  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
  });

  it('npm start with the default data folder starts, keeping data and binaries where postgres can reach them', async () => {
    const port = await freePort();
    const server = launchServer(serverEnv({ PORT: String(port), RUN_WORKER: 'false', DEMO_MODE: 'false' }), port, { cwd: path.join(home, 'rekisteri') });
    children.push(server);
    await server.serving(120_000);
    const dataLine = /data in (\S+)/.exec(server.stdout())?.[1] ?? '';
    expect(dataLine.startsWith(path.join(os.tmpdir(), 'rekisteri-embedded', 'data'))).toBe(true);
    const response = await postNotice(port);
    expect(((await response.json()) as { data: { privacyNotice: { controller: { name: string } } } }).data.privacyNotice.controller.name).toBe('Potero Oy');
    server.child.kill('SIGINT');
    expect(await server.exitWithin(30_000)).toEqual({ code: 0, signal: null });
    // The relocated data folder is this test's: remove it.
    rmSync(path.dirname(dataLine), { recursive: true, force: true });
  });
});
