import type { MikroORM } from '@mikro-orm/postgresql';
import type { RuntimeSettings } from '../../config/config';
import { DataSource } from '../../core/domain/data-source';
import type { RequestContext } from '../../core/graphql/context';
import { createRequestContext } from '../../app/context';
import type { Logger } from '../../core/logging/logger';
import { ConsentPurpose } from '../consents/consent-event.entity';
import { AddressKind } from '../customers/address.entity';
import { Customer } from '../customers/customer.entity';
import { createCustomer, registerCustomer } from '../customers/customers.service';
import { LoyaltyMembership, LoyaltyTier } from '../loyalty/loyalty-membership.entity';
import { OrderStatus } from '../orders/order.entity';
import { changeOrder, placeOrder } from '../orders/orders.service';
import type { OrderPartyInput } from '../orders/orders.inputs';

/*
 * A small invented data set for trying the API in demo mode (the embedded
 * default of `npm start`). Loaded only into an empty database, through the
 * same services the API uses, so it obeys every rule real data does.
 */

const DAY = 24 * 60 * 60 * 1000;

/** Password of the demo customers (demo mode only). */
export const DEMO_CUSTOMER_PASSWORD = 'demo-customer-pass';

function party(name: string, line1: string, postalCode: string, city: string, email?: string, phone?: string): OrderPartyInput {
  return { name, line1, postalCode, city, countryCode: 'FI', email, phone };
}

function at(ctx: RequestContext, when: Date): RequestContext {
  return { ...ctx, em: ctx.em, now: () => when };
}

