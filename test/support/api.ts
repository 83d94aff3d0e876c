import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TrustProxy } from '../../src/config/config';
import type { Principal } from '../../src/core/auth/principal';
import { createAuthenticator } from '../../src/modules/identity/authenticate';
import { createApp, type RekisteriApp } from '../../src/app/http';
import { createLogger } from '../../src/core/logging/logger';
import { createTestDatabase, type TestDatabase } from './database';
import { TEST_SETTINGS } from './test-env';

export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string; [key: string]: unknown };
}

export interface GraphQLResult<T> {
  status: number;
  data: T | null | undefined;
  errors: GraphQLErrorShape[] | undefined;
}

export interface GraphQLClient {
  request<TData, TVars extends Record<string, unknown>>(
    document: TypedDocumentNode<TData, TVars>,
    ...variables: TVars extends Record<string, never> ? [] : [TVars]
  ): Promise<GraphQLResult<TData>>;
  /** An untyped query, for the permission matrix and schema-wide checks. */
  raw<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>>;
}

export interface TestApi {
  url: string;
  db: TestDatabase;
  app: RekisteriApp;
  anonymous: GraphQLClient;
  /** A client acting as the given principal (test-only header; skips authentication). */
  as(principal: Principal): GraphQLClient;
  /** A client sending `Authorization: Bearer <token>`, authenticated for real. */
  withToken(token: string): GraphQLClient;
  /** Counts SQL statements sent while `work` runs. */
  countSql<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }>;
  close(): Promise<void>;
}

/**
 * A real HTTP server on an ephemeral port over a fresh database. Until the
 * identity module authenticates requests, the suites name their principal in
 * a test-only header that this harness's authenticate() reads; production
 * code never sees it.
 */
export async function startTestApi(
  options: {
    now?: () => Date;
    corsOrigins?: string[];
    trustProxy?: TrustProxy;
    /** Serve as production does (error formatting, headers, trusted leaves); default false. */
    production?: boolean;
    /** Serve this suite's database instead of a fresh one (another API's; left open on close). */
    db?: TestDatabase;
  } = {},
): Promise<TestApi> {
  const db = options.db ?? (await createTestDatabase());
  const principals = new Map<string, Principal>();
  const realAuthenticate = createAuthenticator(options.now);
  const app = await createApp({
    orm: db.orm,
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    settings: TEST_SETTINGS,
    production: options.production ?? false,
    introspection: true,
    now: options.now,
    corsOrigins: options.corsOrigins,
    trustProxy: options.trustProxy,
    // A principal named by the test-only header, else the real bearer-token authentication.
    authenticate: async (req, orm) => principals.get(req.header('x-test-principal') ?? '') ?? realAuthenticate(req, orm),
  });
  const server: Server = await new Promise((resolve) => {
    const listening = createServer(app.handler).listen(0, '127.0.0.1', () => resolve(listening));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;

  const client = (headers: Record<string, string>): GraphQLClient => {
    const send = async <T>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>> => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: T | null; errors?: GraphQLErrorShape[] };
      return { status: response.status, data: body.data, errors: body.errors };
    };
    return {
      request: (document, ...variables) => send(print(document), variables[0]),
      raw: (query, variables) => send(query, variables),
    };
  };

  return {
    url,
    db,
    app,
    anonymous: client({}),
    as(principal) {
      const key = JSON.stringify(principal);
      principals.set(key, principal);
      return client({ 'x-test-principal': key });
    },
    withToken: (token) => client({ authorization: `Bearer ${token}` }),
    async countSql(work) {
      const knex = db.orm.em.getConnection().getKnex();
      const statements: string[] = [];
      const listener = (query: { sql: string }) => statements.push(query.sql);
      knex.on('query', listener);
      try {
        const result = await work();
        return { result, statements };
      } finally {
        knex.removeListener('query', listener);
      }
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await app.stop();
      if (!options.db) await db.close();
    },
  };
}
