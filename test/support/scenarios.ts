import { randomBytes, randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Principal, StaffRole } from '../../src/core/auth/principal';
import { DataSource } from '../../src/core/domain/data-source';
import type { RequestContext } from '../../src/core/graphql/context';
import { createRequestContext } from '../../src/app/context';
import { createLogger } from '../../src/core/logging/logger';
import { TEST_SETTINGS } from './test-env';
import { ConsentPurpose } from '../../src/modules/consents/consent-event.entity';
import { AddressKind } from '../../src/modules/customers/address.entity';
import { Customer } from '../../src/modules/customers/customer.entity';
import { registerCustomer } from '../../src/modules/customers/customers.service';
import { LoyaltyMembership, LoyaltyTier } from '../../src/modules/loyalty/loyalty-membership.entity';
import { placeOrder } from '../../src/modules/orders/orders.service';

/*
 * Named scenarios: data that tests start from, written through the same
 * services the API uses (so it obeys the same rules), never ad-hoc inserts.
 */

/** Password of every customer the scenarios register. */
export const TEST_PASSWORD = 'correct horse battery';

export function staffPrincipal(...roles: StaffRole[]): Principal {
  return { kind: 'STAFF', staffId: randomUUID(), roles };
}

export function customerPrincipal(customerId: string): Principal {
  return { kind: 'CUSTOMER', customerId, sessionId: null };
}

export function systemContext(orm: MikroORM, now?: () => Date): RequestContext {
  return createRequestContext({
    orm,
    principal: { kind: 'SYSTEM', job: 'test-scenario' },
    requestId: 'test-scenario',
    log: createLogger('silent'),
    settings: TEST_SETTINGS,
    now,
  });
}

/**
 * A person's number spelled with letters (0 → a … 9 → j, so 4 → "e", 12 → "bc"):
 * names hold no digits (issue 10), yet seeded persons stay numbered and a
 * prefix filter still finds one of them.
 */
export function numberInLetters(n: number): string {
  return String(n).replace(/\d/g, (digit) => 'abcdefghij'[Number(digit)]);
}

/** A random tag of lowercase letters for a unique name (names hold no digits, so no hex). */
export function nameTag(length = 6): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzäö';
  return Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join('');
}

export interface SeededCustomer {
  id: string;
  email: string;
  orderIds: string[];
}

/**
 * "A shop with N customers": each registered with e-mail marketing and
 * statistics cookies, a loyalty membership, and `ordersEach` orders of two
 * lines. Used by the SQL-count test and the list tests.
 */
export async function shopWithCustomers(orm: MikroORM, count: number, ordersEach = 2): Promise<SeededCustomer[]> {
  const seeded: SeededCustomer[] = [];
  for (let i = 0; i < count; i++) {
    const ctx = systemContext(orm, () => new Date(Date.UTC(2024, 0, 1, 0, 0, i)));
    const email = `customer${i}@example.fi`;
    const { customer } = await registerCustomer(ctx, {
      password: TEST_PASSWORD,
      firstName: `Etunimi${numberInLetters(i)}`,
      lastName: `Sukunimi${numberInLetters(i)}`,
      email,
      phone: `+35840${String(1000000 + i)}`,
      address: { kind: AddressKind.HOME, line1: `Katu ${i}`, postalCode: '90100', city: 'Oulu', countryCode: 'FI' },
      consents: [ConsentPurpose.EMAIL_MARKETING, ConsentPurpose.STATISTICS_COOKIES],
    });
    const em = orm.em.fork();
    em.create(LoyaltyMembership, {
      customer: em.getReference(Customer, customer.id),
      memberNumber: `T-${String(i).padStart(6, '0')}`,
      joinedAt: new Date(Date.UTC(2024, 0, 2)),
      points: i,
      tier: LoyaltyTier.BRONZE,
      source: DataSource.REGISTRATION,
    });
    await em.flush();
    const orderIds: string[] = [];
    for (let o = 0; o < ordersEach; o++) {
      const order = await placeOrder(ctx, {
        customerId: customer.id,
        lines: [
          { productCode: `SKU-${o}-A`, productName: 'Tuote A', quantity: 1, unitPriceCents: 1000 },
          { productCode: `SKU-${o}-B`, productName: 'Tuote B', quantity: 2, unitPriceCents: 250 },
        ],
        billing: { name: `Etunimi${numberInLetters(i)} Sukunimi${numberInLetters(i)}`, line1: `Katu ${i}`, postalCode: '90100', city: 'Oulu', countryCode: 'FI', email },
        currency: 'EUR',
        shippingCents: 490,
      });
      orderIds.push(order.id);
    }
    seeded.push({ id: customer.id, email, orderIds });
  }
  return seeded;
}
