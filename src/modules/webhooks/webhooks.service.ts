import type { EntityManager } from '@mikro-orm/postgresql';
import { randomBytes } from 'node:crypto';
import { execute, isUuid } from '../../core/db/sql';
import type { RequestContext } from '../../core/graphql/context';
import { badInput, notFound } from '../../core/graphql/errors';
import { requirePageSize } from '../../core/graphql/pagination';
import { partnerStatus } from '../partners/partners.directory';
import { PartnerWebhook, WebhookDelivery, WebhookDeliveryStatus, type WebhookEventType } from './webhook.entities';
import type { PartnerWebhookSecretView, PartnerWebhookView, WebhookDeliveryView } from './webhooks.types';
import { partnerErrors } from '../partners/partners.errors';
import { webhookErrors } from './webhooks.errors';
import { sealWebhookSecret } from './webhook-secret';

const LOOPBACK = new Set(['127.0.0.1', '::1', '[::1]', 'localhost']);

/** https only, except on a loopback address (tests, a relay on the same host). No credentials in the URL. */
export function requireWebhookUrl(field: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw badInput(field, 'Not a URL');
  }
  const loopback = LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw badInput(field, 'Use https (plain http only on a loopback address)');
  if (url.username || url.password) throw badInput(field, 'No credentials in the URL: requests are signed instead');
  if (url.hash) throw badInput(field, 'No fragment');
  if (url.toString().length > 2000) throw badInput(field, 'Too long');
  return url.toString();
}

/** A Standard Webhooks signing secret: whsec_ + base64 of 32 random bytes. */
function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * Queue one delivery per event for partners that have an endpoint, inside
 * the caller's transaction (the same one that wrote the notices or the
 * assignment): one INSERT … SELECT for any number of events.
 */
export async function queueWebhookDeliveries(em: EntityManager, eventType: WebhookEventType, events: readonly { id: string; partnerId: string }[], at: Date): Promise<void> {
  if (events.length === 0) return;
  await execute(
    em,
    `insert into webhook_delivery (id, partner_id, event_type, ref_id, status, attempts, next_attempt_at, created_at)
     select gen_random_uuid(), e.partner_id, ?, e.id, 'PENDING', 0, ?, ?
     from unnest(?::uuid[], ?::uuid[]) as e(id, partner_id)
     join partner_webhook w on w.partner_id = e.partner_id`,
    [eventType, at, at, `{${events.map((e) => e.id).join(',')}}`, `{${events.map((e) => e.partnerId).join(',')}}`],
  );
}

/** The partner acknowledged a notice (by polling or after a push): its delivery says so. */
export async function markAcknowledged(em: EntityManager, refId: string, at: Date): Promise<void> {
  await execute(em, `update webhook_delivery set status = 'ACKNOWLEDGED', acknowledged_at = ?, lease_until = null where ref_id = ?::uuid and status <> 'ACKNOWLEDGED'`, [
    at,
    refId,
  ]);
}

function webhookView(hook: PartnerWebhook): PartnerWebhookView {
  return { partnerId: hook.partner.id, url: hook.url, createdAt: hook.createdAt };
}

function deliveryView(d: WebhookDelivery): WebhookDeliveryView {
  return {
    id: d.id,
    partnerId: d.partner.id,
    eventType: d.eventType,
    refId: d.refId,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.nextAttemptAt,
    lastError: d.lastError,
    lastAttemptAt: d.lastAttemptAt,
    deliveredAt: d.deliveredAt,
    acknowledgedAt: d.acknowledgedAt,
    createdAt: d.createdAt,
  };
}

