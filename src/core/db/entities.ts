import { Address } from '../../modules/customers/address.entity';
import { Customer } from '../../modules/customers/customer.entity';
import { ConsentEvent } from '../../modules/consents/consent-event.entity';
import { LoyaltyMembership } from '../../modules/loyalty/loyalty-membership.entity';
import { CustomerOrder } from '../../modules/orders/order.entity';
import { OrderChange } from '../../modules/orders/order-change.entity';
import { OrderLine } from '../../modules/orders/order-line.entity';
import { OrderParty } from '../../modules/orders/order-party.embeddable';
import { PrivacyNotice } from '../../modules/privacy-notice/privacy-notice.entity';

/** Every entity, as class references (globs do not survive bundling or jest). */
export const ENTITIES = [
  Customer,
  Address,
  LoyaltyMembership,
  CustomerOrder,
  OrderLine,
  OrderParty,
  OrderChange,
  ConsentEvent,
  PrivacyNotice,
];
