import { LockMode } from '@mikro-orm/core';
import { DataSource } from '../../core/domain/data-source';
import { isUuid } from '../../core/db/sql';
import type { RequestContext } from '../../core/graphql/context';
import { badInput, notFound } from '../../core/graphql/errors';
import { keysetConnection, type PageArgs, type PageInfo } from '../../core/graphql/pagination';
import {
  normaliseEmail,
  normalisePhone,
  optionalText,
  requireCountryCode,
  requireCurrency,
  requireName,
  requireNonNegativeCents,
  requirePositiveInt,
  requireText,
} from '../../core/validation/validators';
import { auditChange } from '../audit/audit.collector';
import { actorOf } from '../../core/domain/actor';
import { getCustomer } from '../customers/customers.service';
import { OrderChange, OrderChangeKind, type OrderChangeDetail } from './order-change.entity';
import { OrderLine } from './order-line.entity';
import { OrderParty } from './order-party.embeddable';
import { CustomerOrder, OrderStatus } from './order.entity';
import { ORDER_COLUMNS, ORDER_DATES, toOrderView } from './orders.loaders';
import { documentSelects } from '../../core/graphql/guard';
import type { ChangeOrderInput, OrderFilter, OrderPartyInput, PlaceOrderInput } from './orders.inputs';
import { orderVisibility } from './orders.policy';
import { orderRetainUntil } from './retention';
import type { OrderView } from './orders.types';
import { flushUnderCustomerLock, notFoundAt, recordCustomerActivity } from '../customers/customer-lock';
import { orderErrors } from './orders.errors';

/** Which status may follow which. CANCELLED and RETURNED are final. */
const NEXT_STATUS: Record<OrderStatus, readonly OrderStatus[]> = {
  [OrderStatus.PLACED]: [OrderStatus.PAID, OrderStatus.CANCELLED],
  [OrderStatus.PAID]: [OrderStatus.SHIPPED, OrderStatus.CANCELLED],
  [OrderStatus.SHIPPED]: [OrderStatus.DELIVERED, OrderStatus.RETURNED],
  [OrderStatus.DELIVERED]: [OrderStatus.RETURNED],
  [OrderStatus.CANCELLED]: [],
  [OrderStatus.RETURNED]: [],
};

export const OPEN_ORDER_STATUSES: readonly OrderStatus[] = [OrderStatus.PLACED, OrderStatus.PAID, OrderStatus.SHIPPED];

function buildParty(field: string, input: OrderPartyInput): OrderParty {
  const party = new OrderParty();
  party.name = requireName(`${field}.name`, input.name);
  party.email = input.email ? normaliseEmail(`${field}.email`, input.email) : null;
  party.phone = input.phone ? normalisePhone(`${field}.phone`, input.phone) : null;
  party.line1 = requireText(`${field}.line1`, input.line1, 200);
  party.line2 = optionalText(`${field}.line2`, input.line2, 200);
  party.postalCode = requireText(`${field}.postalCode`, input.postalCode, 20);
  party.city = requireText(`${field}.city`, input.city, 100);
  party.countryCode = requireCountryCode(`${field}.countryCode`, input.countryCode);
  return party;
}

/** The money columns are 32-bit integers of cents. */
const MAX_CENTS = 2_147_483_647;

function recomputeTotals(order: CustomerOrder, lines: readonly OrderLine[], field: string): void {
  const subtotal = lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
  if (subtotal + order.shippingCents > MAX_CENTS) throw badInput(field, 'The order total is too large');
  order.subtotalCents = subtotal;
  order.totalCents = subtotal + order.shippingCents;
}

function writeChange(ctx: RequestContext, order: CustomerOrder, kind: OrderChangeKind, detail: OrderChangeDetail, at: Date): void {
  const actor = actorOf(ctx.principal);
  ctx.em.create(OrderChange, { order, kind, detail, actorKind: actor.kind, actorId: actor.id, changedAt: at });
}

