import type { Server } from 'node:http';

/**
 * Process lifecycle helpers for the API's entry point: listening that fails loudly, and
 * noticing that the process that started us is gone.
 */

export class ListenError extends Error {}

/** Listen on `port`; a busy or forbidden port rejects with one line naming PORT (express 5 would only pass it to the callback). */
export function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      const reason =
        error.code === 'EADDRINUSE'
          ? `port ${port} is already in use; stop the other process or set PORT to a free port`
          : error.code === 'EACCES'
            ? `port ${port} needs privileges this process does not have; set PORT to a port above 1023`
            : `could not listen on port ${port} (${error.code ?? error.message})`;
      reject(new ListenError(`PORT: ${reason}`));
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port);
  });
}

/**
 * Calls `onOrphaned` when the parent process goes away (we are reparented), so `npm start`
 * killed with SIGKILL, or a supervisor that dies, does not leave the API serving on its own.
 * SIGTERM to npm is handled by `exec` in the start script: npm then signals node directly.
 */
export function watchParent(onOrphaned: () => void, everyMs = 1000): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      onOrphaned();
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Thrown out of a start-up step when a stop was asked for meanwhile. */
export class StopRequested extends Error {}

interface Logs {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/**
 * What the process has started, closed in reverse order on SIGINT/SIGTERM, when the parent
 * goes away, or when start-up fails, within a bounded time. A signal during start-up is held
 * until the running step ends (so an embedded PostgreSQL being started is stopped too, not
 * orphaned), then start-up ends and everything started so far is closed.
 */
export class Lifecycle {
  private readonly closers: { name: string; close: () => Promise<void> }[] = [];
  private requested: { reason: string; exitCode: number } | null = null;
  private serving = false;
  private closing = false;

  constructor(
    private readonly logger: Logs,
    private readonly limitMs: number,
  ) {}

  /** Signals and the parent's death ask for a stop from now on. */
  install(): void {
    process.on('SIGINT', () => this.requestStop('SIGINT', 0));
    process.on('SIGTERM', () => this.requestStop('SIGTERM', 0));
    watchParent(() => this.requestStop('parent process exited', 0));
  }

  /** Register something to close at stop; the last registered closes first. */
  onStop(name: string, close: () => Promise<void>): void {
    this.closers.push({ name, close });
  }

  /** A start-up step: when a stop was asked for while it ran, start-up ends here. */
  async step<T>(work: Promise<T>): Promise<T> {
    const value = await work;
    if (this.requested) throw new StopRequested(this.requested.reason);
    return value;
  }

  /** Start-up is done: a stop now closes at once. */
  ready(): void {
    this.serving = true;
  }

  requestStop(reason: string, exitCode: number): void {
    if (this.requested) return;
    this.requested = { reason, exitCode };
    if (this.serving) void this.closeAndExit();
  }

  /** Close everything started (reverse order, bounded), then exit with the requested code. */
  async closeAndExit(exitCode = this.requested?.exitCode ?? 1): Promise<never> {
    if (!this.closing) {
      this.closing = true;
      this.logger.info({ reason: this.requested?.reason ?? 'start-up failed' }, 'shutting down');
      const deadline = setTimeout(() => {
        this.logger.error({ ms: this.limitMs }, 'shutdown did not finish in time; exiting');
        process.exit(1);
      }, this.limitMs);
      deadline.unref();
      for (const { name, close } of this.closers.reverse()) {
        try {
          await close();
        } catch (error) {
          this.logger.error({ step: name, err: error instanceof Error ? error.message : String(error) }, 'error while shutting down');
          exitCode = exitCode || 1;
        }
      }
      // The last line: written as the process exits, it tells the log's reader the stop was whole.
      this.logger.info({ exitCode }, 'stopped');
      process.exit(exitCode);
    }
    return new Promise<never>(() => {});
  }
}
