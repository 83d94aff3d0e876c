import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PartnerScope } from '../../core/auth/principal';
import { hashToken, newPartnerToken } from '../../core/auth/tokens';
import { isUuid, uuidArray } from '../../core/db/sql';
import type { RequestContext } from '../../core/graphql/context';
import { badInput, notFound, coreErrors } from '../../core/graphql/errors';
import { decodeCursor, encodeCursor, requirePageSize } from '../../core/graphql/pagination';
import { requireCountryCode, requireText } from '../../core/validation/validators';
import { CustomerOrder, OrderStatus } from '../orders/order.entity';
import { applyOrderChange, getOrder, OPEN_ORDER_STATUSES } from '../orders/orders.service';
import type { OrderView } from '../orders/orders.types';
import { DeliveryAssignment } from './delivery-assignment.entity';
import { WebhookEventType } from '../webhooks/webhook.entities';
import { queueWebhookDeliveries } from '../webhooks/webhooks.service';
import { EEA_COUNTRIES } from './eea';
import { restrictedFieldsSql, wholeRestrictionSql } from '../restrictions/restrictions.sql';
import { PartnerToken } from './partner-token.entity';
import { Partner, PartnerKindEnum } from './partner.entity';
import type { DeliveryLineView, DeliveryOrderView, IssuedPartnerToken, PartnerScopeEnum, PartnerTokenView, PartnerView } from './partners.types';
import { notFoundAt } from '../customers/customer-lock';
import { orderErrors } from '../orders/orders.errors';
import { partnerErrors } from './partners.errors';

/** §7.4: each kind of partner gets only the scopes its service needs. Payment and IT have no API access yet. */
export const SCOPES_BY_KIND: Record<PartnerKindEnum, readonly PartnerScope[]> = {
  [PartnerKindEnum.LOGISTICS]: ['ORDERS_DELIVERY', 'ORDERS_DELIVERY_STATUS'],
  [PartnerKindEnum.ACCOUNTING]: ['ORDERS_ACCOUNTING'],
  [PartnerKindEnum.PAYMENT]: [],
  [PartnerKindEnum.IT]: [],
};

function partnerView(partner: Partner): PartnerView {
  const { id, name, kind, countryCode, contractReference, active, createdAt } = partner;
  return { id, name, kind, countryCode, contractReference, active, createdAt };
}

function tokenView(token: PartnerToken): PartnerTokenView {
  return {
    id: token.id,
    displayPrefix: token.displayPrefix,
    scopes: token.scopes as PartnerScopeEnum[],
    expiresAt: token.expiresAt,
    revokedAt: token.revokedAt,
    createdAt: token.createdAt,
    lastUsedAt: token.lastUsedAt,
  };
}

function requireEea(field: string, countryCode: string): string {
  const code = requireCountryCode(field, countryCode);
  if (!EEA_COUNTRIES.has(code)) {
    throw partnerErrors.error('PARTNER_OUTSIDE_EEA', { message: `Personal data is not transferred outside the EU/EEA (§7.6); ${code} is outside it`, field });
  }
  return code;
}

export async function registerPartner(
  em: EntityManager,
  input: { name: string; kind: PartnerKindEnum; countryCode: string; contractReference: string },
  now: Date,
): Promise<PartnerView> {
  const partner = em.create(Partner, {
    name: requireText('input.name', input.name, 200),
    kind: input.kind,
    countryCode: requireEea('input.countryCode', input.countryCode),
    contractReference: requireText('input.contractReference', input.contractReference, 200),
    createdAt: now,
  });
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      throw partnerErrors.error('PARTNER_NAME_TAKEN', { field: 'input.name' });
    }
    throw error;
  }
  return partnerView(partner);
}

async function findPartner(em: EntityManager, id: string, field: string): Promise<Partner> {
  const partner = isUuid(id) ? await em.findOne(Partner, { id }) : null;
  if (!partner) throw notFound(field, 'Partner');
  return partner;
}

export async function listPartners(ctx: RequestContext): Promise<PartnerView[]> {
  return (await ctx.em.find(Partner, {}, { orderBy: { name: 'asc' } })).map(partnerView);
}