export async function getOrder(ctx: RequestContext, id: string): Promise<OrderView> {
  if (!isUuid(id)) throw notFound('id', 'Order');
  const visibility = orderVisibility(ctx.principal);
  if (visibility.kind === 'NONE') throw notFound('id', 'Order');
  const [row] = await ctx.sql.all<Parameters<typeof toOrderView>[0]>(
    `select ${ORDER_COLUMNS} from customer_order o where o.id = ?::uuid and ${visibility.sql}`,
    [id, ...visibility.params],
    ORDER_DATES,
  );
  if (!row) throw notFound('id', 'Order');
  return toOrderView(row);
}

export interface OrderConnectionResult {
  nodes: OrderView[];
  edges: { cursor: string; node: OrderView }[];
  pageInfo: PageInfo;
}

/** Orders the caller may see, newest first (accounting, customer service, partners). */
export async function listOrders(ctx: RequestContext, args: PageArgs & { filter?: OrderFilter | null }): Promise<OrderConnectionResult> {
  const visibility = orderVisibility(ctx.principal);
  const where = [visibility.kind === 'NONE' ? 'false' : visibility.sql];
  const params: unknown[] = visibility.kind === 'NONE' ? [] : [...visibility.params];
  const filter = args.filter ?? {};
  if (filter.status && filter.status.length > 0) {
    where.push('o.status = any(?::order_status[])');
    params.push(`{${filter.status.join(',')}}`);
  }
  if (filter.placedFrom) {
    where.push('o.placed_at >= ?');
    params.push(filter.placedFrom);
  }
  if (filter.placedBefore) {
    where.push('o.placed_at < ?');
    params.push(filter.placedBefore);
  }
  const filterSql = where.join(' and ');
  // Newest first, either way (last/before pages backward, towards the newest).
  const page = await keysetConnection<OrderView>(args, {
    order: 'desc',
    key: ['o.placed_at', 'o.id'],
    rows: async (pageSql, pageParams, orderBy, limit) =>
      (
        await ctx.sql.all<Parameters<typeof toOrderView>[0]>(
          `select ${ORDER_COLUMNS} from customer_order o where ${filterSql} and ${pageSql} order by ${orderBy} limit ${limit}`,
          [...params, ...pageParams],
          ORDER_DATES,
        )
      ).map(toOrderView),
    any: async (atSql, atParams) =>
      (await ctx.sql.all<{ found: boolean }>(`select exists (select 1 from customer_order o where ${filterSql} and ${atSql}) as found`, [...params, ...atParams]))[0].found,
    cursorOf: (node) => ({ at: node.placedAt, id: node.id }),
  });
  for (const node of page.nodes) ctx.loaders.orderById.prime(node.id, node);
  return page;
}

