import { OrderStatus } from '../../src/modules/orders/order.entity';
import { changeOrder, placeOrder } from '../../src/modules/orders/orders.service';
import { RetentionRule } from '../../src/modules/retention/retention-run.entity';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { systemContext } from '../support/scenarios';
import { AS_OF, clock, DAY, runPass } from './retention-scenarios';

/*
 * Guest contact data follows the §4.2 clock (issue 8 §4): a closed guest
 * order keeps its e-mail, phone and delivery details for two years, not for
 * the ten bookkeeping years; the bookkeeping (billing name and address, lines,
 * totals) stays until its own date (§8.9).
 */

async function guestOrder(db: TestDatabase, placedAt: Date, statuses: OrderStatus[]): Promise<string> {
  const ctx = systemContext(db.orm, clock(placedAt));
  const order = await placeOrder(ctx, {
    customerId: null,
    lines: [{ productCode: 'TEA-100', productName: 'Jasmiinitee 100 g', quantity: 1, unitPriceCents: 790 }],
    billing: { name: 'Åsa Åström', email: 'asa.astrom@example.se', phone: '+358 40 555 0101', line1: 'Rantakatu 3', postalCode: '90100', city: 'Oulu', countryCode: 'FI' },
    currency: 'EUR',
    shippingCents: 0,
  } as Parameters<typeof placeOrder>[1]);
  for (const status of statuses)
    await changeOrder(systemContext(db.orm, clock(new Date(placedAt.getTime() + DAY))), { orderId: order.id, status, lines: [] } as Parameters<typeof changeOrder>[1]);
  return order.id;
}

describe('§4.2 guest contact data on the two-year clock', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  it('clears contact and delivery details of closed guest orders older than two years; keeps bookkeeping; leaves open and recent ones', async () => {
    const old = await guestOrder(db, new Date(AS_OF.getTime() - 800 * DAY), [OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED]);
    const recent = await guestOrder(db, new Date(AS_OF.getTime() - 300 * DAY), [OrderStatus.CANCELLED]);
    const open = await guestOrder(db, new Date(AS_OF.getTime() - 800 * DAY), [OrderStatus.PAID]);
    const [before] = await db.query<{ retain_until: string }>('select retain_until::text from customer_order where id = $1', [old]);

    const report = await runPass(db.orm, RetentionRule.HELD_ORDERS_EXPIRED, { now: AS_OF });
    expect(report.items).toEqual([{ subjectId: old, action: 'CLEARED_GUEST_CONTACT', reason: 'GUEST_CONTACT_UNUSED (§4.2)' }]);

    const rows = await db.query<Record<string, unknown>>(
      'select id, billing_name, billing_line1, billing_email, billing_phone, delivery_name, delivery_email, delivery_phone, delivery_line1, retain_until::text from customer_order where id = any($1::uuid[])',
      [[old, recent, open]],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(old)).toEqual(
      expect.objectContaining({
        billing_name: 'Åsa Åström',
        billing_line1: 'Rantakatu 3',
        billing_email: null,
        billing_phone: null,
        delivery_name: 'ERASED',
        delivery_email: null,
        delivery_phone: null,
        delivery_line1: 'ERASED',
        retain_until: before!.retain_until,
      }),
    );
    for (const id of [recent, open]) expect(byId.get(id)).toEqual(expect.objectContaining({ billing_email: 'asa.astrom@example.se', delivery_name: 'Åsa Åström' }));

    // Idempotent: a second pass finds nothing more to do.
    expect((await runPass(db.orm, RetentionRule.HELD_ORDERS_EXPIRED, { now: AS_OF })).items).toEqual([]);
  });
});
