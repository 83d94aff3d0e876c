import DataLoader from 'dataloader';
import { PrimedLoader } from '../../core/db/primed-loader';
import { columnsForFields, groupBy, indexBy, parseTextArray, textTuple, uuidArray, type Column, type FieldColumns, type SqlRunner } from '../../core/db/sql';
import type { OrderChangeDetail } from './order-change.entity';
import { BOOKKEEPING_LEGAL_BASIS } from './retention';
import { restrictedFieldsSql } from '../restrictions/restrictions.sql';
import type { OrderChangeView, OrderLineView, OrderPartyView, OrderView } from './orders.types';

/** The columns each party (billing, delivery) copies onto an order. */
const PARTY_COLUMNS = ['name', 'email', 'phone', 'line1', 'line2', 'postal_code', 'city', 'country_code'] as const;

const partyColumns = (prefix: 'billing' | 'delivery') => PARTY_COLUMNS.map((column) => `o.${prefix}_${column} as "${prefix}_${column}"`).join(', ');

export const ORDER_DATES = ['placedAt', 'heldSince'] as const;

export const ORDER_COLUMNS = `o.id, o.customer_id as "customerId", o.order_number as "orderNumber", o.placed_at as "placedAt",
  o.status, o.currency, o.subtotal_cents as "subtotalCents", o.shipping_cents as "shippingCents",
  o.total_cents as "totalCents", o.source, o.held_since as "heldSince", o.retain_until::text as "retainUntil",
  ${partyColumns('billing')}, ${partyColumns('delivery')}, ${restrictedFieldsSql('o.customer_id')} as "restrictedFields"`;

type OrderRow = Omit<OrderView, 'billing' | 'delivery' | 'hold' | 'restrictedFields'> & Record<string, unknown>;

/** What a statement that left a party's columns out (its document does not select it) gives: never served. */
const NOT_SELECTED: OrderPartyView = Object.freeze({ name: null, email: null, phone: null, line1: null, line2: null, postalCode: null, city: null, countryCode: null });

function party(row: Record<string, unknown>, prefix: 'billing' | 'delivery'): OrderPartyView {
  if (!(`${prefix}_name` in row)) return NOT_SELECTED;
  return prefix === 'billing'
    ? {
        name: (row.billing_name as string | null) ?? null,
        email: (row.billing_email as string | null) ?? null,
        phone: (row.billing_phone as string | null) ?? null,
        line1: (row.billing_line1 as string | null) ?? null,
        line2: (row.billing_line2 as string | null) ?? null,
        postalCode: (row.billing_postal_code as string | null) ?? null,
        city: (row.billing_city as string | null) ?? null,
        countryCode: (row.billing_country_code as string | null) ?? null,
      }
    : {
        name: (row.delivery_name as string | null) ?? null,
        email: (row.delivery_email as string | null) ?? null,
        phone: (row.delivery_phone as string | null) ?? null,
        line1: (row.delivery_line1 as string | null) ?? null,
        line2: (row.delivery_line2 as string | null) ?? null,
        postalCode: (row.delivery_postal_code as string | null) ?? null,
        city: (row.delivery_city as string | null) ?? null,
        countryCode: (row.delivery_country_code as string | null) ?? null,
      };
}

export function toOrderView(row: OrderRow): OrderView {
  return {
    id: row.id,
    customerId: row.customerId,
    orderNumber: row.orderNumber,
    placedAt: row.placedAt,
    status: row.status,
    currency: row.currency,
    subtotalCents: row.subtotalCents,
    shippingCents: row.shippingCents,
    totalCents: row.totalCents,
    source: row.source,
    hold: row.heldSince ? { heldSince: row.heldSince as Date, retainUntil: row.retainUntil as string, legalBasis: BOOKKEEPING_LEGAL_BASIS } : null,
    billing: party(row, 'billing'),
    delivery: party(row, 'delivery'),
    restrictedFields: (row.restrictedFields as string[] | null) ?? null,
  };
}

type ChangeRow = Omit<OrderChangeView, 'fromStatus' | 'toStatus' | 'productCode' | 'fromQuantity' | 'toQuantity' | 'note'> & {
  detail: OrderChangeDetail;
};

function toChangeView(row: ChangeRow): OrderChangeView {
  const { detail, ...rest } = row;
  return {
    ...rest,
    fromStatus: (detail.fromStatus as OrderChangeView['fromStatus']) ?? null,
    toStatus: (detail.toStatus as OrderChangeView['toStatus']) ?? null,
    productCode: detail.productCode ?? null,
    fromQuantity: detail.fromQuantity ?? null,
    toQuantity: detail.toQuantity ?? null,
    note: detail.note ?? null,
  };
}

