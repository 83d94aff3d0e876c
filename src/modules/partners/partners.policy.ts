import type { PolicyMap } from '../../core/auth/policy';
import { partner, staff } from '../../core/auth/rules';

/**
 * The processor register is the admin's (§7.2); handing an order to a courier
 * is customer service's; a logistics token reaches only DeliveryOrder, never
 * Customer, Order, consents or marketing data (§7.3, §7.4).
 */
export const partnersPolicy: PolicyMap = {
  Query: {
    partners: staff('ADMIN', 'PRIVACY_OFFICER'),
    deliveryOrders: partner('ORDERS_DELIVERY'),
  },
  Mutation: {
    registerPartner: staff('ADMIN'),
    issuePartnerToken: staff('ADMIN'),
    revokePartnerToken: staff('ADMIN'),
    assignDelivery: staff('CUSTOMER_SERVICE'),
    reportDeliveryStatus: partner('ORDERS_DELIVERY_STATUS'),
  },
  Partner: { '*': staff('ADMIN', 'PRIVACY_OFFICER'), tokens: staff('ADMIN') },
  PartnerToken: staff('ADMIN'),
  IssuedPartnerToken: staff('ADMIN'),
  DeliveryOrderConnection: partner('ORDERS_DELIVERY'),
  DeliveryOrderEdge: partner('ORDERS_DELIVERY'),
  DeliveryOrder: partner('ORDERS_DELIVERY'),
  DeliveryLine: partner('ORDERS_DELIVERY'),
};
