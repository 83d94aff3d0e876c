import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { RequestContext } from '../../src/core/graphql/context';
import { createRequestContext, retentionContext } from '../../src/app/context';
import { DataSource } from '../../src/core/domain/data-source';
import { createLogger } from '../../src/core/logging/logger';
import { ConsentPurpose } from '../../src/modules/consents/consent-event.entity';
import { AddressKind } from '../../src/modules/customers/address.entity';
import { Customer } from '../../src/modules/customers/customer.entity';
import { registerCustomer } from '../../src/modules/customers/customers.service';
import { requestMyErasure } from '../../src/modules/erasure/erasure.service';
import { ErasureStatus } from '../../src/modules/erasure/erasure.types';
import { placeLegalHold, releaseLegalHold } from '../../src/modules/legal-holds/legal-holds.service';
import { LoyaltyMembership, LoyaltyTier } from '../../src/modules/loyalty/loyalty-membership.entity';
import { OrderStatus } from '../../src/modules/orders/order.entity';
import { changeOrder, placeOrder } from '../../src/modules/orders/orders.service';
import { PrivacyRequestType, RequestChannel } from '../../src/modules/privacy-requests/privacy-request.entity';
import { recordPrivacyRequest, verifyPrivacyRequest } from '../../src/modules/privacy-requests/privacy-requests.service';
import { RetentionRule } from '../../src/modules/retention/retention-run.entity';
import { DEFAULT_RETENTION_POLICY, runRetentionPass, type RetentionOptions, type RetentionPolicy, type RetentionReport } from '../../src/modules/retention/retention.service';
import type { TestDatabase } from '../support/database';
import { customerPrincipal, nameTag, staffPrincipal, systemContext, TEST_PASSWORD } from '../support/scenarios';
import { TEST_SETTINGS } from '../support/test-env';

/*
 * Named scenarios for the retention suites. Everything is written through the
 * services the API uses, each on its own fixed clock, so a customer's "last
 * activity" is exactly the moment the scenario says. Only the loyalty
 * membership is inserted as an entity: there is no service that creates one.
 */

export const DAY = 86_400_000;

/** The clock the passes of these suites run by (no leap day within two years either side). */
export const AS_OF = new Date('2026-06-15T12:00:00.000Z');

export const SILENT = createLogger('silent');

export function daysBefore(date: Date, days: number): Date {
  return new Date(date.getTime() - days * DAY);
}

export function daysAfter(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY);
}

/** The same wall-clock moment `years` calendar years earlier (UTC). */
export function yearsBefore(date: Date, years: number): Date {
  const result = new Date(date.getTime());
  result.setUTCFullYear(result.getUTCFullYear() - years);
  return result;
}

/** Two years (the §4.2 period) before `asOf`, shifted by `days` (positive = longer ago). */
export function inactiveSince(asOf: Date, extraDays: number): Date {
  return daysBefore(yearsBefore(asOf, 2), extraDays);
}

export function clock(at: Date): () => Date {
  return () => new Date(at.getTime());
}

/** A storefront request context of a signed-in customer, on a fixed clock. */
export function customerContext(orm: MikroORM, customerId: string, at: Date): RequestContext {
  return createRequestContext({
    orm,
    principal: customerPrincipal(customerId),
    requestId: `test-customer-${customerId.slice(0, 8)}`,
    log: SILENT,
    settings: TEST_SETTINGS,
    now: clock(at),
  });
}

/** Run one retention pass with the test settings and a silent logger. */
export function runPass(
  orm: MikroORM,
  rule: RetentionRule,
  options: Partial<RetentionOptions> & { now: Date },
  policy: RetentionPolicy = DEFAULT_RETENTION_POLICY,
): Promise<RetentionReport> {
  return runRetentionPass(retentionContext({ orm, settings: TEST_SETTINGS, log: SILENT, now: options.now, rule }), rule, { dryRun: false, ...options }, policy);
}

