import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { ActorKind, actorOf } from '../../core/domain/actor';
import { DataSource } from '../../core/domain/data-source';
import { CUSTOMER_DATES, customerColumns } from './customers.loaders';
import { isUuid } from '../../core/db/sql';
import type { Loaders, RequestContext } from '../../core/graphql/context';
import { AppError, badInput, notFound } from '../../core/graphql/errors';
import { keysetConnection, type PageArgs } from '../../core/graphql/pagination';
import { normaliseEmail, normalisePhone, optionalText, requireCountryCode, requireName, requirePersonName, requireText } from '../../core/validation/validators';
import { appendConsentEvents, attachVisitorChoices, requireVisitorId, type ConsentChoice } from '../consents/consents.service';
import { requireNoticeVersion } from '../privacy-notice/privacy-notice.service';
import { auditChange } from '../audit/audit.collector';
import { issueSession, notifyEmailAlreadyRegistered, reserveSignUp, setCustomerPassword, type IssuedSession } from '../identity/identity.service';
import { hashPassword, requirePassword } from '../../core/auth/passwords';
import { newSessionToken } from '../../core/auth/tokens';
import { adoptGuestOrders } from '../orders/orders.guests';
import { randomUUID } from 'node:crypto';
import { Address } from './address.entity';
import { Customer } from './customer.entity';
import type { AddressInput, CreateCustomerInput, CustomerFilter, RegisterCustomerInput } from './customers.inputs';
import type { CustomerConnection, CustomerView } from './customers.types';
import { customerVisibility } from './customers.policy';
import { documentFieldsOn, documentSelects } from '../../core/graphql/guard';
import { nestedConsentHistory } from '../consents/consents.loaders';
import { nestedMembershipJson } from '../loyalty/loyalty.loaders';
import { nestedOrdersJson } from '../orders/orders.loaders';
import { customerErrors } from './customers.errors';

interface NestedPart {
  column: string;
  sql: string;
  prime(loaders: Loaders, id: string, json: unknown, row: Record<string, unknown>): void;
}

/** The nested columns of each document plan (per document and role set, kept by the guard's LRU). */
const nestedByPlan = new WeakMap<object, { sql: string; parts: NestedPart[] }>();

/**
 * The nested levels the document asks for below Customer, as JSON columns of
 * the customer statement itself (each module supplies its own SQL and hands
 * the result to its loaders): the storefront's `me` and the admin list then
 * cost one statement for every level, not one per level. The SQL depends only
 * on the document's plan, so it is built once per plan.
 */
function nestedColumns(ctx: RequestContext): { sql: string; prime(row: Record<string, unknown>): void } {
  const plan = ctx.access?.plan;
  let nested = plan ? nestedByPlan.get(plan) : undefined;
  if (!nested) {
    nested = nestedParts(ctx);
    if (plan) nestedByPlan.set(plan, nested);
  }
  const { sql, parts } = nested;
  return {
    sql,
    prime: (row) => {
      for (const part of parts) {
        part.prime(ctx.loaders, String(row.id), row[part.column], row);
        delete row[part.column];
      }
    },
  };
}

function nestedParts(ctx: RequestContext): { sql: string; parts: NestedPart[] } {
  const parts: NestedPart[] = [];
  if (documentSelects(ctx, 'Customer.orders') && documentSelects(ctx, 'Order.lines')) {
    const order = documentFieldsOn(ctx, 'Order');
    const line = documentFieldsOn(ctx, 'OrderLine');
    const orders = nestedOrdersJson('c.id', order && line ? { order, line } : undefined);
    parts.push({
      column: 'ordersJson',
      sql: orders.sql,
      prime: (loaders, id, json, row) => orders.prime(loaders, id, json, row.restrictedFields as string[] | null),
    });
  }
  if (documentSelects(ctx, 'Customer.consents') || documentSelects(ctx, 'Customer.consentHistory')) {
    const state = documentFieldsOn(ctx, 'ConsentState');
    const entry = documentFieldsOn(ctx, 'ConsentEntry');
    const consents = nestedConsentHistory('c.id', state && entry ? { state, entry } : undefined);
    parts.push({ column: 'consentsText', sql: consents.sql, prime: (loaders, id, json) => consents.prime(loaders, id, json) });
  }
  if (documentSelects(ctx, 'Customer.loyalty')) {
    const membership = nestedMembershipJson('c.id', documentFieldsOn(ctx, 'LoyaltyMembership'));
    parts.push({ column: 'loyaltyJson', sql: membership.sql, prime: (loaders, id, json) => membership.prime(loaders, id, json) });
  }
  return { sql: parts.map((part) => `, ${part.sql} as "${part.column}"`).join(''), parts };
}

