import { ENTITIES, NO_CUSTOMER_PERSONAL_DATA, PERSONAL_DATA_HANDLERS } from '../../src/app/modules';
import { startTestApi, type TestApi } from '../support/api';

/*
 * The personal-data registry is complete by design (§8.1 access, §8.7
 * erasure): the export and the erasure loop over the handlers and import no
 * domain's entities, so an entity that no handler names would silently be
 * left out of both. Every entity is therefore either covered by exactly one
 * handler or listed, with a reason, as holding no customer's personal data.
 */

const entityNames = ENTITIES.map((entity) => entity.name);
const handled = PERSONAL_DATA_HANDLERS.flatMap((handler) => handler.entities.map((name) => ({ name, domain: handler.domain })));
const exempt = Object.keys(NO_CUSTOMER_PERSONAL_DATA);

function duplicates(names: readonly string[]): string[] {
  return [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
}

describe('§8.1/§8.7 the personal-data registry names every entity exactly once', () => {
  it('ENTITIES itself lists each class once (the check below is meaningless otherwise)', () => {
    expect(entityNames.length).toBeGreaterThan(0);
    expect(duplicates(entityNames)).toEqual([]);
  });

  it('§8.1/§8.7 every entity is covered by a handler or listed in NO_CUSTOMER_PERSONAL_DATA', () => {
    const covered = new Set([...handled.map((h) => h.name), ...exempt]);
    expect(entityNames.filter((name) => !covered.has(name))).toEqual([]);
  });

  it('§8.1/§8.7 no entity is covered by two handlers, or twice by one', () => {
    const claims = handled.map((h) => h.name);
    const twice = duplicates(claims).map(
      (name) =>
        `${name}: ${handled
          .filter((h) => h.name === name)
          .map((h) => h.domain)
          .join(', ')}`,
    );
    expect(twice).toEqual([]);
  });

  it('§8.7 no entity is both handled and declared free of personal data', () => {
    const handledNames = new Set(handled.map((h) => h.name));
    expect(exempt.filter((name) => handledNames.has(name))).toEqual([]);
  });

  it('§8.1/§8.7 every name a handler or the exemption list gives is an entity (no stale or misspelt names)', () => {
    const known = new Set(entityNames);
    expect(handled.filter((h) => !known.has(h.name)).map((h) => `${h.domain}: ${h.name}`)).toEqual([]);
    expect(exempt.filter((name) => !known.has(name))).toEqual([]);
  });

  it('§8.7 every exemption gives its reason', () => {
    for (const [name, reason] of Object.entries(NO_CUSTOMER_PERSONAL_DATA)) {
      expect({ name, reason: reason.trim().length > 0 }).toEqual({ name, reason: true });
    }
  });

  it('§8.1/§8.7 handler domains are distinct and each handler covers at least one entity', () => {
    const domains = PERSONAL_DATA_HANDLERS.map((h) => h.domain);
    expect(duplicates(domains)).toEqual([]);
    expect(PERSONAL_DATA_HANDLERS.filter((h) => h.entities.length === 0).map((h) => h.domain)).toEqual([]);
  });

  it('§8.7 the customer row is erased last (what refers to it goes first)', () => {
    const last = PERSONAL_DATA_HANDLERS.at(-1)!;
    expect(last.entities).toContain('Customer');
  });
});

describe('§8.1/§8.7 the registry sees every table of the database', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('§8.1/§8.7 every table of the migrated schema belongs to an entity in ENTITIES (a table no entity maps would escape the registry)', async () => {
    const metadata = api.db.orm.getMetadata();
    const mapped = new Set(
      ENTITIES.map((entity) => metadata.find(entity.name))
        .filter((meta) => meta && !meta.embeddable)
        .map((meta) => meta!.tableName),
    );
    const tables = await api.db.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
    );
    expect(tables.length).toBeGreaterThanOrEqual(mapped.size);
    const unmapped = tables.map((t) => t.table_name).filter((name) => name !== 'mikro_orm_migrations' && !mapped.has(name));
    expect(unmapped).toEqual([]);
  });

  it('§8.1/§8.7 every entity in ENTITIES is known to the ORM the API runs with', () => {
    const metadata = api.db.orm.getMetadata();
    expect(entityNames.filter((name) => !metadata.find(name))).toEqual([]);
  });
});
