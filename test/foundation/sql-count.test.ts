import { AdminCustomersDocument } from '../generated/graphql';
import { startTestApi, type TestApi } from '../support/api';
import { shopWithCustomers, staffPrincipal } from '../support/scenarios';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  await shopWithCustomers(api.db.orm, 100, 2);
}, 120_000);
afterAll(() => api.close());

/**
 * No N+1: the admin list of customers with orders → lines, loyalty and
 * consents costs the same number of SQL statements for 10 customers as for
 * 100 — one per level, batched by the per-request DataLoaders.
 */
describe('customers list SQL count', () => {
  const customerService = staffPrincipal('CUSTOMER_SERVICE');

  async function statementsFor(first: number) {
    const { result, statements } = await api.countSql(() => api.as(customerService).request(AdminCustomersDocument, { first }));
    expect(result.errors).toBeUndefined();
    expect(result.data?.customers?.edges.map((e) => e.node)).toHaveLength(first);
    // Every customer really came with its nested data.
    for (const node of result.data!.customers!.edges.map((e) => e.node)) {
      expect(node.orders).toHaveLength(2);
      expect(node.orders![0].lines).toHaveLength(2);
      expect(node.loyalty?.memberNumber).toMatch(/^T-/);
      expect(node.consents?.find((c) => c.purpose === 'EMAIL_MARKETING')?.granted).toBe(true);
    }
    return statements;
  }

  it('issues the same number of statements for 10 and for 100 customers: at most 5 reads and one audit write', async () => {
    const ten = await statementsFor(10);
    const hundred = await statementsFor(100);
    expect(hundred.length).toBe(ten.length);
    const reads = hundred.filter((sql) => /^\s*select/i.test(sql));
    const writes = hundred.filter((sql) => !/^\s*select/i.test(sql));
    expect(reads.length).toBeLessThanOrEqual(5);
    // §9.2: staff reading personal data is audited, in one write per request however many customers.
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/^insert into audit_entry/);
  });
});