const ORDER_PATH: Record<OrderStatus, OrderStatus[]> = {
  [OrderStatus.PLACED]: [],
  [OrderStatus.PAID]: [OrderStatus.PAID],
  [OrderStatus.SHIPPED]: [OrderStatus.PAID, OrderStatus.SHIPPED],
  [OrderStatus.DELIVERED]: [OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED],
  [OrderStatus.CANCELLED]: [OrderStatus.CANCELLED],
  [OrderStatus.RETURNED]: [OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.RETURNED],
};

export interface LoyaltyScenario {
  joinedAt?: Date;
  validUntil?: Date | null;
  endedAt?: Date | null;
}

export interface CustomerScenario {
  /** A short name, used in the e-mail address and in failure messages. */
  label: string;
  /** When the customer registered; also the last activity unless an order comes later. */
  registeredAt: Date;
  /** Orders placed (and moved to the given status) at `orderAt`, default `registeredAt`. */
  orders?: OrderStatus[];
  orderAt?: Date;
  loyalty?: LoyaltyScenario;
  /** A legal hold placed at this time (§8.9); `releasedAt` releases it again. */
  legalHold?: { at: Date; releasedAt?: Date };
  /** A written request recorded at `at` (EMAIL, awaiting verification): open. */
  openRequest?: { at: Date; type?: PrivacyRequestType };
}

export interface ScenarioCustomer {
  id: string;
  label: string;
  email: string;
  orderIds: string[];
  loyaltyId: string | null;
  holdId: string | null;
  requestId: string | null;
}

/** One customer as the scenario describes, written through the services on the scenario's clocks. */
export async function seedCustomer(orm: MikroORM, scenario: CustomerScenario): Promise<ScenarioCustomer> {
  const tag = randomBytes(3).toString('hex');
  const email = `${scenario.label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${tag}@example.fi`;
  const { customer } = await registerCustomer(systemContext(orm, clock(scenario.registeredAt)), {
    password: TEST_PASSWORD,
    firstName: 'Testi',
    lastName: `Asiakas ${nameTag()}`,
    email,
    phone: null,
    address: { kind: AddressKind.HOME, line1: `Testikatu ${tag}`, postalCode: '90100', city: 'Oulu', countryCode: 'FI' },
    consents: [ConsentPurpose.EMAIL_MARKETING],
  });

  const orderIds: string[] = [];
  const orderCtx = systemContext(orm, clock(scenario.orderAt ?? scenario.registeredAt));
  for (const [index, status] of (scenario.orders ?? []).entries()) {
    const order = await placeOrder(orderCtx, {
      customerId: customer.id,
      lines: [
        { productCode: `SKU-${index}-A`, productName: 'Jasmiinitee', quantity: 2, unitPriceCents: 1290 },
        { productCode: `SKU-${index}-B`, productName: 'Teekannu', quantity: 1, unitPriceCents: 3490 },
      ],
      billing: { name: `Testi Asiakas ${tag}`, line1: `Testikatu ${tag}`, postalCode: '90100', city: 'Oulu', countryCode: 'FI', email, phone: '+358401234567' },
      currency: 'EUR',
      shippingCents: 590,
    });
    for (const next of ORDER_PATH[status]) await changeOrder(orderCtx, { orderId: order.id, status: next, lines: [] });
    orderIds.push(order.id);
  }

  let loyaltyId: string | null = null;
  if (scenario.loyalty) {
    const em = orm.em.fork();
    const membership = em.create(LoyaltyMembership, {
      customer: em.getReference(Customer, customer.id),
      memberNumber: `R-${tag}`,
      joinedAt: scenario.loyalty.joinedAt ?? scenario.registeredAt,
      validUntil: scenario.loyalty.validUntil ?? null,
      endedAt: scenario.loyalty.endedAt ?? null,
      points: 120,
      tier: LoyaltyTier.SILVER,
      source: DataSource.REGISTRATION,
    });
    await em.flush();
    loyaltyId = membership.id;
  }

  let holdId: string | null = null;
  if (scenario.legalHold) {
    const hold = await placeLegalHold(systemContext(orm, clock(scenario.legalHold.at)), customer.id, 'Dispute over a returned order');
    holdId = hold.id;
    if (scenario.legalHold.releasedAt) await releaseLegalHold(systemContext(orm, clock(scenario.legalHold.releasedAt)), hold.id, 'Dispute settled');
  }

  let requestId: string | null = null;
  if (scenario.openRequest) {
    const request = await recordPrivacyRequest(systemContext(orm, clock(scenario.openRequest.at)), {
      customerId: customer.id,
      type: scenario.openRequest.type ?? PrivacyRequestType.ACCESS,
      channel: RequestChannel.EMAIL,
      receivedAt: scenario.openRequest.at,
    });
    requestId = request.id;
  }

  return { id: customer.id, label: scenario.label, email, orderIds, loyaltyId, holdId, requestId };
}

