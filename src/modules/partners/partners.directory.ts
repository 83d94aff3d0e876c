import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '../../core/db/sql';

/*
 * What other modules may ask the partners module (CONVENTIONS "Ownership"):
 * the partner and delivery_assignment tables are queried here only.
 */

export interface PartnerSummary {
  id: string;
  name: string;
  kind: string;
  countryCode: string;
}

/** The partners with these ids (unknown ids are left out), by name. */
export async function partnersByIds(em: EntityManager, ids: readonly string[]): Promise<PartnerSummary[]> {
  if (ids.length === 0) return [];
  return execute<PartnerSummary>(em, `select id::text as id, name, kind, country_code as "countryCode" from partner where id::text = any(?::text[]) order by name`, [
    `{${ids.join(',')}}`,
  ]);
}

/** Which partners each of these orders was handed to (§7.4), by order id, names only. */
export async function deliveryPartnersOfOrders(em: EntityManager, orderIds: readonly string[]): Promise<Map<string, string[]>> {
  const byOrder = new Map<string, string[]>();
  if (orderIds.length === 0) return byOrder;
  const rows = await execute<{ orderId: string; name: string }>(
    em,
    `select a.order_id as "orderId", p.name from delivery_assignment a join partner p on p.id = a.partner_id
     where a.order_id = any(?::uuid[]) order by a.assigned_at`,
    [`{${orderIds.join(',')}}`],
  );
  for (const row of rows) byOrder.set(row.orderId, [...(byOrder.get(row.orderId) ?? []), row.name]);
  return byOrder;
}

/** Which partners were handed which of these orders (§7.4), as (order, partner) pairs by id. */
export async function deliveryAssignmentsOfOrders(em: EntityManager, orderIds: readonly string[]): Promise<{ orderId: string; partnerId: string }[]> {
  if (orderIds.length === 0) return [];
  return execute<{ orderId: string; partnerId: string }>(
    em,
    `select distinct order_id::text as "orderId", partner_id::text as "partnerId" from delivery_assignment where order_id = any(?::uuid[])`,
    [`{${orderIds.join(',')}}`],
  );
}

/** A partner's id as stored, and whether it is active; `null` for an unknown id. */
export async function partnerStatus(em: EntityManager, id: string): Promise<{ id: string; active: boolean } | null> {
  const [row] = await execute<{ id: string; active: boolean }>(em, 'select id::text as id, active from partner where id = ?::uuid', [id]);
  return row ?? null;
}
