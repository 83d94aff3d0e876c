/** Writes schema/schema.graphql from the code: `npm run schema:emit`. The contract test fails until it is re-run after a schema change. */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { printContract } from '../core/graphql/schema';
import { buildBaseSchema } from '../app/schema';

const target = path.resolve(__dirname, '..', '..', 'schema', 'schema.graphql');
writeFileSync(target, printContract(buildBaseSchema()));
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