/**
 * "A shop two years on" (§4.2), relative to `asOf`: who the inactive-customers
 * pass erases, and who it keeps and why.
 */
export async function inactiveCustomersShop(orm: MikroORM, asOf: Date) {
  const overdue = inactiveSince(asOf, 1);
  const seed = (scenario: CustomerScenario) => seedCustomer(orm, scenario);
  return {
    /** Unused for two years and a day, a delivered order: erased (the order stays as bookkeeping). */
    unusedWithDeliveredOrder: await seed({ label: 'unused-2y1d', registeredAt: overdue, orders: [OrderStatus.DELIVERED] }),
    /** Unused for two years and a day, nothing else: erased. */
    unusedPlain: await seed({ label: 'unused-plain', registeredAt: daysBefore(overdue, 200) }),
    /** A membership that ran out long ago is no basis to keep anyone. */
    unusedExpiredLoyalty: await seed({ label: 'unused-expired-loyalty', registeredAt: overdue, loyalty: { validUntil: daysBefore(asOf, 90) } }),
    /** A legal hold that was released is no basis either. */
    unusedReleasedHold: await seed({ label: 'unused-released-hold', registeredAt: overdue, legalHold: { at: daysBefore(asOf, 60), releasedAt: daysBefore(asOf, 10) } }),
    /** Two years less a day: untouched, not even examined. */
    recent: await seed({ label: 'recent-2y-1d', registeredAt: inactiveSince(asOf, -1), orders: [OrderStatus.DELIVERED] }),
    /** Unused, but an active loyalty membership (§4.3). */
    loyal: await seed({ label: 'loyal', registeredAt: overdue, loyalty: { validUntil: daysAfter(asOf, 365) } }),
    /** Unused, but an order still being paid for / delivered. */
    openOrder: await seed({ label: 'open-order', registeredAt: overdue, orders: [OrderStatus.PAID] }),
    /** Unused, but a privacy request waiting for an answer. */
    openRequest: await seed({ label: 'open-request', registeredAt: overdue, openRequest: { at: daysBefore(asOf, 3) } }),
    /** Unused, but under a legal hold (§8.9). */
    legalHold: await seed({ label: 'legal-hold', registeredAt: overdue, legalHold: { at: daysBefore(asOf, 30) } }),
  };
}

