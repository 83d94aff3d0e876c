import type { MikroORM } from '@mikro-orm/postgresql';
import { coreErrors } from '../graphql/errors';
import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics at GET /metrics. Labels carry no personal data: operation names
 * (bounded, see operationLabel), outcome codes, route templates, HTTP status, queue names.
 */

/** Codes that mean "the API refused", as opposed to "the request failed". */
const REFUSALS = new Set([
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'LOGIN_THROTTLED',
  'RATE_LIMITED',
  'COST_LIMIT_EXCEEDED',
]);

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_OPERATION_LABELS = 300;

export interface QueueSource {
  getQueues(): Promise<{ name: string }[]>;
  getQueueSize(name: string): Promise<number>;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();
  private readonly graphqlRequests = new Counter({
    name: 'rekisteri_graphql_requests_total',
    help: 'GraphQL requests by operation name and outcome (ok, or the first error code).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly graphqlDuration = new Histogram({
    name: 'rekisteri_graphql_request_duration_seconds',
    help: 'GraphQL request latency by operation name.',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly refused = new Counter({
    name: 'rekisteri_refused_operations_total',
    help: 'Errors that are refusals (permission, authentication, input, limits) by operation and code.',
    labelNames: ['operation', 'code'] as const,
    registers: [this.registry],
  });
  private readonly httpRequests = new Counter({
    name: 'rekisteri_http_requests_total',
    help: 'HTTP requests by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly httpDuration = new Histogram({
    name: 'rekisteri_http_request_duration_seconds',
    help: 'HTTP request latency by route template.',
    labelNames: ['route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'rekisteri_' });
  }

  /** A label for a client-chosen operation name that cannot grow without bound. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'invalid';
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATION_LABELS) return 'other';
    this.operations.add(name);
    return name;
  }

  graphqlDone(operation: string | null | undefined, codes: string[], seconds: number): void {
    const label = this.operationLabel(operation);
    this.graphqlRequests.inc({ operation: label, outcome: codes[0] ?? 'ok' });
    this.graphqlDuration.observe({ operation: label }, seconds);
    for (const code of new Set(codes)) if (REFUSALS.has(code)) this.refused.inc({ operation: label, code });
  }

  httpDone(method: string, route: string, status: number, seconds: number): void {
    this.httpRequests.inc({ method, route, status: String(status) });
    this.httpDuration.observe({ route }, seconds);
  }

  /** Connections of the ORM's pool (used, free, waiting), read at scrape time. */
  watchPool(orm: MikroORM): void {
    new Gauge({
      name: 'rekisteri_db_pool_connections',
      help: 'Database pool connections by state (used, free, pending acquires).',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const pool = (orm.em.getConnection().getKnex().client as { pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number } }).pool;
        if (!pool) return;
        this.set({ state: 'used' }, pool.numUsed());
        this.set({ state: 'free' }, pool.numFree());
        this.set({ state: 'pending' }, pool.numPendingAcquires());
      },
    });
  }

  /** Jobs waiting per pg-boss queue, read at scrape time. */
  watchQueues(boss: QueueSource): void {
    new Gauge({
      name: 'rekisteri_job_queue_depth',
      help: 'Jobs waiting (created or retrying) per pg-boss queue.',
      labelNames: ['queue'] as const,
      registers: [this.registry],
      async collect() {
        try {
          for (const queue of await boss.getQueues()) this.set({ queue: queue.name }, await boss.getQueueSize(queue.name));
        } catch {
          // The queue is stopping or the database is away: no sample rather than a failed scrape.
        }
      },
    });
  }

  /** GET /metrics in Prometheus text format; behind a bearer token when one is configured. */
  handler(token: string | null): RequestHandler {
    return async (req, res) => {
      if (token && req.header('authorization') !== `Bearer ${token}`) {
        res.status(401).json({ errors: [coreErrors.body('UNAUTHENTICATED', 'Metrics need the metrics token')] });
        return;
      }
      res.type(this.registry.contentType).send(await this.registry.metrics());
    };
  }
}
