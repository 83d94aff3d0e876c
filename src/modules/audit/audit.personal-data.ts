import { execute } from '../../core/db/sql';
import { aboutAnyCustomer, aboutCustomer, namedCustomers } from './audit.subjects.sql';
import { partnersByIds } from '../partners/partners.directory';
import { countsBy, ErasureOutcomeKind, idArray, outcomesFor, type PersonalDataHandler } from '../../core/personal-data/registry';

/**
 * Who received or handled the data (§7, GDPR Art 15(1)(c)): recipients and
 * the access log. The log holds ids only and is kept for accountability (§9.2);
 * it is append-only in the database and so not erased.
 */
export const auditPersonalData: PersonalDataHandler = {
  domain: 'audit',
  entities: ['AuditEntry'],

  async export({ em }, subject) {
    const disclosures = await execute<{ partnerId: string; firstReceivedAt: string; lastReceivedAt: string }>(
      em,
      `select a.principal_id as "partnerId", min(a.occurred_at) as "firstReceivedAt", max(a.occurred_at) as "lastReceivedAt"
       from audit_entry a where ${aboutCustomer('a')} and a.principal_kind = 'PARTNER' group by a.principal_id`,
      [subject.customerId, subject.customerId],
    );
    // The partners' names are the partners module's to answer (§7.4).
    const byId = new Map(disclosures.map((d) => [d.partnerId, d]));
    const recipients = (await partnersByIds(em, [...byId.keys()])).map((p) => ({
      name: p.name,
      kind: p.kind,
      countryCode: p.countryCode,
      firstReceivedAt: byId.get(p.id)!.firstReceivedAt,
      lastReceivedAt: byId.get(p.id)!.lastReceivedAt,
    }));
    const accesses = await execute(
      em,
      `select a.occurred_at as "at", a.principal_kind as "by", a.action, a.fields, a.purpose from audit_entry a
       where ${aboutCustomer('a')} order by a.occurred_at, a.id`,
      [subject.customerId, subject.customerId],
    );
    return [
      {
        category: 'Recipients of your data (partners, §7.4)',
        purposes: ['Delivering orders and keeping the books (§7.4)'],
        legalBasis: 'The purchase contract and the Accounting Act (§7.4)',
        retention: 'The record of disclosures is kept for accountability (§9.2)',
        records: recipients,
      },
      {
        category: 'Who has read or changed your data',
        purposes: ['Security and accountability (§9.2)'],
        legalBasis: 'GDPR Art 5(2) and Art 32',
        retention: 'Kept for accountability; holds ids only',
        records: accesses,
      },
    ];
  },

  async erase({ em }, subjects) {
    const counts = countsBy(
      await execute(
        em,
        `select named.customer_id as "customerId", count(*) as n from audit_entry a ${namedCustomers('a')}
         where ${aboutAnyCustomer('a')} and named.customer_id = any(?::uuid[]) group by named.customer_id`,
        [idArray(subjects), idArray(subjects), idArray(subjects)],
      ),
    );
    return outcomesFor(subjects, (id) => [
      {
        category: 'Access log (ids only, no personal details)',
        outcome: ErasureOutcomeKind.RETAINED,
        count: counts.get(id) ?? 0,
        legalBasis: 'Accountability and security of processing (GDPR Art 5(2), Art 32; §9.2)',
        retainedUntil: null,
      },
    ]);
  },
};
