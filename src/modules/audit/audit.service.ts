import { isUuid } from '../../core/db/sql';
import type { RequestContext } from '../../core/graphql/context';
import { notFound } from '../../core/graphql/errors';
import { connectionOf, decodeCursor, encodeCursor, requirePageSize } from '../../core/graphql/pagination';
import { partnersByIds } from '../partners/partners.directory';
import type { PartnerKindEnum } from '../partners/partner.entity';
import type { AuditEntryConnection, AuditEntryView, DataRecipientView } from './audit.types';
import { aboutCustomer } from './audit.subjects.sql';

/** A customer's audit trail for the privacy officer, newest first. */
export async function auditTrail(ctx: RequestContext, customerId: string, first: number, after: string | null): Promise<AuditEntryConnection> {
  if (!isUuid(customerId)) throw notFound('customerId', 'Customer');
  const size = requirePageSize(first);
  const params: unknown[] = [customerId, customerId];
  let keyset = '';
  if (after) {
    const cursor = decodeCursor('after', after, 'serial');
    keyset = 'and (a.occurred_at, a.id) < (?, ?::bigint)';
    params.push(cursor.at, cursor.id);
  }
  const rows = await ctx.sql.all<AuditEntryView>(
    `select a.id::text as id, a.occurred_at as "occurredAt", a.request_id as "requestId", a.principal_kind as "principalKind",
       a.principal_id as "principalId", a.action, a.fields, a.purpose, a.operation
     from audit_entry a where ${aboutCustomer('a')} ${keyset}
     order by a.occurred_at desc, a.id desc limit ${size + 1}`,
    params,
    ['occurredAt'],
  );
  const hasNextPage = rows.length > size;
  const nodes = hasNextPage ? rows.slice(0, size) : rows;
  return connectionOf(nodes, (node) => encodeCursor({ at: node.occurredAt, id: node.id }), hasNextPage, after);
}

/**
 * The partners that have received a customer's data, from the audit of
 * partner reads (Art 15(1)(c)), by partner name. Who the partner is comes
 * from the partners module (CONVENTIONS "Ownership"); a principal that is no
 * longer a partner is left out.
 */
export async function dataRecipients(ctx: RequestContext, customerId: string): Promise<DataRecipientView[]> {
  const received = await ctx.sql.all<{ partnerId: string; firstReceivedAt: Date; lastReceivedAt: Date; fields: string[] }>(
    `select a.principal_id as "partnerId", min(a.occurred_at) as "firstReceivedAt", max(a.occurred_at) as "lastReceivedAt",
       array(select distinct f from audit_entry a2, unnest(a2.fields) f
             where ${aboutCustomer('a2')} and a2.principal_kind = 'PARTNER' and a2.principal_id = a.principal_id order by f) as fields
     from audit_entry a
     where ${aboutCustomer('a')} and a.principal_kind = 'PARTNER' and a.action = 'READ'
     group by a.principal_id`,
    [customerId, customerId, customerId, customerId],
    ['firstReceivedAt', 'lastReceivedAt'],
  );
  const byPartner = new Map(received.map((row) => [row.partnerId, row]));
  return (await partnersByIds(ctx.em, [...byPartner.keys()])).flatMap((partner) => {
    const row = byPartner.get(partner.id);
    if (!row) return [];
    return [
      {
        partnerId: partner.id,
        name: partner.name,
        kind: partner.kind as PartnerKindEnum,
        countryCode: partner.countryCode,
        firstReceivedAt: row.firstReceivedAt,
        lastReceivedAt: row.lastReceivedAt,
        fields: row.fields,
      },
    ];
  });
}
