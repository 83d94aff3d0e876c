import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/** The API's real entry point in a child process, as `npm start` runs it. */

export const ROOT = path.resolve(__dirname, '../..');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildServer {
  child: ChildProcess;
  port: number;
  stdout(): string;
  stderr(): string;
  exited: Promise<Exit>;
  exit(): Exit | null;
  /** Resolves on the "serving GraphQL" line; rejects on exit or timeout with the output so far. */
  serving(timeoutMs?: number): Promise<void>;
  /** Waits for the exit at most `ms`; null when still running. */
  exitWithin(ms: number): Promise<Exit | null>;
}

export function freePort(): Promise<number> {
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

const CLEARED = [
  'DATABASE_URL',
  'DEMO_MODE',
  'PORT',
  'EMBEDDED_PG_DIR',
  'LOG_LEVEL',
  'PUBLIC_URL',
  'REKISTERI_SECRET',
  'WEBHOOK_SECRET_KEY',
  'GRAPHQL_INTROSPECTION',
  'CUSTOMER_SESSION_HOURS',
  'STAFF_SESSION_HOURS',
  'CORS_ORIGINS',
  'TRUST_PROXY',
  'RUN_WORKER',
];

/** A developer's environment for `npm start`, plus overrides (undefined removes a variable). */
export function serverEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CLEARED) delete env[name];
  for (const name of Object.keys(env)) if (name.startsWith('RETENTION_CRON_')) delete env[name];
  env.NODE_ENV = 'development';
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Spawn `command` (default: node with ts-node on src/main.ts) in `cwd` with the environment given. */
export function launchServer(env: NodeJS.ProcessEnv, port: number, options: { command?: string; args?: string[]; cwd?: string } = {}): ChildServer {
  const child = spawn(options.command ?? process.execPath, options.args ?? ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: options.cwd ?? ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
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
  return {
    child,
    port,
    stdout: () => out,
    stderr: () => err,
    exited,
    exit: () => exit,
    async serving(timeoutMs = 90_000) {
      const line = `serving GraphQL at http://localhost:${port}/graphql`;
      const deadline = Date.now() + timeoutMs;
      while (!out.includes(line)) {
        if (exit) throw new Error(`exited (${exit.code ?? exit.signal}) before serving.\nstdout:\n${out}\nstderr:\n${err}`);
        if (Date.now() > deadline) throw new Error(`not serving after ${timeoutMs} ms.\nstdout:\n${out}\nstderr:\n${err}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    exitWithin: (ms) => Promise.race([exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), ms).unref())]),
  };
}

/** Pino's JSON lines among the plain lines printed for the person at the terminal. */
export function jsonLogLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