/** An order's lines as one JSON array, in the order statement itself (no second round trip, no flat row explosion). */
const LINES_JSON = `coalesce((select json_agg(json_build_object('id', l.id, 'orderId', l.order_id, 'lineNo', l.line_no,
    'productCode', l.product_code, 'productName', l.product_name, 'quantity', l.quantity,
    'unitPriceCents', l.unit_price_cents, 'totalCents', l.quantity * l.unit_price_cents) order by l.line_no)
  from order_line l where l.order_id = o.id), '[]') as "linesJson"`;

export function createOrderLoaders(sql: SqlRunner) {
  const linesByOrder = new PrimedLoader<string, OrderLineView[]>(async (ids) =>
    groupBy(
      ids,
      await sql.all<OrderLineView>(
        `select l.id, l.order_id as "orderId", l.line_no as "lineNo", l.product_code as "productCode",
           l.product_name as "productName", l.quantity, l.unit_price_cents as "unitPriceCents",
           l.quantity * l.unit_price_cents as "totalCents"
         from order_line l where l.order_id = any(?::uuid[]) order by l.order_id, l.line_no`,
        [uuidArray(ids)],
      ),
      'orderId',
    ),
  );
  return {
    linesByOrder,
    /** Newest first, each order's lines in the same statement: Order.lines then reads them from linesByOrder. */
    ordersWithLinesByCustomer: new PrimedLoader<string, OrderView[]>(async (ids) => {
      const rows = await sql.all<OrderRow & { linesJson: OrderLineView[] }>(
        `select ${ORDER_COLUMNS}, ${LINES_JSON} from customer_order o where o.customer_id = any(?::uuid[]) order by o.placed_at desc, o.id`,
        [uuidArray(ids)],
        ORDER_DATES,
      );
      const orders = rows.map((row) => {
        linesByOrder.prime(row.id, row.linesJson);
        return toOrderView(row);
      });
      return groupBy(ids, orders, 'customerId');
    }),
    orderById: new DataLoader<string, OrderView | null>(async (ids) =>
      indexBy(ids, (await sql.all<OrderRow>(`select ${ORDER_COLUMNS} from customer_order o where o.id = any(?::uuid[])`, [uuidArray(ids)], ORDER_DATES)).map(toOrderView), 'id'),
    ),
    /** Newest first. */
    ordersByCustomer: new DataLoader<string, OrderView[]>(async (ids) =>
      groupBy(
        ids,
        (
          await sql.all<OrderRow>(
            `select ${ORDER_COLUMNS} from customer_order o where o.customer_id = any(?::uuid[]) order by o.placed_at desc, o.id`,
            [uuidArray(ids)],
            ORDER_DATES,
          )
        ).map(toOrderView),
        'customerId',
      ),
    ),
    /** Oldest first: the history reads as a story. */
    changesByOrder: new DataLoader<string, OrderChangeView[]>(async (ids) =>
      groupBy(
        ids,
        (
          await sql.all<ChangeRow>(
            `select h.id, h.order_id as "orderId", h.kind, h.changed_at as "changedAt", h.actor_kind as "actorKind",
               h.actor_id as "actorId", h.detail
             from order_change h where h.order_id = any(?::uuid[]) order by h.order_id, h.changed_at, h.id`,
            [uuidArray(ids)],
            ['changedAt'],
          )
        ).map(toChangeView),
        'orderId',
      ),
    ),
  };
}

const partyPairs = (prefix: 'billing' | 'delivery'): Column[] => PARTY_COLUMNS.map((column) => [`${prefix}_${column}`, `o.${prefix}_${column}`]);

/**
 * What each Order field reads, for the nested statement below (issue 9: only
 * the columns the plan needs). A field that is not named here, or a document
 * that selects one, gets every column: a new field is never served from a
 * column that was left out. id and placedAt are always there (the read guard,
 * the audit and the order need them); customerId is the parent's.
 */