export async function listPartnerTokens(ctx: RequestContext, partnerId: string): Promise<PartnerTokenView[]> {
  return (await ctx.em.find(PartnerToken, { partner: partnerId }, { orderBy: { createdAt: 'desc' } })).map(tokenView);
}

/** Issue a token; the secret is returned once and only its hash is stored. */
export async function issuePartnerToken(
  em: EntityManager,
  input: { partnerId: string; scopes: readonly string[]; expiresInDays: number },
  issuedBy: string,
  now: Date,
): Promise<IssuedPartnerToken> {
  const partner = await findPartner(em, input.partnerId, 'input.partnerId');
  if (!partner.active) throw partnerErrors.error('PARTNER_INACTIVE', { field: 'input.partnerId' });
  requireEea('input.partnerId', partner.countryCode);
  if (input.scopes.length === 0) throw badInput('input.scopes', 'Give at least one scope');
  const allowed = SCOPES_BY_KIND[partner.kind];
  const scopes = [...new Set(input.scopes)] as PartnerScope[];
  for (const scope of scopes) {
    if (!allowed.includes(scope)) {
      throw partnerErrors.error('PARTNER_SCOPE_NOT_ALLOWED', { message: `A ${partner.kind} partner cannot hold ${scope} (§7.4)`, field: 'input.scopes' });
    }
  }
  if (!Number.isInteger(input.expiresInDays) || input.expiresInDays < 1 || input.expiresInDays > 365) {
    throw badInput('input.expiresInDays', 'Must be between 1 and 365 days');
  }
  const token = newPartnerToken();
  const record = em.create(PartnerToken, {
    partner,
    tokenHash: hashToken(token),
    displayPrefix: `${token.slice(0, 9)}…`,
    scopes,
    expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000),
    createdBy: issuedBy,
    createdAt: now,
  });
  await em.flush();
  return { token, info: tokenView(record) };
}

/** Revoke a token: refused on the very next request, since every request looks the token up. */
export async function revokePartnerToken(em: EntityManager, tokenId: string, now: Date): Promise<PartnerTokenView> {
  const token = isUuid(tokenId) ? await em.findOne(PartnerToken, { id: tokenId }) : null;
  if (!token) throw notFound('tokenId', 'Partner token');
  token.revokedAt ??= now;
  await em.flush();
  return tokenView(token);
}

/** Hand an order to a logistics partner for delivery (§7.4). */
export async function assignDelivery(ctx: RequestContext, orderId: string, partnerId: string): Promise<OrderView> {
  await getOrder(ctx, orderId).catch(notFoundAt('orderId', 'Order'));
  const partner = await findPartner(ctx.em, partnerId, 'partnerId');
  if (partner.kind !== PartnerKindEnum.LOGISTICS || !partner.active) {
    throw partnerErrors.error('PARTNER_NOT_LOGISTICS', { field: 'partnerId' });
  }
  const order = await ctx.em.findOneOrFail(CustomerOrder, { id: orderId });
  if (!OPEN_ORDER_STATUSES.includes(order.status)) {
    throw orderErrors.error('ORDER_NOT_OPEN', { message: `A ${order.status} order is not delivered`, field: 'orderId' });
  }
  const existing = await ctx.em.findOne(DeliveryAssignment, { order: orderId, partner: partnerId });
  if (!existing) {
    // The assignment and its push to the partner's endpoint are one transaction.
    await ctx.em.transactional(async (em) => {
      const assignment = em.create(DeliveryAssignment, { order, partner, assignedAt: ctx.now(), assignedBy: ctx.principal.kind === 'STAFF' ? ctx.principal.staffId : 'system' });
      await em.flush();
      await queueWebhookDeliveries(em, WebhookEventType.DELIVERY_ASSIGNMENT, [{ id: assignment.id, partnerId: partner.id }], ctx.now());
    });
  }
  return getOrder(ctx, orderId);
}

function requireLogisticsPartner(ctx: RequestContext): string {
  if (ctx.principal.kind !== 'PARTNER') throw coreErrors.error('FORBIDDEN', { message: 'Only a logistics partner token may do this' });
  return ctx.principal.partnerId;
}

