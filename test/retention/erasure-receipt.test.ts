import { createLogger } from '../../src/core/logging/logger';
import { DEFAULT_OUTBOX_SETTINGS, drainOutbox } from '../../src/modules/outbox/outbox.dispatcher';
import { smtpTransport } from '../../src/modules/outbox/outbox.transport';
import { RetentionRule } from '../../src/modules/retention/retention-run.entity';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startMailServer, type MailServer } from '../support/mail';
import { AS_OF, customerExists, erasureRequestsOf, inactiveCustomersShop, runPass, type ScenarioCustomer } from './retention-scenarios';

/*
 * Issue 11 "erasure done (sent, then the address goes)" holds for the §4.2
 * retention erasure too, not only for one on request: every customer the
 * INACTIVE_CUSTOMERS pass erases who had an e-mail address is sent the
 * receipt — to the address as it was, copied into the outbox in the erasure's
 * transaction — and the outbox forgets the address once it is sent. Customers
 * the pass keeps are sent nothing. Delivered by a real SMTP server in process.
 */

jest.setTimeout(120_000);

type Shop = Awaited<ReturnType<typeof inactiveCustomersShop>>;

let db: TestDatabase;
let shop: Shop;
let mail: MailServer;

const deliver = async () => {
  const transport = smtpTransport(mail.url);
  try {
    return await drainOutbox(db.orm, transport, DEFAULT_OUTBOX_SETTINGS, createLogger('silent'), () => AS_OF);
  } finally {
    transport.close();
  }
};

const receipts = (customerId: string) =>
  db.query<{ status: string; to_address: string | null; params: unknown; request_id: string | null }>(
    "select status, to_address, params, request_id from email_outbox where customer_id = $1 and kind = 'ERASURE_DONE'",
    [customerId],
  );

beforeAll(async () => {
  db = await createTestDatabase();
  mail = await startMailServer();
  shop = await inactiveCustomersShop(db.orm, AS_OF);
  // Whatever the scenario queued itself (sign-up mail and the like) is out of the way first.
  await deliver();
  mail.messages.splice(0);
  await runPass(db.orm, RetentionRule.INACTIVE_CUSTOMERS, { now: AS_OF });
});
afterAll(async () => {
  await mail.close();
  await db.close();
});

function erased(): ScenarioCustomer[] {
  return [shop.unusedWithDeliveredOrder, shop.unusedPlain, shop.unusedExpiredLoyalty, shop.unusedReleasedHold];
}

function kept(): ScenarioCustomer[] {
  return [shop.loyal, shop.openOrder, shop.openRequest, shop.legalHold];
}

it('§4.2 the pass queues one receipt per erased customer, to the copied address, in the erasure’s transaction', async () => {
  for (const customer of erased()) {
    expect(await customerExists(db, customer.id)).toBe(false);
    const [request] = await erasureRequestsOf(db, customer.id);
    expect({ label: customer.label, receipts: await receipts(customer.id) }).toEqual({
      label: customer.label,
      receipts: [expect.objectContaining({ status: 'PENDING', to_address: customer.email, request_id: request.id })],
    });
  }
  for (const customer of kept()) expect({ label: customer.label, receipts: await receipts(customer.id) }).toEqual({ label: customer.label, receipts: [] });
});

it('§4.2 §8.7 the receipt arrives at each erased customer’s address, says what the Accounting Act keeps, and the address is then forgotten', async () => {
  const report = await deliver();
  expect(report.sent).toBe(erased().length);
  for (const customer of erased()) {
    const arrived = mail.to(customer.email);
    expect({ label: customer.label, count: arrived.length }).toEqual({ label: customer.label, count: 1 });
    expect(arrived[0].subject).toMatch(/Tietosi on poistettu|Your data has been erased/);
    expect(await receipts(customer.id)).toEqual([expect.objectContaining({ status: 'SENT', to_address: null, params: null })]);
  }
  // The one with a delivered order is told that its bookkeeping stays (§8.9).
  expect(mail.to(shop.unusedWithDeliveredOrder.email)[0].text).toMatch(/Kirjanpitolaki|Accounting Act/);
  for (const customer of kept()) expect(mail.to(customer.email)).toEqual([]);
  // Nowhere in the register does an erased customer's address remain.
  for (const customer of erased()) {
    const left = await db.query('select 1 from email_outbox where to_address = $1 union all select 1 from customer where email = $1', [customer.email]);
    expect({ label: customer.label, left }).toEqual({ label: customer.label, left: [] });
  }
});

it('§4.2 a second pass erases nobody and sends nothing more', async () => {
  await runPass(db.orm, RetentionRule.INACTIVE_CUSTOMERS, { now: AS_OF });
  const count = mail.messages.length;
  expect((await deliver()).sent).toBe(0);
  expect(mail.messages).toHaveLength(count);
});