/** A new order with its lines and the first history entry, in one transaction (§4.1). */
export async function placeOrder(ctx: RequestContext, input: PlaceOrderInput): Promise<OrderView> {
  const principal = ctx.principal;
  let customerId: string | null = input.customerId ?? null;
  if (principal.kind === 'CUSTOMER') {
    if (customerId !== null && customerId !== principal.customerId) throw notFound('input.customerId', 'Customer');
    customerId = principal.customerId;
  } else if (customerId !== null) {
    await getCustomer(ctx, customerId).catch(notFoundAt('input.customerId', 'Customer'));
  }
  const source = input.source ?? DataSource.WEBSHOP_ORDER;
  if (principal.kind === 'CUSTOMER' && source !== DataSource.WEBSHOP_ORDER) {
    throw badInput('input.source', 'Orders from the storefront are WEBSHOP_ORDER');
  }
  if (input.lines.length === 0) throw badInput('input.lines', 'An order needs at least one line');
  if (input.lines.length > 200) throw badInput('input.lines', 'At most 200 lines');

  const now = ctx.now();
  const billing = buildParty('input.billing', input.billing);
  const delivery = input.delivery ? buildParty('input.delivery', input.delivery) : Object.assign(new OrderParty(), billing);
  const [{ number }] = await ctx.sql.all<{ number: string }>(`select nextval('order_number_seq')::text as number`);
  const order = ctx.em.create(CustomerOrder, {
    orderNumber: `J-${now.getUTCFullYear()}-${number.padStart(6, '0')}`,
    // By id: the customers module owns the row (the lock below proves it still exists).
    customer: customerId,
    placedAt: now,
    status: OrderStatus.PLACED,
    currency: requireCurrency('input.currency', input.currency),
    subtotalCents: 0,
    shippingCents: requireNonNegativeCents('input.shippingCents', input.shippingCents),
    totalCents: 0,
    billing,
    delivery,
    source,
    // A guest order has no customer to erase later: its bookkeeping clock starts now (§8.9),
    // so the held-orders pass clears its personal data when the period ends.
    retainUntil: customerId ? null : orderRetainUntil(now, ctx.settings),
    createdAt: now,
    updatedAt: now,
  });
  const seen = new Set<string>();
  const lines = input.lines.map((line, index) => {
    const field = `input.lines.${index}`;
    const productCode = requireText(`${field}.productCode`, line.productCode, 64);
    if (seen.has(productCode)) throw badInput(`${field}.productCode`, `${productCode} is on the order twice; give one line with the total quantity`);
    seen.add(productCode);
    return ctx.em.create(OrderLine, {
      order,
      lineNo: index + 1,
      productCode,
      productName: requireText(`${field}.productName`, line.productName, 200),
      quantity: requirePositiveInt(`${field}.quantity`, line.quantity),
      unitPriceCents: requireNonNegativeCents(`${field}.unitPriceCents`, line.unitPriceCents),
    });
  });
  recomputeTotals(order, lines, 'input.lines');
  writeChange(ctx, order, OrderChangeKind.PLACED, { toStatus: OrderStatus.PLACED }, now);
  if (customerId) {
    // §9.2: billing and delivery details are personal data; their capture is audited with the order.
    auditChange(ctx.em, ctx.principal, { requestId: ctx.requestId, at: now, operation: 'placeOrder' }, customerId, ['Order.billing', 'Order.delivery', 'Order.lines']);
    // Serialised with every other write to this customer (an erasure above all): the row is locked
    // first, so an order for a customer erased meanwhile answers NOT_FOUND, not a foreign-key error.
    await flushUnderCustomerLock(ctx.em, customerId, {
      field: 'input.customerId',
      // An order is activity: the §4.2 two-year clock starts again, in the same transaction as the order.
      afterLock: (em) => recordCustomerActivity(em, customerId, now),
    });
  } else {
    await ctx.em.flush();
  }
  return getOrder(ctx, order.id);
}

/**
 * Change an order's status and/or lines. Every part of the change becomes a
 * history entry (§4.1 "ja niiden muutoksista"), in the same transaction as
 * the change itself. The row is locked so two concurrent changes serialise.
 */
export async function changeOrder(ctx: RequestContext, input: ChangeOrderInput): Promise<OrderView> {
  await getOrder(ctx, input.orderId).catch(notFoundAt('input.orderId', 'Order'));
  await applyOrderChange(ctx, input);
  return getOrder(ctx, input.orderId);
}

/**
 * The change itself, for callers that have already decided the caller may
 * make it (changeOrder above; a logistics partner reporting delivery status
 * on an order assigned to it).
 */
