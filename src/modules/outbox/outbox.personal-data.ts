import { execute } from '../../core/db/sql';
import { countsBy, ErasureOutcomeKind, idArray, outcomesFor, type PersonalDataHandler } from '../../core/personal-data/registry';

/**
 * The e-mail outbox: a message holds an address only until it is sent
 * (then the address and the contents go); what stays is which message was
 * sent when, the proof that the person was told (Art 5(2), Art 12).
 */
export const outboxPersonalData: PersonalDataHandler = {
  domain: 'outbox',
  entities: ['EmailMessage'],

  async export({ em }, subject) {
    const records = await execute(
      em,
      `select kind, status, created_at as "queuedAt", sent_at as "sentAt", request_id as "requestId"
       from email_outbox where customer_id = ?::uuid order by created_at`,
      [subject.customerId],
    );
    return [
      {
        category: 'E-mails sent to you',
        purposes: ['Answering your requests and telling you what the law requires (§8, §11.1)'],
        legalBasis: 'Legal obligation (GDPR Art 12, Art 18(3), Art 19)',
        retention: 'The address until the message is sent; the record of sending as long as the request record',
        records,
      },
    ];
  },

  /**
   * Messages not yet sent are cancelled and lose their address: the person is
   * gone. The erasure receipt itself is queued after this, with the address
   * copied, and loses it when sent.
   */
  async erase({ em }, subjects) {
    const cancelled = countsBy(
      await execute(
        em,
        `with gone as (
           update email_outbox set status = 'CANCELLED', to_address = null, params = null
           where customer_id = any(?::uuid[]) and status = 'PENDING' returning customer_id)
         select customer_id as "customerId", count(*) as n from gone group by customer_id`,
        [idArray(subjects)],
      ),
    );
    return outcomesFor(subjects, (id) => [
      cancelled.has(id) ? { category: 'E-mails not yet sent', outcome: ErasureOutcomeKind.ERASED, count: cancelled.get(id)!, legalBasis: null, retainedUntil: null } : null,
    ]);
  },
};
