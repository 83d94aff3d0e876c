import type { PersonalDataHandler } from '../../core/personal-data/registry';

/**
 * Which partner an order was handed to (§7.4). The assignment holds keys
 * only (order, partner, the employee who handed it over): it is exported with
 * each order as `deliveredBy`, the partners' names, which the orders module
 * asks of this module (partners.directory.ts, deliveryPartnersOfOrders), and
 * it stays with the order as the record of the disclosure, as long as the
 * order is kept as bookkeeping (§8.9). Once the order has lost its customer
 * and contact data the assignment identifies nobody, so erasure has nothing
 * to do here and answers no category of its own.
 */
export const partnersPersonalData: PersonalDataHandler = {
  domain: 'partners',
  entities: ['DeliveryAssignment'],

  async export() {
    return [];
  },

  async erase(_ctx, subjects) {
    return new Map(subjects.map((s) => [s.customerId, []]));
  },
};