async function loadCustomer(ctx: RequestContext, id: string): Promise<CustomerView | null> {
  const nested = nestedColumns(ctx);
  if (nested.sql === '') return ctx.loaders.customerById.load(id);
  const [row] = await ctx.sql.all<CustomerView>(`select ${customerColumns(ctx.principal)}${nested.sql} from customer c where c.id = ?::uuid`, [id], CUSTOMER_DATES);
  if (!row) return null;
  nested.prime(row as unknown as Record<string, unknown>);
  ctx.loaders.customerById.prime(id, row);
  return row;
}

/** One customer the caller may see; another customer's id answers exactly like a missing one. */
export async function getCustomer(ctx: RequestContext, id: string): Promise<CustomerView> {
  if (!isUuid(id)) throw notFound('id', 'Customer');
  const visibility = customerVisibility(ctx.principal);
  if (visibility.kind === 'NONE') throw notFound('id', 'Customer');
  const customer = await loadCustomer(ctx, id);
  if (!customer || (visibility.kind === 'SELF' && visibility.customerId !== id)) throw notFound('id', 'Customer');
  if (visibility.kind === 'WHERE') {
    const [visible] = await ctx.sql.all(`select 1 from customer c where c.id = ?::uuid and ${visibility.sql}`, [id]);
    if (!visible) throw notFound('id', 'Customer');
  }
  return customer;
}

export async function listCustomers(ctx: RequestContext, args: PageArgs & { filter?: CustomerFilter | null }): Promise<CustomerConnection> {
  const where: string[] = [];
  const params: unknown[] = [];
  const visibility = customerVisibility(ctx.principal);
  if (visibility.kind === 'NONE') where.push('false');
  if (visibility.kind === 'SELF') {
    where.push('c.id = ?::uuid');
    params.push(visibility.customerId);
  }
  if (visibility.kind === 'WHERE') where.push(visibility.sql);

  const filter = args.filter ?? {};
  if (filter.email) {
    where.push('c.email = ?');
    params.push(filter.email.trim().toLowerCase());
  }
  if (filter.lastNamePrefix) {
    where.push(`lower(c.last_name) like ? escape '\\'`);
    params.push(
      `${filter.lastNamePrefix
        .trim()
        .toLowerCase()
        .replace(/[\\%_]/g, (m) => `\\${m}`)}%`,
    );
  }
  if (filter.status && filter.status.length > 0) {
    where.push('c.status = any(?::customer_status[])');
    params.push(`{${filter.status.join(',')}}`);
  }
  if (filter.source) {
    where.push('c.source = ?');
    params.push(filter.source);
  }
  if (filter.createdFrom) {
    where.push('c.created_at >= ?');
    params.push(filter.createdFrom);
  }
  if (filter.createdBefore) {
    where.push('c.created_at < ?');
    params.push(filter.createdBefore);
  }
  const filterSql = where.length > 0 ? where.join(' and ') : 'true';
  const filterParams = [...params];

  // Oldest first, either way (last/before pages backward); one row more than asked tells whether
  // another page follows, without a count.
  const nested = nestedColumns(ctx);
  const page = await keysetConnection<CustomerView>(args, {
    order: 'asc',
    key: ['c.created_at', 'c.id'],
    rows: (pageSql, pageParams, orderBy, limit) =>
      ctx.sql.all<CustomerView>(
        `select ${customerColumns(ctx.principal)}${nested.sql} from customer c where ${filterSql} and ${pageSql} order by ${orderBy} limit ${limit}`,
        [...filterParams, ...pageParams],
        CUSTOMER_DATES,
      ),
    any: async (atSql, atParams) =>
      (await ctx.sql.all<{ found: boolean }>(`select exists (select 1 from customer c where ${filterSql} and ${atSql}) as found`, [...filterParams, ...atParams]))[0].found,
    cursorOf: (node) => ({ at: node.createdAt, id: node.id }),
  });
  for (const node of page.nodes) {
    nested.prime(node as unknown as Record<string, unknown>);
    ctx.loaders.customerById.prime(node.id, node);
  }
  return {
    ...page,
    countQuery: async () => {
      const [row] = await ctx.sql.all<{ count: string }>(`select count(*) as count from customer c where ${filterSql}`, filterParams);
      return Number(row.count);
    },
  };
}

