import { AdminCustomersDocument, MeDocument, UpdateMyProfileDocument } from '../generated/graphql';
import { startTestApi, type TestApi } from '../support/api';
import { customerPrincipal, shopWithCustomers, staffPrincipal, systemContext, type SeededCustomer } from '../support/scenarios';

/*
 * Issue 9: a request's EntityManager is forked on first use (src/core/graphql/context.ts).
 * Reads go through `ctx.sql` on the pool, so a read that writes nothing forks none; a staff
 * read forks one for its read-audit write (§9.2); a change works as before. Apollo copies the
 * context per operation: the copy and the original share one fork.
 */

let api: TestApi;
let customers: SeededCustomer[];
beforeAll(async () => {
  api = await startTestApi();
  customers = await shopWithCustomers(api.db.orm, 3, 2);
}, 120_000);
afterAll(() => api.close());
afterEach(() => jest.restoreAllMocks());

describe('the request EntityManager, forked on first use', () => {
  it('a customer reading their own data (not audited, §9.2) forks no EntityManager, and gets all of it', async () => {
    const fork = jest.spyOn(api.db.orm.em, 'fork');
    const result = await api.as(customerPrincipal(customers[0].id)).request(MeDocument);
    expect(result.errors).toBeUndefined();
    expect(result.data?.me?.id).toBe(customers[0].id);
    expect(result.data?.me?.orders).toHaveLength(2);
    expect(fork).not.toHaveBeenCalled();
  });

  it('a staff read forks one, for its audit entry, which is written (§9.2)', async () => {
    const staff = staffPrincipal('CUSTOMER_SERVICE');
    const fork = jest.spyOn(api.db.orm.em, 'fork');
    const result = await api.as(staff).request(AdminCustomersDocument, { first: 3 });
    expect(result.errors).toBeUndefined();
    expect(result.data?.customers?.edges).toHaveLength(3);
    expect(fork).toHaveBeenCalledTimes(1);
    fork.mockRestore();
    const entries = await api.db.query<{ n: string }>(`select count(*) as n from audit_entry where principal_id = $1 and action = 'READ'`, [
      staff.kind === 'STAFF' ? staff.staffId : '',
    ]);
    expect(Number(entries[0].n)).toBe(1);
  });

  it('a change still goes through the request EntityManager and lands', async () => {
    const result = await api.as(customerPrincipal(customers[1].id)).request(UpdateMyProfileDocument, { input: { firstName: 'Äänislinna-Øyvind' } });
    expect(result.errors).toBeUndefined();
    const rows = await api.db.query<{ first_name: string }>('select first_name from customer where id = $1', [customers[1].id]);
    expect(rows[0].first_name).toBe('Äänislinna-Øyvind');
  });

  it("a copy made as Apollo makes it shares the original's fork; a read after a begin() runs inside that transaction", async () => {
    const ctx = systemContext(api.db.orm);
    const copy = Object.assign(Object.create(Object.getPrototypeOf(ctx)), ctx) as typeof ctx;
    const fork = jest.spyOn(api.db.orm.em, 'fork');
    // Before any fork, reads run on the pool.
    expect(await copy.sql.all<{ n: number }>('select 1::int as n')).toEqual([{ n: 1 }]);
    expect(fork).not.toHaveBeenCalled();
    const em = copy.em;
    expect(ctx.em).toBe(em);
    expect(fork).toHaveBeenCalledTimes(1);
    await api.db.query('create table context_probe (id int primary key)');
    await em.begin();
    try {
      await em.getConnection().execute('insert into context_probe values (42)', [], 'all', em.getTransactionContext());
      // Uncommitted: only a read on the transaction's connection sees it.
      expect(await ctx.sql.all<{ id: number }>('select id from context_probe where id = ?', [42])).toEqual([{ id: 42 }]);
      expect(await api.db.query('select id from context_probe')).toEqual([]);
    } finally {
      await em.rollback();
    }
    expect(await ctx.sql.all('select id from context_probe where id = ?', [42])).toEqual([]);
  });
});
