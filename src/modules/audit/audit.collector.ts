import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../../core/auth/principal';
import { sqlRunner } from '../../core/db/sql';
import { ActorKind } from '../../core/domain/actor';
import { AuditAction, AuditEntry } from './audit-entry.entity';

/** Kind and id of a principal as the audit records it. */
export function auditSubject(principal: Principal): { kind: ActorKind; id: string | null; purpose: string } {
  switch (principal.kind) {
    case 'STAFF':
      return { kind: ActorKind.STAFF, id: principal.staffId, purpose: [...principal.roles].sort().join(',') };
    case 'PARTNER':
      return { kind: ActorKind.PARTNER, id: principal.partnerId, purpose: `${principal.partnerKind}:${[...principal.scopes].sort().join(',')}` };
    case 'CUSTOMER':
      return { kind: ActorKind.CUSTOMER, id: principal.customerId, purpose: 'SELF' };
    case 'SYSTEM':
      return { kind: ActorKind.SYSTEM, id: null, purpose: principal.job };
    default:
      return { kind: ActorKind.SYSTEM, id: null, purpose: 'ANONYMOUS' };
  }
}

/** Whose reads are audited: staff and partners (§9.2). A customer reading their own data is not a disclosure. */
export function readsAreAudited(principal: Principal): boolean {
  return principal.kind === 'STAFF' || principal.kind === 'PARTNER';
}

/**
 * Collects the personal data a request reads, per customer, and writes it as
 * one INSERT when the request ends: one write per request, not one per field.
 */
export class AuditCollector {
  private readonly reads = new Map<string, Set<string>>();

  recordRead(customerId: string | null | undefined, coordinate: string): void {
    if (!customerId) return;
    let fields = this.reads.get(customerId);
    if (!fields) {
      fields = new Set();
      this.reads.set(customerId, fields);
    }
    fields.add(coordinate);
  }

  get pending(): number {
    return this.reads.size;
  }

  /** Customers whose data this request has read so far (partner disclosures, Art 15(1)(c)). */
  customersRead(): string[] {
    return [...this.reads.keys()];
  }

  async flush(em: () => EntityManager, principal: Principal, meta: { requestId: string; operation: string | null; at: Date }): Promise<void> {
    if (this.reads.size === 0) return;
    const subject = auditSubject(principal);
    // One entry per set of fields (issue 9): a staff page whose 100 customers were read with the
    // same fields is one entry naming them (customer_ids), not 100 rows through the chain trigger.
    // Entries come in the order their first customer was read, each naming its customers in read
    // order; a customer read alone keeps customer_id (migration 20261202090000).
    const groups = new Map<string, string[]>();
    for (const [customerId, fields] of this.reads) {
      const key = [...fields].sort().join(',');
      const group = groups.get(key);
      if (group) group.push(customerId);
      else groups.set(key, [customerId]);
    }
    this.reads.clear();
    // One statement of constant text (a prepared statement outside transactions): the entries
    // travel as three array parameters and are unnested in order, the chain's order.
    // Coordinates are schema names and ids are uuids (letters, digits, dots, underscores,
    // dashes): safe inside the quotes of an array literal.
    const fieldLists: string[] = [];
    const single: string[] = [];
    const several: string[] = [];
    for (const [fields, customers] of groups) {
      fieldLists.push(`"{${fields}}"`);
      single.push(customers.length === 1 ? customers[0] : 'NULL');
      several.push(customers.length === 1 ? 'NULL' : `"{${customers.join(',')}}"`);
    }
    await sqlRunner(em()).all(
      `insert into audit_entry (occurred_at, request_id, principal_kind, principal_id, customer_id, customer_ids, action, fields, purpose, operation)
       select ?::timestamptz, ?, ?::actor_kind, ?, r.customer_id, r.customer_ids::uuid[], 'READ'::audit_action, r.fields::text[], ?, ?
       from unnest(?::text[], ?::uuid[], ?::text[]) with ordinality as r(fields, customer_id, customer_ids, n) order by r.n`,
      [meta.at, meta.requestId, subject.kind, subject.id, subject.purpose, meta.operation, `{${fieldLists.join(',')}}`, `{${single.join(',')}}`, `{${several.join(',')}}`],
    );
  }
}

/**
 * Record a change of personal data in the same unit of work as the change
 * itself, so a change is never committed without its audit entry.
 */
export function auditChange(
  em: EntityManager,
  principal: Principal,
  meta: { requestId: string; at: Date; operation?: string | null },
  customerId: string,
  fields: readonly string[],
): void {
  createEntry(em, principal, meta, { customerId, subjectRequestId: null }, AuditAction.CHANGE, fields);
}

/** One audit row in the caller's unit of work, for a customer or (guests) the privacy request it answered. */
function createEntry(
  em: EntityManager,
  principal: Principal,
  meta: { requestId: string; at: Date; operation?: string | null },
  subjectOf: { customerId: string | null; subjectRequestId: string | null },
  action: AuditAction,
  fields: readonly string[],
): void {
  const subject = auditSubject(principal);
  em.create(AuditEntry, {
    occurredAt: meta.at,
    requestId: meta.requestId,
    principalKind: subject.kind,
    principalId: subject.id,
    customerId: subjectOf.customerId,
    subjectRequestId: subjectOf.subjectRequestId,
    action,
    fields: [...fields],
    purpose: subject.purpose,
    operation: meta.operation ?? null,
  });
}

/**
 * The same as auditChange for many customers at once, as one INSERT inside
 * the caller's transaction (set-based erasure and retention).
 */
export async function auditChanges(
  em: EntityManager,
  principal: Principal,
  meta: { requestId: string; at: Date; operation: string },
  customerIds: readonly string[],
  fields: readonly string[],
): Promise<void> {
  if (customerIds.length === 0) return;
  const subject = auditSubject(principal);
  await em.getConnection().execute(
    `insert into audit_entry (occurred_at, request_id, principal_kind, principal_id, customer_id, action, fields, purpose, operation)
     select ?, ?, ?::actor_kind, ?, id, 'CHANGE'::audit_action, ?::text[], ?, ? from unnest(?::uuid[]) as id`,
    [meta.at, meta.requestId, subject.kind, subject.id, `{${fields.join(',')}}`, subject.purpose, meta.operation, `{${customerIds.join(',')}}`],
    'all',
    em.getTransactionContext(),
  );
}

/**
 * A guest's export or erasure (issue 8 §4), audited like a customer's (§9.2):
 * a guest has no customer id and the audit holds no e-mail in clear, so the
 * entry names the privacy request it answered. In the caller's unit of work.
 */
export function auditGuestRequest(
  em: EntityManager,
  principal: Principal,
  meta: { requestId: string; at: Date; operation: string },
  privacyRequestId: string,
  action: AuditAction,
  fields: readonly string[],
): void {
  createEntry(em, principal, meta, { customerId: null, subjectRequestId: privacyRequestId }, action, fields);
}