function buildAddress(ctx: RequestContext, customer: Customer, input: AddressInput, field: string, source: DataSource): Address {
  return ctx.em.create(Address, {
    customer,
    kind: input.kind,
    line1: requireText(`${field}.line1`, input.line1, 200),
    line2: optionalText(`${field}.line2`, input.line2, 200),
    postalCode: requireText(`${field}.postalCode`, input.postalCode, 20),
    city: requireText(`${field}.city`, input.city, 100),
    countryCode: requireCountryCode(`${field}.countryCode`, input.countryCode),
    source,
    createdAt: ctx.now(),
  });
}

function requireDistinctPurposes(field: string, choices: readonly ConsentChoice[]): void {
  const seen = new Set<string>();
  choices.forEach((choice, index) => {
    if (seen.has(choice.purpose)) throw badInput(`${field}.${index}`, `${choice.purpose} is given twice`);
    seen.add(choice.purpose);
  });
}

async function saveNewCustomer(ctx: RequestContext, customer: Customer): Promise<CustomerView> {
  try {
    await ctx.em.flush();
  } catch (error) {
    if (isEmailTaken(error)) {
      ctx.em.clear();
      throw customerErrors.error('CUSTOMER_EMAIL_TAKEN', { field: 'input.email' });
    }
    throw error;
  }
  const view = await ctx.loaders.customerById.clear(customer.id).load(customer.id);
  if (!view) throw new Error('customer vanished after insert');
  return view;
}

/** A flush that hit the unique e-mail index: the address is taken. */
function isEmailTaken(error: unknown): boolean {
  return error instanceof UniqueConstraintViolationException && String((error as { constraint?: string }).constraint ?? error.message).includes('customer_email_unique');
}

/**
 * Storefront sign-up: profile, password, home address, the ticked consents,
 * the visitor's cookie choices and the e-mail's guest orders (issue 8 §4) in
 * ONE transaction (§6.1, §4.1): an account never exists without its guest
 * orders, nor guest orders half joined to an account that failed. A session
 * so the new customer is signed in at once.
 */
export async function registerCustomer(ctx: RequestContext, input: RegisterCustomerInput): Promise<{ customer: CustomerView; session: IssuedSession }> {
  const now = ctx.now();
  let created: { customerId: string; session: IssuedSession };
  try {
    created = await ctx.em.transactional(async (em) => {
      const tx: RequestContext = { ...ctx, em };
      const customer = em.create(Customer, {
        firstName: requirePersonName('input.firstName', input.firstName),
        lastName: requirePersonName('input.lastName', input.lastName),
        email: normaliseEmail('input.email', input.email),
        phone: input.phone ? normalisePhone('input.phone', input.phone) : null,
        source: DataSource.REGISTRATION,
        createdAt: now,
        updatedAt: now,
        lastActivityAt: now,
      });
      if (input.address) buildAddress(tx, customer, input.address, 'input.address', DataSource.REGISTRATION);
      const choices = input.consents.map((purpose) => ({ purpose, granted: true }));
      requireDistinctPurposes('input.consents', choices);
      const noticeVersion = await requireNoticeVersion(em, 'input.noticeVersion', input.noticeVersion);
      appendConsentEvents(em, customer, choices, { source: DataSource.REGISTRATION, actor: { kind: ActorKind.CUSTOMER, id: customer.id }, noticeVersion, at: now });
      await setCustomerPassword(em, customer, 'input.password', input.password, now);
      const visitorId = input.visitorId ? requireVisitorId('input.visitorId', input.visitorId) : null;
      const session = issueSession(em, { customer }, now, ctx.settings.customerSessionHours);
      auditChange(
        em,
        { kind: 'CUSTOMER', customerId: customer.id, sessionId: null },
        { requestId: ctx.requestId, at: now, operation: 'registerCustomer' },
        customer.id,
        CREATED_FIELDS,
      );
      await em.flush();
      if (visitorId) await attachVisitorChoices(em, visitorId, customer.id);
      // The e-mail's guest orders join the account (issue 8 §4): from now on every right reaches them.
      if (customer.email) await adoptGuestOrders(tx, customer.id, customer.email);
      return { customerId: customer.id, session };
    });
  } catch (error) {
    // A taken address throws CUSTOMER_EMAIL_TAKEN; signUpCustomer answers neutrally and tells the owner.
    if (isEmailTaken(error)) {
      ctx.em.clear();
      throw customerErrors.error('CUSTOMER_EMAIL_TAKEN', { field: 'input.email' });
    }
    throw error;
  }
  const view = await ctx.loaders.customerById.clear(created.customerId).load(created.customerId);
  if (!view) throw new Error('customer vanished after insert');
  return { customer: view, session: created.session };
}

/**
 * Every check registerCustomer makes, without writing: a sign-up to a taken
 * address must fail on bad input exactly as a fresh one would.
 */