/** An erased customer's order, held as bookkeeping (§8.9): placed and erased on the given clocks. */
export async function heldOrder(orm: MikroORM, label: string, placedAt: Date, erasedAt: Date): Promise<ScenarioCustomer> {
  const customer = await seedCustomer(orm, { label, registeredAt: placedAt, orders: [OrderStatus.DELIVERED] });
  // The storefront asks for the password again before an erasure (§8.5): a session signed in at that moment.
  const sessionId = randomUUID();
  await orm.em
    .fork()
    .getConnection()
    .execute(`insert into session (id, token_hash, subject, customer_id, created_at, expires_at) values (?, ?, 'CUSTOMER', ?, ?, ?)`, [
      sessionId,
      `scenario-${sessionId}`,
      customer.id,
      erasedAt,
      new Date(erasedAt.getTime() + 3_600_000),
    ]);
  const ctx = createRequestContext({
    orm,
    principal: { kind: 'CUSTOMER', customerId: customer.id, sessionId },
    requestId: `test-customer-${customer.id.slice(0, 8)}`,
    log: SILENT,
    settings: TEST_SETTINGS,
    now: clock(erasedAt),
  });
  // §8.5: the storefront request waits for the mailbox link; here the customer shows an ID at
  // the shop instead, the privacy officer records it, and the storefront request goes through.
  const asked = await requestMyErasure(ctx, customer.id);
  if (asked.status !== ErasureStatus.AWAITING_VERIFICATION) throw new Error(`scenario ${label}: erasure was ${asked.status} (${asked.refusalCode})`);
  const officer = createRequestContext({
    orm,
    principal: staffPrincipal('PRIVACY_OFFICER'),
    requestId: `test-officer-${customer.id.slice(0, 8)}`,
    log: SILENT,
    settings: TEST_SETTINGS,
    now: clock(erasedAt),
  });
  await verifyPrivacyRequest(officer, asked.requestId!, 'In person at the shop: passport shown');
  const result = await requestMyErasure(ctx, customer.id);
  if (result.status !== ErasureStatus.ERASED) throw new Error(`scenario ${label}: erasure was ${result.status} (${result.refusalCode})`);
  return customer;
}

/** Tables the passes may write to whatever happens: their own report. */
const REPORT_TABLES = ['retention_run', 'retention_run_item', 'mikro_orm_migrations'];

/** A fingerprint of every application table's content, to prove a pass changed nothing. */
export async function snapshotTables(db: TestDatabase): Promise<Record<string, string>> {
  const tables = await db.query<{ name: string }>(
    `select table_name as name from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const snapshot: Record<string, string> = {};
  for (const { name } of tables) {
    if (REPORT_TABLES.includes(name)) continue;
    const [row] = await db.query<{ n: string; digest: string }>(
      `select count(*)::text as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from "${name}" t`,
    );
    snapshot[name] = `${row.n}:${row.digest}`;
  }
  return snapshot;
}

export interface RunRow extends Record<string, unknown> {
  id: string;
  rule: string;
  dry_run: boolean;
  as_of: Date;
  started_at: Date;
  finished_at: Date | null;
  status: string;
  examined: number;
  acted: number;
  kept: number;
  error: string | null;
}

export async function runRows(db: TestDatabase, rule?: RetentionRule): Promise<RunRow[]> {
  return rule
    ? db.query<RunRow>('select * from retention_run where rule = $1 order by started_at, id', [rule])
    : db.query<RunRow>('select * from retention_run order by started_at, id');
}

export interface ItemRow extends Record<string, unknown> {
  subject_id: string;
  action: string;
  reason: string | null;
}

export async function itemsOf(db: TestDatabase, runId: string): Promise<ItemRow[]> {
  return db.query<ItemRow>('select subject_id, action, reason from retention_run_item where run_id = $1 order by id', [runId]);
}

/** The report items as a map subject → item (every subject appears once per pass). */
export function bySubject<T extends { subjectId?: string; subject_id?: string }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const id = item.subjectId ?? item.subject_id!;
    if (map.has(id)) throw new Error(`subject ${id} appears twice in one report`);
    map.set(id, item);
  }
  return map;
}

export async function customerExists(db: TestDatabase, id: string): Promise<boolean> {
  const rows = await db.query('select 1 from customer where id = $1', [id]);
  return rows.length === 1;
}

export async function erasureRequestsOf(db: TestDatabase, customerId: string) {
  return db.query<{ id: string; channel: string; status: string; resolved_at: Date | null }>(
    `select id, channel, status, resolved_at from privacy_request where customer_id = $1 and type = 'ERASURE' order by received_at, id`,
    [customerId],
  );
}

/** Poll until `probe` answers something truthy, or fail after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** The operator CLI as an operator runs it: a separate Node process on the suite's database. */
export const CLI_ARGS = ['-r', 'ts-node/register/transpile-only', 'src/cli.ts'];
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export function spawnCli(db: TestDatabase, args: readonly string[]): ChildProcess {
  return spawn(process.execPath, [...CLI_ARGS, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: db.url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runCli(db: TestDatabase, args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(db, args);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
