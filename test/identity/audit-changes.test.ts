import { AdminChangeOrderDocument, StorefrontPlaceOrderDocument } from '../generated/graphql';
import { startTestApi, type TestApi } from '../support/api';
import { customerPrincipal, shopWithCustomers, staffPrincipal } from '../support/scenarios';

/**
 * §9.2 accountability: every change of personal data is audited, in the same
 * transaction as the change — here the order's billing and delivery details
 * (placeOrder) and its later changes (changeOrder).
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

it('placing and changing an order write CHANGE audit entries with who, whose, which fields and the request', async () => {
  const [customer] = await shopWithCustomers(api.db.orm, 1, 0);
  const cs = staffPrincipal('CUSTOMER_SERVICE');
  const placed = await api.as(customerPrincipal(customer.id)).request(StorefrontPlaceOrderDocument, {
    input: {
      lines: [{ productCode: 'TEA', productName: 'Tee', quantity: 1, unitPriceCents: 500 }],
      billing: { name: 'Etunimi0 Sukunimi0', line1: 'Katu 0', postalCode: '90100', city: 'Oulu', countryCode: 'FI' },
    },
  });
  const orderId = placed.data!.placeOrder!.id;
  await api.as(cs).request(AdminChangeOrderDocument, { input: { orderId, status: 'PAID', lines: [] } });

  const rows = await api.db.query<{ principal_kind: string; principal_id: string; action: string; fields: string[]; operation: string }>(
    `select principal_kind, principal_id, action, fields, operation from audit_entry
     where customer_id = $1 and action = 'CHANGE' and operation in ('placeOrder', 'changeOrder') order by id`,
    [customer.id],
  );
  expect(rows).toEqual([
    { principal_kind: 'CUSTOMER', principal_id: customer.id, action: 'CHANGE', fields: ['Order.billing', 'Order.delivery', 'Order.lines'], operation: 'placeOrder' },
    { principal_kind: 'STAFF', principal_id: (cs as { staffId: string }).staffId, action: 'CHANGE', fields: ['Order.status'], operation: 'changeOrder' },
  ]);
});