async function checkRegistration(ctx: RequestContext, input: RegisterCustomerInput): Promise<string> {
  requirePersonName('input.firstName', input.firstName);
  requirePersonName('input.lastName', input.lastName);
  const email = normaliseEmail('input.email', input.email);
  if (input.phone) normalisePhone('input.phone', input.phone);
  if (input.address) {
    const a = input.address;
    requireText('input.address.line1', a.line1, 200);
    optionalText('input.address.line2', a.line2, 200);
    requireText('input.address.postalCode', a.postalCode, 20);
    requireText('input.address.city', a.city, 100);
    requireCountryCode('input.address.countryCode', a.countryCode);
  }
  requireDistinctPurposes(
    'input.consents',
    input.consents.map((purpose) => ({ purpose, granted: true })),
  );
  await requireNoticeVersion(ctx.em, 'input.noticeVersion', input.noticeVersion);
  if (input.visitorId) requireVisitorId('input.visitorId', input.visitorId);
  requirePassword('input.password', input.password);
  return email;
}

/**
 * The storefront's sign-up (registerCustomer mutation), which never reveals
 * whether an e-mail address is registered (issue 10, README §9.3):
 * - throttled per client address, before any work;
 * - a taken address answers exactly like a new one: the same checks, the same
 *   argon2 hash (so the same time), and a SessionPayload of the same shape;
 * - the owner of the address is told (notifyEmailAlreadyRegistered) and
 *   nothing else is written. The session handed out for a taken address is a
 *   well-formed token that was never stored: it signs nobody in, and the
 *   customerId in it belongs to no one.
 */
export async function signUpCustomer(ctx: RequestContext, input: RegisterCustomerInput): Promise<{ customerId: string; session: IssuedSession }> {
  await reserveSignUp(ctx);
  const email = await checkRegistration(ctx, input);
  const ownerOf = async () => (await ctx.sql.all<{ id: string }>('select id from customer where email = ?', [email]))[0]?.id ?? null;
  const owner = await ownerOf();
  if (owner === null) {
    try {
      const { customer, session } = await registerCustomer(ctx, input);
      return { customerId: customer.id, session };
    } catch (error) {
      // Two sign-ups to one new address at once: the loser is the "taken" case.
      if (!(error instanceof AppError && error.code === customerErrors.enum.CUSTOMER_EMAIL_TAKEN)) throw error;
    }
  } else {
    await hashPassword(input.password);
  }
  // The owner of the address hears about it by e-mail (at most once a day per account).
  await notifyEmailAlreadyRegistered(ctx, email);
  return {
    customerId: randomUUID(),
    session: { token: newSessionToken(), expiresAt: new Date(ctx.now().getTime() + ctx.settings.customerSessionHours * 3_600_000) },
  };
}

/** What a new profile holds, for the audit of changes. */
const CREATED_FIELDS = ['Customer.firstName', 'Customer.lastName', 'Customer.email', 'Customer.phone', 'Customer.addresses', 'Customer.consents'];

/** Manual entry by customer service or sales (§6.2), or data received through another §6.1 channel. */
export async function createCustomer(ctx: RequestContext, input: CreateCustomerInput): Promise<CustomerView> {
  const now = ctx.now();
  if (input.source === DataSource.REGISTRATION || input.source === DataSource.WEBSHOP_ORDER) {
    throw badInput('input.source', `${input.source} data arrives through the storefront, not by manual entry`);
  }
  const customer = ctx.em.create(Customer, {
    firstName: requirePersonName('input.firstName', input.firstName),
    lastName: requirePersonName('input.lastName', input.lastName),
    email: input.email ? normaliseEmail('input.email', input.email) : null,
    phone: input.phone ? normalisePhone('input.phone', input.phone) : null,
    source: input.source,
    createdAt: now,
    updatedAt: now,
    lastActivityAt: now,
  });
  input.addresses.forEach((address, index) => {
    buildAddress(ctx, customer, address, `input.addresses.${index}`, input.source);
  });
  requireDistinctPurposes('input.consents', input.consents);
  if (input.consents.length > 0) {
    const noticeVersion = await requireNoticeVersion(ctx.em, 'input.consents', null);
    appendConsentEvents(ctx.em, customer, input.consents, { source: input.source, actor: actorOf(ctx.principal), noticeVersion, at: now });
  }
  auditChange(ctx.em, ctx.principal, { requestId: ctx.requestId, at: now, operation: 'createCustomer' }, customer.id, CREATED_FIELDS);
  return saveNewCustomer(ctx, customer);
}
