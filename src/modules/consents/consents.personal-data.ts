import { createHmac } from 'node:crypto';
import { execute } from '../../core/db/sql';
import { countsBy, ErasureOutcomeKind, idArray, outcomesFor, type PersonalDataHandler } from '../../core/personal-data/registry';

/** Keyed hash under which a withdrawal is kept after erasure: matches a later complaint from the same address, reveals nothing. */
export function consentSubjectHash(secret: string, email: string): string {
  return createHmac('sha256', secret).update(`consent-subject:${email.trim().toLowerCase()}`).digest('hex');
}

/** Marketing permissions and prohibitions (§4.1) and cookie choices (§10), as their history. */
export const consentsPersonalData: PersonalDataHandler = {
  domain: 'consents',
  entities: ['ConsentEvent'],

  async export({ em }, subject) {
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

  async erase({ em, settings }, subjects) {
    // §8.10: keep what proves a withdrawal, without contact data: detach it from the customer and
    // the cookie id, under a keyed hash of the e-mail (one statement for every subject).
    const hashes = `{${subjects.map((s) => (s.email ? consentSubjectHash(settings.secret, s.email) : 'NULL')).join(',')}}`;
    const kept = countsBy(
      await execute(
        em,
        `with kept as (
           update consent_event e set customer_id = null, visitor_id = null, actor_id = null, subject_hash = s.hash
           from unnest(?::uuid[], ?::text[]) as s(id, hash)
           where e.customer_id = s.id and e.granted = false and s.hash is not null returning s.id)
         select id as "customerId", count(*) as n from kept group by id`,
        [idArray(subjects), hashes],
      ),
    );
    const deleted = countsBy(
      await execute(
        em,
        'with gone as (delete from consent_event where customer_id = any(?::uuid[]) returning customer_id) select customer_id as "customerId", count(*) as n from gone group by customer_id',
        [idArray(subjects)],
      ),
    );
    return outcomesFor(subjects, (id) => [
      { category: 'Consents and cookie choices', outcome: ErasureOutcomeKind.ERASED, count: deleted.get(id) ?? 0, legalBasis: null, retainedUntil: null },
      kept.has(id)
        ? {
            category: 'Proof of withdrawn consents',
            outcome: ErasureOutcomeKind.ANONYMISED,
            count: kept.get(id)!,
            legalBasis: 'Kept without contact data to prove the withdrawal (GDPR Art 7(1), §8.10)',
            retainedUntil: null,
          }
        : null,
    ]);
  },
};
