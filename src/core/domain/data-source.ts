import { registerEnumType } from 'type-graphql';

/**
 * Where a piece of personal data came from (§6.1, §6.2). Every record that
 * holds personal data carries one, so an access export (§8.1) can say where
 * each piece came from.
 */
export enum DataSource {
  /** §6.1: placed an order in the webshop. */
  WEBSHOP_ORDER = 'WEBSHOP_ORDER',
  /** §6.1: registered as a customer in the storefront. */
  REGISTRATION = 'REGISTRATION',
  /** §6.1: subscribed to the newsletter. */
  NEWSLETTER = 'NEWSLETTER',
  /** §6.1: sent it by e-mail. */
  EMAIL = 'EMAIL',
  /** §6.1: told it on the phone. */
  PHONE = 'PHONE',
  /** §6.1: through a social-media service. */
  SOCIAL_MEDIA = 'SOCIAL_MEDIA',
  /** §6.1: handed it over in a customer meeting. */
  CUSTOMER_MEETING = 'CUSTOMER_MEETING',
  /** §6.2: entered manually by customer service or sales. */
  MANUAL_ENTRY = 'MANUAL_ENTRY',
}

registerEnumType(DataSource, {
  name: 'DataSource',
  description: 'Where a piece of personal data came from (privacy statement §6).',
  valuesConfig: {
    WEBSHOP_ORDER: { description: '§6.1: an order placed in the webshop.' },
    REGISTRATION: { description: '§6.1: the customer registered in the storefront.' },
    NEWSLETTER: { description: '§6.1: the customer subscribed to the newsletter.' },
    EMAIL: { description: '§6.1: the customer sent it by e-mail.' },
    PHONE: { description: '§6.1: the customer told it on the phone.' },
    SOCIAL_MEDIA: { description: '§6.1: through a social-media service.' },
    CUSTOMER_MEETING: { description: '§6.1: handed over in a customer meeting.' },
    MANUAL_ENTRY: { description: '§6.2: entered manually by customer service or sales.' },
  },
});