export async function loadDemoDataIfEmpty(orm: MikroORM, logger: Logger, settings: RuntimeSettings): Promise<boolean> {
  const count = await orm.em.fork().count(Customer, {});
  if (count > 0) return false;
  const base = createRequestContext({ orm, principal: { kind: 'SYSTEM', job: 'demo-data' }, requestId: 'demo-data', log: logger, settings });
  const now = Date.now();
  const ago = (days: number) => new Date(now - days * DAY);

  const { customer: aino } = await registerCustomer(at(base, ago(900)), {
    firstName: 'Aino',
    lastName: 'Virtanen',
    email: 'aino.virtanen@example.fi',
    password: DEMO_CUSTOMER_PASSWORD,
    phone: '040 123 4567',
    address: { kind: AddressKind.HOME, line1: 'Kauppurienkatu 12 A 3', postalCode: '90100', city: 'Oulu', countryCode: 'FI' },
    consents: [ConsentPurpose.EMAIL_MARKETING, ConsentPurpose.SMS_MARKETING, ConsentPurpose.STATISTICS_COOKIES],
  });
  const matti = await createCustomer(at(base, ago(400)), {
    firstName: 'Matti',
    lastName: 'Korhonen',
    email: 'matti.korhonen@example.fi',
    phone: '+358 50 765 4321',
    addresses: [{ kind: AddressKind.HOME, line1: 'Isokatu 40', postalCode: '90100', city: 'Oulu', countryCode: 'FI' }],
    source: DataSource.PHONE,
    consents: [{ purpose: ConsentPurpose.POST_MARKETING, granted: false }],
  });
  const liisa = await createCustomer(at(base, ago(1200)), {
    firstName: 'Liisa',
    lastName: 'Mäkinen',
    email: 'liisa.makinen@example.fi',
    addresses: [],
    source: DataSource.NEWSLETTER,
    consents: [{ purpose: ConsentPurpose.EMAIL_MARKETING, granted: true }],
  });
  const juha = await createCustomer(at(base, ago(60)), {
    firstName: 'Juha',
    lastName: 'Nieminen',
    phone: '044 555 0101',
    addresses: [{ kind: AddressKind.DELIVERY, line1: 'Torikatu 5', postalCode: '90100', city: 'Oulu', countryCode: 'FI' }],
    source: DataSource.CUSTOMER_MEETING,
    consents: [],
  });
  const { customer: sanna } = await registerCustomer(at(base, ago(200)), {
    firstName: 'Sanna',
    lastName: 'Laine',
    email: 'sanna.laine@example.fi',
    password: DEMO_CUSTOMER_PASSWORD,
    consents: [ConsentPurpose.MARKETING_COOKIES],
  });

  const em = orm.em.fork();
  em.create(LoyaltyMembership, {
    customer: em.getReference(Customer, aino.id),
    memberNumber: 'J-000101',
    joinedAt: ago(890),
    validUntil: new Date(now + 365 * DAY),
    points: 1240,
    tier: LoyaltyTier.GOLD,
    source: DataSource.REGISTRATION,
  });
  em.create(LoyaltyMembership, {
    customer: em.getReference(Customer, liisa.id),
    memberNumber: 'J-000057',
    joinedAt: ago(1150),
    validUntil: ago(30),
    endedAt: ago(30),
    points: 80,
    tier: LoyaltyTier.BRONZE,
    source: DataSource.NEWSLETTER,
  });
  em.create(LoyaltyMembership, {
    customer: em.getReference(Customer, sanna.id),
    memberNumber: 'J-000188',
    joinedAt: ago(190),
    points: 410,
    tier: LoyaltyTier.SILVER,
    source: DataSource.REGISTRATION,
  });
  await em.flush();

  const ainoHome = party('Aino Virtanen', 'Kauppurienkatu 12 A 3', '90100', 'Oulu', 'aino.virtanen@example.fi', '+358401234567');
  const old = await placeOrder(at(base, ago(700)), {
    customerId: aino.id,
    lines: [
      { productCode: 'TEA-GREEN-100', productName: 'Vihreä tee 100 g', quantity: 2, unitPriceCents: 790 },
      { productCode: 'MUG-STONE', productName: 'Kivitavaramuki', quantity: 1, unitPriceCents: 1990 },
    ],
    billing: ainoHome,
    currency: 'EUR',
    shippingCents: 590,
  });
  await changeOrder(at(base, ago(699)), { orderId: old.id, lines: [{ productCode: 'TEA-GREEN-100', quantity: 3 }], note: 'Asiakas lisäsi tuotteen puhelimessa' });
  await changeOrder(at(base, ago(699)), { orderId: old.id, status: OrderStatus.PAID, lines: [] });
  await changeOrder(at(base, ago(697)), { orderId: old.id, status: OrderStatus.SHIPPED, lines: [] });
  await changeOrder(at(base, ago(695)), { orderId: old.id, status: OrderStatus.DELIVERED, lines: [] });

  await placeOrder(at(base, ago(3)), {
    customerId: aino.id,
    lines: [{ productCode: 'CANDLE-SOY', productName: 'Soijakynttilä', quantity: 4, unitPriceCents: 1250 }],
    billing: ainoHome,
    currency: 'EUR',
    shippingCents: 0,
  });

  const mattiOrder = await placeOrder(at(base, ago(20)), {
    customerId: matti.id,
    lines: [{ productCode: 'TEA-BLACK-250', productName: 'Musta tee 250 g', quantity: 1, unitPriceCents: 1490 }],
    billing: party('Matti Korhonen', 'Isokatu 40', '90100', 'Oulu', undefined, '+358507654321'),
    currency: 'EUR',
    shippingCents: 590,
    source: DataSource.PHONE,
  });
  await changeOrder(at(base, ago(19)), { orderId: mattiOrder.id, status: OrderStatus.PAID, lines: [] });
  await changeOrder(at(base, ago(18)), { orderId: mattiOrder.id, status: OrderStatus.SHIPPED, lines: [] });

  const juhaOrder = await placeOrder(at(base, ago(50)), {
    customerId: juha.id,
    lines: [{ productCode: 'POT-TERRA-L', productName: 'Terrakottaruukku L', quantity: 2, unitPriceCents: 2490 }],
    billing: party('Juha Nieminen', 'Torikatu 5', '90100', 'Oulu'),
    currency: 'EUR',
    shippingCents: 990,
    source: DataSource.CUSTOMER_MEETING,
  });
  await changeOrder(at(base, ago(49)), { orderId: juhaOrder.id, status: OrderStatus.CANCELLED, note: 'Tuote loppu varastosta', lines: [] });

  logger.info({ customers: 5 }, 'loaded the demo data set');
  return true;
}
