/**
 * What permissions cost in process (not a test): the same validated document
 * executed on the served schema (compiled permissions, restriction, marketing
 * channel rule and read audit) and on the same schema without them, against
 * the bench:peer database, alternating, in one process.
 *
 *   npm run bench:peer -- --customers 50000 --rounds 1   # once, to seed rekisteri_bench_peer
 *   npm run bench:overhead -- --iterations 40
 *
 * Prints the median execution time of each and the ratio (target ≤ 1.15).
 */
import 'reflect-metadata';
import { execute, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { openAppOrm, withDatabase } from '../../src/app/database';
import { createRequestContext } from '../../src/app/context';
import { buildBaseSchema, buildSchema } from '../../src/app/schema';
import type { Principal } from '../../src/core/auth/principal';
import { createLogger } from '../../src/core/logging/logger';
import { TEST_SETTINGS } from '../support/test-env';

const { values } = parseArgs({ options: { iterations: { type: 'string', default: '40' } } });
const ITERATIONS = Number(values.iterations);

const ADMIN = `{ customers(first: 100) { nodes { id firstName lastName email phone loyalty { tier points }
  consents { purpose granted since } orders { orderNumber status totalCents lines { productCode productName quantity unitPriceCents } } } } }`;

async function main(): Promise<void> {
  const server = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const orm = await openAppOrm(withDatabase(server, 'rekisteri_bench_peer'));
  const logger = createLogger('silent');
  const principal: Principal = { kind: 'STAFF', staffId: randomUUID(), roles: ['CUSTOMER_SERVICE'] };
  const served = buildSchema();
  const bare = buildBaseSchema();
  const document: DocumentNode = parse(ADMIN);
  for (const schema of [served, bare]) {
    const problems = validate(schema, document);
    if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('; '));
  }

  const run = async (schema: GraphQLSchema): Promise<number> => {
    const contextValue = createRequestContext({ orm, principal, requestId: randomUUID(), log: logger, settings: TEST_SETTINGS });
    const started = process.hrtime.bigint();
    const result = await execute({ schema, document, contextValue });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.errors) throw new Error(JSON.stringify(result.errors).slice(0, 300));
    return ms;
  };

  for (let i = 0; i < 5; i++) {
    await run(served);
    await run(bare);
  }
  const times: Record<'served' | 'bare', number[]> = { served: [], bare: [] };
  for (let i = 0; i < ITERATIONS; i++) {
    // Alternate which goes first, so neither always follows a GC of the other.
    if (i % 2 === 0) {
      times.served.push(await run(served));
      times.bare.push(await run(bare));
    } else {
      times.bare.push(await run(bare));
      times.served.push(await run(served));
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const servedMs = median(times.served);
  const bareMs = median(times.bare);
  process.stdout.write(
    `admin list (100 customers × 5 orders × 3 lines), ${ITERATIONS} executions each, median:\n` +
      `  served schema (permissions, restriction, read audit): ${servedMs.toFixed(1)} ms\n` +
      `  same schema without permissions:                     ${bareMs.toFixed(1)} ms\n` +
      `  ratio: ${(servedMs / bareMs).toFixed(2)}×\n`,
  );
  await orm.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:overhead failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