export async function applyOrderChange(ctx: RequestContext, input: ChangeOrderInput): Promise<void> {
  if (!input.status && input.lines.length === 0) throw badInput('input', 'Give a new status, line changes, or both');
  const note = optionalText('input.note', input.note, 500);
  const now = ctx.now();

  await ctx.em.transactional(async (em) => {
    const order = await em.findOneOrFail(CustomerOrder, { id: input.orderId }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['lines'] });
    const txCtx = { ...ctx, em };
    const lines = order.lines.getItems();

    if (input.lines.length > 0) {
      // New lines are numbered after every number the order has now, so a line removed in
      // this same change never lends its number to one added (the insert precedes the delete).
      let nextLineNo = lines.reduce((max, l) => Math.max(max, l.lineNo), 0) + 1;
      if (order.status !== OrderStatus.PLACED && order.status !== OrderStatus.PAID) {
        throw orderErrors.error('ORDER_NOT_EDITABLE', { message: `Lines of a ${order.status} order cannot change`, field: 'input.lines' });
      }
      const seen = new Set<string>();
      input.lines.forEach((change, index) => {
        const field = `input.lines.${index}`;
        const productCode = requireText(`${field}.productCode`, change.productCode, 64);
        if (seen.has(productCode)) throw badInput(`${field}.productCode`, `${productCode} is changed twice`);
        seen.add(productCode);
        if (!Number.isInteger(change.quantity) || change.quantity < 0) throw badInput(`${field}.quantity`, 'Must be zero or a positive whole number');
        const line = lines.find((candidate) => candidate.productCode === productCode);
        if (!line) {
          if (change.quantity === 0) throw notFound(`${field}.productCode`, 'Order line');
          if (change.productName == null || change.unitPriceCents == null) {
            throw badInput(`${field}.productName`, 'A new product needs productName and unitPriceCents');
          }
          const added = em.create(OrderLine, {
            order,
            lineNo: nextLineNo++,
            productCode,
            productName: requireText(`${field}.productName`, change.productName, 200),
            quantity: requirePositiveInt(`${field}.quantity`, change.quantity),
            unitPriceCents: requireNonNegativeCents(`${field}.unitPriceCents`, change.unitPriceCents),
          });
          lines.push(added);
          order.lines.add(added);
          writeChange(txCtx, order, OrderChangeKind.LINE_ADDED, { productCode, productName: added.productName, toQuantity: added.quantity, note: note ?? undefined }, now);
        } else if (change.quantity === 0) {
          order.lines.remove(line);
          lines.splice(lines.indexOf(line), 1);
          writeChange(txCtx, order, OrderChangeKind.LINE_REMOVED, { productCode, productName: line.productName, fromQuantity: line.quantity, note: note ?? undefined }, now);
        } else if (change.quantity !== line.quantity) {
          const fromQuantity = line.quantity;
          line.quantity = requirePositiveInt(`${field}.quantity`, change.quantity);
          writeChange(
            txCtx,
            order,
            OrderChangeKind.LINE_QUANTITY_CHANGED,
            { productCode, productName: line.productName, fromQuantity, toQuantity: line.quantity, note: note ?? undefined },
            now,
          );
        }
      });
      if (lines.length === 0) throw badInput('input.lines', 'An order keeps at least one line; cancel it instead');
      recomputeTotals(order, lines, 'input.lines');
    }

    if (input.status && input.status !== order.status) {
      if (!NEXT_STATUS[order.status].includes(input.status)) {
        throw orderErrors.error('ORDER_STATUS_TRANSITION', { message: `An order cannot go from ${order.status} to ${input.status}`, field: 'input.status' });
      }
      writeChange(txCtx, order, OrderChangeKind.STATUS_CHANGED, { fromStatus: order.status, toStatus: input.status, note: note ?? undefined }, now);
      order.status = input.status;
    }
    order.updatedAt = now;
    if (order.customer) {
      const fields = [...(input.lines.length > 0 ? ['Order.lines'] : []), ...(input.status ? ['Order.status'] : [])];
      auditChange(em, ctx.principal, { requestId: ctx.requestId, at: now, operation: 'changeOrder' }, order.customer.id, fields);
    }
  });
  ctx.loaders.orderById.clear(input.orderId);
  ctx.loaders.linesByOrder.clear(input.orderId);
  ctx.loaders.changesByOrder.clear(input.orderId);
}

/**
 * A customer's orders, newest first. When the document also asks for the
 * lines they come in the same statement (one round trip for both levels).
 */
/** A customer's orders, at once when the customer's statement brought them (PrimedLoader). */
export function ordersOfCustomer(ctx: RequestContext, customerId: string): OrderView[] | Promise<OrderView[]> {
  return documentSelects(ctx, 'Order.lines') ? ctx.loaders.ordersWithLinesByCustomer.now(customerId) : ctx.loaders.ordersByCustomer.load(customerId);
}
