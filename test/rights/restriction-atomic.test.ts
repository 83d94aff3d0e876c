import { RestrictMyProcessingDocument } from '../generated/graphql';
import { startTestApi, type TestApi } from '../support/api';
import { customerPrincipal, shopWithCustomers } from '../support/scenarios';

/**
 * §8.11 with Art 19: a restriction and the notices to its recipients are one
 * transaction. If the restriction cannot be saved, no partner is told of a
 * restriction that does not exist, and no request is left completed.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

it('a restriction that fails to save leaves no partner notice and no request behind', async () => {
  const [customer] = await shopWithCustomers(api.db.orm, 1, 1);
  // A courier that received this customer's data (as its audited read would record).
  const [partner] = await api.db.query<{ id: string }>(
    `insert into partner (id, name, kind, country_code, contract_reference, active, created_at)
     values (gen_random_uuid(), 'Atomic Kuljetus Oy', 'LOGISTICS', 'FI', 'DPA-1', true, now()) returning id`,
  );
  await api.db.query(
    `insert into audit_entry (occurred_at, request_id, principal_kind, principal_id, customer_id, action, fields, purpose)
     values (now(), 'r-1', 'PARTNER', $1, $2, 'READ', '{DeliveryOrder.phone}', 'LOGISTICS:ORDERS_DELIVERY')`,
    [partner.id, customer.id],
  );
  await api.db.query(`create function refuse_restriction() returns trigger language plpgsql as $$ begin raise exception 'forced'; end $$`);
  await api.db.query('create trigger refuse_restriction before insert on restriction for each row execute function refuse_restriction()');
  try {
    const result = await api.as(customerPrincipal(customer.id)).request(RestrictMyProcessingDocument, { input: { reason: 'Kiistän tiedot' } });
    expect(result.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(await api.db.query('select id from partner_notice')).toEqual([]);
    expect(await api.db.query(`select id from privacy_request where type = 'RESTRICTION'`)).toEqual([]);
  } finally {
    await api.db.query('drop trigger refuse_restriction on restriction');
  }
  // Once it can be saved, both land together.
  const ok = await api.as(customerPrincipal(customer.id)).request(RestrictMyProcessingDocument, { input: { reason: 'Kiistän tiedot' } });
  expect(ok.errors).toBeUndefined();
  expect(await api.db.query('select kind, fields from partner_notice')).toEqual([{ kind: 'RESTRICTION', fields: ['*'] }]);
});
