import { execute } from '../../core/db/sql';
import { countsBy, ErasureOutcomeKind, idArray, outcomesFor, type PersonalDataHandler } from '../../core/personal-data/registry';

/** The storefront password and sessions (§9.3). Exported without any secret. */
export const identityPersonalData: PersonalDataHandler = {
  domain: 'identity',
  entities: ['CustomerCredential', 'Session'],

  async export({ em }, subject) {
    const sessions = await execute(
      em,
      `select created_at as "createdAt", expires_at as "expiresAt", revoked_at as "revokedAt", reauthenticated_at as "reauthenticatedAt" from session
       where customer_id = ?::uuid order by created_at`,
      [subject.customerId],
    );
    const [credential] = await execute(em, 'select updated_at as "passwordChangedAt" from customer_credential where customer_id = ?::uuid', [subject.customerId]);
    return [
      {
        category: 'Sign-in (password set, sessions)',
        purposes: ['Protecting access to personal data (§9.3)'],
        legalBasis: 'The customer relationship (§3.1)',
        retention: 'Sessions until they expire; the password while the account exists',
        records: [{ passwordSet: Boolean(credential), passwordChangedAt: credential?.passwordChangedAt ?? null, sessions }],
      },
    ];
  },

  async erase({ em }, subjects) {
    const ids = idArray(subjects);
    const sessions = countsBy(
      await execute(
        em,
        'with gone as (delete from session where customer_id = any(?::uuid[]) returning customer_id) select customer_id as "customerId", count(*) as n from gone group by customer_id',
        [ids],
      ),
    );
    const credentials = countsBy(
      await execute(
        em,
        'with gone as (delete from customer_credential where customer_id = any(?::uuid[]) returning customer_id) select customer_id as "customerId", count(*) as n from gone group by customer_id',
        [ids],
      ),
    );
    return outcomesFor(subjects, (id) => [
      { category: 'Password and sessions', outcome: ErasureOutcomeKind.ERASED, count: (sessions.get(id) ?? 0) + (credentials.get(id) ?? 0), legalBasis: null, retainedUntil: null },
    ]);
  },
};
