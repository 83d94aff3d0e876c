import { HeaderMap, type ApolloServer, type HTTPGraphQLResponse } from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pLimit from 'p-limit';
import { coreErrors, describeErrorSafely, type CoreErrorCode } from '../graphql/errors';
import type { Logger } from '../logging/logger';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from './availability';

/**
 * POST /graphql with a JSON body, served without express (issue 9). The profile of the
 * storefront query showed express's router, body-parser, the Apollo express integration
 * and per-response header handling at ~12% of the server's CPU for a request whose own
 * work is one SQL statement. This path does the same things in one pass: the same security
 * and CORS headers, the same request id, body limit and JSON errors, the same access log
 * and metrics, and the same Apollo server (its plugins, limits, audit and formatting).
 *
 * Only the common shape takes it: POST to /graphql, `Content-Type: application/json`
 * (utf-8 or no charset), no Content-Encoding. Everything else (preflights, GET, other
 * content types, compressed bodies, wrong charsets) goes to express, which answers it as
 * it always has; test/foundation/graphql-endpoint.test.ts holds the two paths to the same
 * answers.
 */

/** What the endpoint needs from the app around it; built once in createApp. */
export interface GraphqlEndpointOptions<TContext extends object> {
  apollo: ApolloServer<TContext>;
  logger: Logger;
  maxBodyBytes: number;
  /**
   * Operations executed at once, and how many may wait for a turn (in arrival order). On two
   * cores, 32 admin pages at once interleaved so that the unluckiest waited 3–4 s while the
   * median waited 0.9 s, and each one's rows, objects and answer were in memory together
   * (peak RSS 400–440 MB); taking them in turn keeps the wait near the median and the memory
   * to a few pages. Beyond the queue: 503 with Retry-After, as when the database is away.
   */
  concurrency: { max: number; queued: number };
  /** Headers every response carries (helmet's set, computed once), as a flat name, value, … list. */
  staticHeaders: string[];
  /** What every route gets at its start: the request id, the trace context, the access log and metrics. */
  begin(req: IncomingMessage, res: ServerResponse): RequestStart;
  /** CORS for an actual request with an Origin header (preflights never come here). */
  cors(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void;
  context(req: IncomingMessage, start: RequestStart): Promise<TContext>;
}

export interface RequestStart {
  requestId: string;
  trace: { traceId: string; parentId: string } | null;
}

const JSON_TYPE = /^application\/json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/** True for the requests the lean path serves; the rest stay with express. */
export function takesLeanPath(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const url = req.url ?? '';
  if (url !== '/graphql' && !url.startsWith('/graphql?')) return false;
  const type = req.headers['content-type'];
  if (type === undefined || !JSON_TYPE.test(type)) return false;
  const encoding = req.headers['content-encoding'];
  return encoding === undefined || encoding.toLowerCase() === 'identity';
}

export function graphqlEndpoint<TContext extends object>(options: GraphqlEndpointOptions<TContext>) {
  const { apollo, logger, maxBodyBytes, staticHeaders } = options;
  const turn = pLimit(options.concurrency.max);

  /**
   * All headers in one writeHead with a flat list: Node then validates and writes them in
   * one pass instead of storing each through setHeader first (CORS, when it ran, has set
   * its own already; Node merges those in).
   */
  function head(start: RequestStart, more: Iterable<[string, string]>): string[] {
    const headers = staticHeaders.slice();
    headers.push('x-request-id', start.requestId);
    for (const [name, value] of more) headers.push(name, value);
    return headers;
  }

  function refuse(res: ServerResponse, start: RequestStart, status: number, code: CoreErrorCode, message?: string, extra: [string, string][] = []): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = JSON.stringify({ errors: [coreErrors.body(code, message)] });
    const headers = head(start, extra);
    headers.push('content-type', 'application/json; charset=utf-8', 'content-length', String(Buffer.byteLength(body)));
    res.writeHead(status, headers);
    res.end(body);
  }

  async function respond(res: ServerResponse, start: RequestStart, response: HTTPGraphQLResponse): Promise<void> {
    const status = response.status ?? 200;
    const headers = head(start, response.headers);
    if (response.body.kind === 'complete') {
      headers.push('content-length', String(Buffer.byteLength(response.body.string)));
      res.writeHead(status, headers);
      res.end(response.body.string);
      return;
    }
    res.writeHead(status, headers);
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  async function execute(req: IncomingMessage, res: ServerResponse, start: RequestStart, text: string): Promise<void> {
    let body: unknown;
    if (text === '') {
      body = {}; // as express.json: an empty body is an empty object, which Apollo then refuses
    } else {
      // express.json's strict mode: only an object or an array is a GraphQL request body.
      const first = /\S/.exec(text)?.[0];
      try {
        if (first !== '{' && first !== '[') throw new SyntaxError('not an object or array');
        body = JSON.parse(text);
      } catch {
        refuse(res, start, 400, 'BAD_REQUEST', 'Request body is not valid JSON');
        return;
      }
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = req.url ?? '';
    const q = url.indexOf('?');
    if (turn.pendingCount >= options.concurrency.queued && turn.activeCount >= options.concurrency.max) {
      refuse(res, start, 503, 'SERVICE_UNAVAILABLE', 'The server is busy; try again shortly', [['retry-after', String(RETRY_AFTER_SECONDS)]]);
      return;
    }
    await turn(async () => {
      // A caller who went away while waiting gets nothing run for them (a burst's abandoned tail, a shutdown).
      if (req.socket.destroyed) return;
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: 'POST', headers, search: q === -1 ? '' : url.slice(q), body },
        context: () => options.context(req, start),
      });
      await respond(res, start, response);
    });
  }

  /** Reads the body within the limit, then runs the request; every failure answers JSON. */
  return function serve(req: IncomingMessage, res: ServerResponse): void {
    const start = options.begin(req, res);
    const fail = (error: unknown) => {
      if (isDatabaseUnavailable(error)) {
        // Issue 10: an unreachable database is a 503 with Retry-After, not a 500.
        refuse(res, start, 503, 'SERVICE_UNAVAILABLE', undefined, [['retry-after', String(RETRY_AFTER_SECONDS)]]);
        return;
      }
      logger.error({ requestId: start.requestId, err: describeErrorSafely(error) }, 'unexpected error in the GraphQL endpoint');
      refuse(res, start, 500, 'INTERNAL_SERVER_ERROR');
    };
    const tooLarge = () => {
      // The body limit is the first operation limit (issue 10): answered at once, nothing kept.
      // The rest of the body is read and dropped, as express does, so a client still sending
      // it gets the answer rather than a reset connection.
      refuse(res, start, 413, 'REQUEST_TOO_LARGE', `Request body is larger than ${maxBodyBytes} bytes`);
      req.resume();
    };

    const run = () => {
      const declared = req.headers['content-length'];
      if (declared !== undefined && Number(declared) > maxBodyBytes) {
        tooLarge();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let over = false;
      req.on('data', (chunk: Buffer) => {
        if (over) return;
        size += chunk.length;
        if (size > maxBodyBytes) {
          over = true;
          tooLarge();
          return;
        }
        chunks.push(chunk);
      });
      req.on('error', () => {
        // The client went away mid-body: nothing was run, there is no one to answer.
        over = true;
      });
      req.on('end', () => {
        if (over) return;
        const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
        execute(req, res, start, text).catch(fail);
      });
    };
    if (req.headers.origin === undefined) run();
    else
      options.cors(req, res, (error) => {
        if (error) fail(error);
        else run();
      });
  };
}
