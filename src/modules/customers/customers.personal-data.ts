import { execute } from '../../core/db/sql';
import { countsBy, ErasureOutcomeKind, idArray, outcomesFor, type PersonalDataHandler } from '../../core/personal-data/registry';

/** The profile and its addresses (§2.1, §4.1). Erased last: deleting the customer row ends the account. */
export const customersPersonalData: PersonalDataHandler = {
  domain: 'customers',
  entities: ['Customer', 'Address'],

  async export({ em }, subject) {
    const profile = await execute(
      em,
      `select id, first_name as "firstName", last_name as "lastName", email, phone, status, source,
         created_at as "createdAt", last_activity_at as "lastActivityAt", language from customer where id = ?::uuid`,
      [subject.customerId],
    );
    const addresses = await execute(
      em,
      `select kind, line1, line2, postal_code as "postalCode", city, country_code as "countryCode", source, created_at as "createdAt"
       from address where customer_id = ?::uuid order by created_at`,
      [subject.customerId],
    );
    const common = {
      purposes: ['Managing the customer relationship and communicating with the customer (§3.2)', 'Webshop orders and deliveries (§3.2)'],
      legalBasis: 'The customer relationship and consent (§3.1, §5.1)',
      retention: 'While the customer relationship lasts; deleted after two years unused unless another basis exists (§4.2)',
    };
    return [
      { category: 'Customer profile', ...common, records: profile },
      { category: 'Addresses', ...common, records: addresses },
    ];
  },

  async erase({ em }, subjects) {
    const ids = idArray(subjects);
    const addresses = countsBy(await execute(em, 'select customer_id as "customerId", count(*) as n from address where customer_id = any(?::uuid[]) group by customer_id', [ids]));
    // The rows' foreign keys cascade to what is left: addresses, sessions, credentials.
    await execute(em, 'delete from customer where id = any(?::uuid[])', [ids]);
    return outcomesFor(subjects, (id) => [
      { category: 'Customer profile (name, e-mail, phone, account)', outcome: ErasureOutcomeKind.ERASED, count: 1, legalBasis: null, retainedUntil: null },
      { category: 'Addresses', outcome: ErasureOutcomeKind.ERASED, count: addresses.get(id) ?? 0, legalBasis: null, retainedUntil: null },
    ]);
  },
};