/** ADMIN: set (or replace) a partner's endpoint; a new secret is made and shown this once. */
export async function setPartnerWebhook(ctx: RequestContext, partnerId: string, rawUrl: string): Promise<PartnerWebhookSecretView> {
  const partner = isUuid(partnerId) ? await partnerStatus(ctx.em, partnerId) : null;
  if (!partner) throw notFound('partnerId', 'Partner');
  if (!partner.active) throw partnerErrors.error('PARTNER_INACTIVE', { message: 'The partner is not active', field: 'partnerId' });
  const url = requireWebhookUrl('url', rawUrl);
  const secret = newSigningSecret();
  // Stored sealed (AES-256-GCM, webhook-secret.ts); the clear secret is in this answer only.
  const sealed = sealWebhookSecret(ctx.settings.webhookSecretKey, secret, partner.id);
  const existing = await ctx.em.findOne(PartnerWebhook, { partner: partnerId });
  const hook = existing ?? ctx.em.create(PartnerWebhook, { partner: partner.id, url, secret: sealed, createdAt: ctx.now() });
  hook.url = url;
  hook.secret = sealed;
  hook.createdAt = ctx.now();
  await ctx.em.flush();
  return { ...webhookView(hook), secret };
}

/** ADMIN: stop pushing to a partner; deliveries not yet made are dropped (polling still has the notices). */
export async function removePartnerWebhook(ctx: RequestContext, partnerId: string): Promise<boolean> {
  if (!isUuid(partnerId)) throw notFound('partnerId', 'Partner');
  return ctx.em.transactional(async (em) => {
    const removed = await em.nativeDelete(PartnerWebhook, { partner: partnerId });
    await em.nativeDelete(WebhookDelivery, { partner: partnerId, status: { $in: [WebhookDeliveryStatus.PENDING, WebhookDeliveryStatus.DEAD] } });
    return removed > 0;
  });
}

export async function partnerWebhookOf(ctx: RequestContext, partnerId: string): Promise<PartnerWebhookView | null> {
  const hook = isUuid(partnerId) ? await ctx.em.findOne(PartnerWebhook, { partner: partnerId }) : null;
  return hook ? webhookView(hook) : null;
}

/** ADMIN: deliveries, newest first, by status (default: the DEAD ones, to retry). */
export async function listWebhookDeliveries(
  ctx: RequestContext,
  args: { first: number; status?: WebhookDeliveryStatus[] | null; partnerId?: string | null },
): Promise<WebhookDeliveryView[]> {
  const first = requirePageSize(args.first);
  const statuses = args.status && args.status.length > 0 ? args.status : [WebhookDeliveryStatus.DEAD];
  if (args.partnerId && !isUuid(args.partnerId)) throw badInput('partnerId', 'Not a valid id');
  const where = { status: { $in: statuses }, ...(args.partnerId ? { partner: args.partnerId } : {}) };
  return (await ctx.em.find(WebhookDelivery, where, { orderBy: { createdAt: 'desc', id: 'asc' }, limit: first })).map(deliveryView);
}

/** ADMIN: try a DEAD delivery again from the start (the same webhook-id, so the receiver can still drop a repeat). */
export async function retryWebhookDelivery(ctx: RequestContext, deliveryId: string): Promise<WebhookDeliveryView> {
  const delivery = isUuid(deliveryId) ? await ctx.em.findOne(WebhookDelivery, { id: deliveryId }) : null;
  if (!delivery) throw notFound('deliveryId', 'Webhook delivery');
  if (delivery.status !== WebhookDeliveryStatus.DEAD) {
    throw webhookErrors.error('WEBHOOK_DELIVERY_NOT_DEAD', { message: `Only a DEAD delivery can be retried; this one is ${delivery.status}`, field: 'deliveryId' });
  }
  delivery.status = WebhookDeliveryStatus.PENDING;
  delivery.attempts = 0;
  delivery.nextAttemptAt = ctx.now();
  delivery.lastError = null;
  await ctx.em.flush();
  // The worker wakes on inserts only; a retry is picked up by the next pass (at most a minute).
  await execute(ctx.em, `select pg_notify('webhook_delivery', '')`);
  return deliveryView(delivery);
}
