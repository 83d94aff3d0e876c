import { createHmac } from 'node:crypto';
import { execute } from '../../core/db/sql';
import { ErasureOutcomeKind, type ErasureOutcome, type PersonalDataHandler } from '../../core/personal-data/registry';

/** Keyed hash under which a withdrawal is kept after erasure: matches a later complaint from the same address, reveals nothing. */
export function consentSubjectHash(secret: string, email: string): string {
  return createHmac('sha256', secret).update(`consent-subject:${email.trim().toLowerCase()}`).digest('hex');
}

/** Marketing permissions and prohibitions (§4.1) and cookie choices (§10), as their history. */
export const consentsPersonalData: PersonalDataHandler = {
  domain: 'consents',
  entities: ['ConsentEvent'],

  async export({ em, subject }) {
    const records = await execute(
      em,
      `select purpose, granted, occurred_at as "occurredAt", source, actor_kind as "actorKind", notice_version as "noticeVersion",
         visitor_id is not null as "fromCookieBanner"
       from consent_event where customer_id = ?::uuid order by occurred_at, id`,
      [subject.customerId],
    );
    return [
      {
        category: 'Marketing permissions, prohibitions and cookie choices (history)',
        purposes: ['Telling about our services and targeting marketing, only with consent (§3.2, §10)'],
        legalBasis: 'Consent (§5.1); withdrawable at any time (§8.10)',
        retention: 'While the customer relationship lasts (§4.2); a withdrawal is kept as proof',
        records,
      },
    ];
  },

  async erase({ em, subject, settings }) {
    // §8.10: keep what proves a withdrawal, without contact data: detach it from the customer and the cookie id.
    let kept = 0;
    if (subject.email) {
      const detached = await execute(
        em,
        `update consent_event set customer_id = null, visitor_id = null, actor_id = null, subject_hash = ?
         where customer_id = ?::uuid and granted = false returning id`,
        [consentSubjectHash(settings.secret, subject.email), subject.customerId],
      );
      kept = detached.length;
    }
    const deleted = await execute(em, 'delete from consent_event where customer_id = ?::uuid returning id', [subject.customerId]);
    const outcomes: ErasureOutcome[] = [
      { category: 'Consents and cookie choices', outcome: ErasureOutcomeKind.ERASED, count: deleted.length, legalBasis: null, retainedUntil: null },
    ];
    if (kept > 0) {
      outcomes.push({
        category: 'Proof of withdrawn consents',
        outcome: ErasureOutcomeKind.ANONYMISED,
        count: kept,
        legalBasis: 'Kept without contact data to prove the withdrawal (GDPR Art 7(1), §8.10)',
        retainedUntil: null,
      });
    }
    return outcomes;
  },
};