/** Only what delivery needs (§7.4): no e-mail, no billing, no totals. */
const DELIVERY_SELECT = `select o.id, o.customer_id as "customerId", o.order_number as "orderNumber", o.status,
  o.delivery_name as "recipientName", o.delivery_line1 as "line1", o.delivery_line2 as "line2",
  o.delivery_postal_code as "postalCode", o.delivery_city as "city", o.delivery_country_code as "countryCode",
  o.delivery_phone as "phone", a.assigned_at as "assignedAt", ${restrictedFieldsSql('o.customer_id')} as "restrictedFields"
  from delivery_assignment a join customer_order o on o.id = a.order_id`;

interface DeliveryRow extends DeliveryOrderView {
  assignedAt: Date;
}

/** The orders assigned to the calling logistics partner, oldest assignment first. */
export async function listDeliveryOrders(
  ctx: RequestContext,
  args: { first: number; after?: string | null; openOnly: boolean },
): Promise<{ nodes: DeliveryOrderView[]; cursors: string[]; hasNextPage: boolean }> {
  const partnerId = requireLogisticsPartner(ctx);
  const first = requirePageSize(args.first);
  // §8.11: a restricted customer's orders are stored only, not handed on.
  const where = ['a.partner_id = ?::uuid', `not ${wholeRestrictionSql('o.customer_id')}`];
  const params: unknown[] = [partnerId];
  if (args.openOnly) {
    where.push('o.status = any(?::order_status[])');
    params.push(`{${OPEN_ORDER_STATUSES.join(',')}}`);
  }
  if (args.after) {
    const cursor = decodeCursor('after', args.after);
    where.push('(a.assigned_at, o.id) > (?, ?::uuid)');
    params.push(cursor.at, cursor.id);
  }
  const rows = await ctx.sql.all<DeliveryRow>(`${DELIVERY_SELECT} where ${where.join(' and ')} order by a.assigned_at, o.id limit ${first + 1}`, params, ['assignedAt']);
  const hasNextPage = rows.length > first;
  const nodes = hasNextPage ? rows.slice(0, first) : rows;
  return { nodes, cursors: nodes.map((n) => encodeCursor({ at: n.assignedAt, id: n.id })), hasNextPage };
}

export async function deliveryLines(ctx: RequestContext, orderIds: readonly string[]): Promise<DeliveryLineView[]> {
  return ctx.sql.all<DeliveryLineView>(
    `select l.order_id as "orderId", l.product_code as "productCode", l.product_name as "productName", l.quantity
     from order_line l where l.order_id = any(?::uuid[]) order by l.order_id, l.line_no`,
    [uuidArray(orderIds)],
  );
}

/** A logistics partner reports SHIPPED or DELIVERED on an order assigned to it; the change joins the order history. */
export async function reportDeliveryStatus(ctx: RequestContext, orderId: string, status: OrderStatus): Promise<DeliveryOrderView> {
  const partnerId = requireLogisticsPartner(ctx);
  if (status !== OrderStatus.SHIPPED && status !== OrderStatus.DELIVERED) {
    throw badInput('status', 'A logistics partner reports SHIPPED or DELIVERED');
  }
  const assigned = isUuid(orderId) ? await ctx.em.findOne(DeliveryAssignment, { order: orderId, partner: partnerId }) : null;
  if (!assigned) throw notFound('orderId', 'Order');
  await applyOrderChange(ctx, { orderId, status, lines: [], note: null });
  const [row] = await ctx.sql.all<DeliveryRow>(`${DELIVERY_SELECT} where a.partner_id = ?::uuid and o.id = ?::uuid`, [partnerId, orderId], ['assignedAt']);
  return row;
}

/**
 * The body of a pushed assignment (§7.4): which order to fetch, not its
 * contents; the courier reads the recipient through deliveryOrders, where the
 * read is audited and restrictions apply.
 */
export async function deliveryAssignmentForWebhook(
  em: EntityManager,
  id: string,
): Promise<{ assignmentId: string; orderId: string; orderNumber: string; assignedAt: string } | null> {
  const assignment = await em.findOne(DeliveryAssignment, { id }, { populate: ['order'] });
  if (!assignment) return null;
  return { assignmentId: assignment.id, orderId: assignment.order.id, orderNumber: assignment.order.orderNumber, assignedAt: assignment.assignedAt.toISOString() };
}