const ORDER_FIELD_COLUMNS: FieldColumns = {
  id: [],
  orderNumber: [['orderNumber', 'o.order_number']],
  placedAt: [],
  status: [['status', 'o.status']],
  currency: [['currency', 'o.currency']],
  subtotalCents: [['subtotalCents', 'o.subtotal_cents', 'number']],
  shippingCents: [['shippingCents', 'o.shipping_cents', 'number']],
  totalCents: [['totalCents', 'o.total_cents', 'number']],
  source: [['source', 'o.source']],
  hold: [
    ['heldSince', 'o.held_since', 'time'],
    ['retainUntil', 'o.retain_until::text'],
  ],
  billing: partyPairs('billing'),
  delivery: partyPairs('delivery'),
  lines: [],
  changes: [],
  __typename: [],
};
const ORDER_ALWAYS: readonly Column[] = [
  ['id', 'o.id'],
  ['placedAt', 'o.placed_at', 'time'],
];

/**
 * The same for OrderLine; lineNo always (orderId is the parent's). The line's id only when asked
 * for: nothing else reads it, and it is 38 characters of JSON a line (1,500 lines on the admin page).
 */
const LINE_FIELD_COLUMNS: FieldColumns = {
  id: [['id', 'l.id']],
  lineNo: [],
  productCode: [['productCode', 'l.product_code']],
  productName: [['productName', 'l.product_name']],
  quantity: [['quantity', 'l.quantity', 'number']],
  unitPriceCents: [['unitPriceCents', 'l.unit_price_cents', 'number']],
  totalCents: [['totalCents', 'l.quantity * l.unit_price_cents', 'number']],
  __typename: [],
};
const LINE_ALWAYS: readonly Column[] = [['lineNo', 'l.line_no', 'number']];

/**
 * A customer's orders with their lines as one JSON value (newest first), for a
 * customer statement that brings every level the document asks for at once, as
 * positional tuples (core/db/sql.ts jsonTuple). `selected` names the Order and
 * OrderLine fields the document asks for. The restriction in force comes from
 * the customer row, not from a subquery per order: an order copies its
 * customer's profile data, so the customer's restriction is the order's (§8.11).
 */
export function nestedOrdersJson(customerIdColumn: string, selected?: { order: readonly string[]; line: readonly string[] }): NestedOrders {
  // The same selection gives the same statement: built once (the same string also keeps its hash for the prepared-statement lookup).
  const key = `${customerIdColumn}|${selected ? `${selected.order.join(',')}|${selected.line.join(',')}` : '*'}`;
  let known = nestedOrdersBySelection.get(key);
  if (!known) {
    known = buildNestedOrdersJson(customerIdColumn, selected);
    if (nestedOrdersBySelection.size < 500) nestedOrdersBySelection.set(key, known);
  }
  return known;
}

type NestedOrders = ReturnType<typeof buildNestedOrdersJson>;
const nestedOrdersBySelection = new Map<string, NestedOrders>();

function buildNestedOrdersJson(customerIdColumn: string, selected?: { order: readonly string[]; line: readonly string[] }) {
  // Every level a text tuple (core/db/sql.ts textTuple): the orders' text array holds each order's lines as the text of theirs.
  const line = textTuple<OrderLineView>(columnsForFields(LINE_FIELD_COLUMNS, LINE_ALWAYS, selected?.line), ['orderId']);
  const orderColumns = columnsForFields(ORDER_FIELD_COLUMNS, ORDER_ALWAYS, selected?.order);
  const lines = `array(select ${line.sql} from order_line l where l.order_id = o.id order by l.line_no)`;
  const order = textTuple<OrderRow & { lines: string }>([...orderColumns, ['lines', lines]], ['customerId']);
  return {
    sql: `array(select ${order.sql} from customer_order o where o.customer_id = ${customerIdColumn} order by o.placed_at desc, o.id)::text`,
    /** Hand the orders and lines to the loaders, so Customer.orders and Order.lines need no statement. */
    prime(loaders: ReturnType<typeof createOrderLoaders>, customerId: string, text: unknown, restrictedFields: readonly string[] | null | undefined): void {
      const orders = parseTextArray(text as string).map((tuple) => {
        const row = order.read(tuple as unknown[], { customerId } as Partial<OrderRow & { lines: string }>);
        for (const column of ORDER_DATES) if (typeof row[column] === 'string') (row as Record<string, unknown>)[column] = new Date(row[column] as string);
        loaders.linesByOrder.prime(
          row.id,
          parseTextArray(row.lines).map((item) => line.read(item as unknown[], { orderId: row.id })),
        );
        row.restrictedFields = restrictedFields ?? null;
        return toOrderView(row);
      });
      loaders.ordersWithLinesByCustomer.prime(customerId, orders);
    },
  };
}
