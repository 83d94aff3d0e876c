import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isInputObjectType, isObjectType } from 'graphql';
import { printContract } from '../../src/core/graphql/schema';
import { buildBaseSchema } from '../../src/app/schema';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from '../../src/app/database';
import { createTestDatabase, type TestDatabase } from '../support/database';

describe('the public contract (schema/schema.graphql)', () => {
  const schema = buildBaseSchema();

  it('matches the schema the code builds; run `npm run schema:emit` after a deliberate change', () => {
    const committed = readFileSync(path.resolve(__dirname, '../../schema/schema.graphql'), 'utf8');
    expect(printContract(schema)).toBe(committed);
  });

  it('describes every type, field, argument and enum value: the SDL is what clients read', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Boolean', 'ID', 'Float'].includes(type.name)) continue;
      // The root types are described by their fields.
      if (!type.description && !['Query', 'Mutation'].includes(type.name)) missing.push(type.name);
      if (isObjectType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description && !['id', 'input'].includes(arg.name)) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  it('are in step with the entities: no schema change is pending (else run `npm run migration:create`)', async () => {
    // As the owner of the tables: information_schema hides check constraints from other roles.
    const owner = await MikroORM.init(ormOptions(db.url));
    try {
      const pendingSql = await owner.schema.getUpdateSchemaSQL({ wrap: false, safe: false });
      expect(pendingSql.trim()).toBe('');
      expect(await owner.getMigrator().checkMigrationNeeded()).toBe(false);
    } finally {
      await owner.close(true);
    }
  });

  it('are all applied to the database the suites use', async () => {
    expect(await db.orm.getMigrator().getPendingMigrations()).toEqual([]);
  });
});
