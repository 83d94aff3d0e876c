import { execute } from '../../core/db/sql';
import { countsBy, ErasureOutcomeKind, idArray, outcomesFor, type PersonalDataHandler } from '../../core/personal-data/registry';

/**
 * Who received or handled the data (§7, GDPR Art 15(1)(c)): recipients and
 * the access log. The log holds ids only and is kept for accountability (§9.2);
 * it is append-only in the database and so not erased.
 */
export const auditPersonalData: PersonalDataHandler = {
  domain: 'audit',
  entities: ['AuditEntry', 'PartnerNotice'],

  async export({ em }, subject) {
    const recipients = await execute(
      em,
      `select p.name, p.kind, p.country_code as "countryCode", min(a.occurred_at) as "firstReceivedAt", max(a.occurred_at) as "lastReceivedAt"
       from audit_entry a join partner p on p.id::text = a.principal_id
       where a.customer_id = ?::uuid and a.principal_kind = 'PARTNER' group by p.id order by p.name`,
      [subject.customerId],
    );
    const accesses = await execute(
      em,
      `select occurred_at as "at", principal_kind as "by", action, fields, purpose from audit_entry
       where customer_id = ?::uuid order by occurred_at`,
      [subject.customerId],
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
      await execute(em, 'select customer_id as "customerId", count(*) as n from audit_entry where customer_id = any(?::uuid[]) group by customer_id', [idArray(subjects)]),
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
