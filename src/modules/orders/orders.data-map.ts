import { defineTable, KEY, type ColumnDefaults, type ColumnOverrides } from '../../core/personal-data/map';

/*
 * Orders (§3.2, §4.1). What the Accounting Act needs stays as bookkeeping
 * material until the end of the financial year + 10 years (§8.9): number,
 * date, lines, totals, billing name and address. Contact and delivery details
 * are copies of the profile and go with it; on a guest order they belong to
 * the e-mail the order was placed with.
 */
const ORDER: ColumnDefaults = {
  subject: 'CUSTOMER',
  category: 'ORDER_CONTENT',
  restriction: 'NOT_RESTRICTED',
  purposes: ['ORDERS', 'CUSTOMER_SERVICE'],
  legalBasis: 'CONTRACT',
  retention: 'ACCOUNT_INACTIVITY',
  export: 'INCLUDED',
  erasure: 'KEEP',
  guest: true,
};

const BOOKKEEPING: ColumnOverrides = {
  category: 'BOOKKEEPING',
  purposes: ['ORDERS', 'BOOKKEEPING'],
  legalBasis: 'LEGAL_OBLIGATION',
  retention: 'BOOKKEEPING',
  erasure: 'KEEP_BOOKKEEPING',
};
/** A copy of the profile that goes on erasure (and after the §4.2 clock on a guest order). */
const CONTACT_COPY = (copyOf: ColumnOverrides['copyOf'], exportAs: string, category: ColumnOverrides['category'] = 'CONTACT'): ColumnOverrides => ({
  category,
  copyOf,
  restriction: 'RESTRICTED',
  erasure: 'ANONYMISE',
  retention: 'GUEST_CONTACT',
  exportAs,
});
const BILLING_COPY = (copyOf: ColumnOverrides['copyOf'], exportAs: string): ColumnOverrides => ({ ...BOOKKEEPING, copyOf, restriction: 'RESTRICTED', exportAs });

export const ORDERS_DATA_MAP = [
  defineTable(
    'customer_order',
    'orders',
    ORDER,
    {
      id: KEY,
      order_number: { ...BOOKKEEPING, exportAs: 'orderNumber' },
      customer_id: { ...KEY, erasure: 'ANONYMISE', export: { excluded: 'The subject itself (the export is theirs)' } },
      placed_at: { ...BOOKKEEPING, exportAs: 'placedAt' },
      status: {},
      currency: BOOKKEEPING,
      subtotal_cents: { ...BOOKKEEPING, exportAs: 'subtotalCents' },
      shipping_cents: { ...BOOKKEEPING, exportAs: 'shippingCents' },
      total_cents: { ...BOOKKEEPING, exportAs: 'totalCents' },
      billing_name: { ...BILLING_COPY(['firstName', 'lastName'], 'billing.name'), identifier: 'NAME', noticeCategory: 'NAME' },
      billing_email: { ...CONTACT_COPY(['email'], 'billing.email'), identifier: 'EMAIL', noticeCategory: 'EMAIL' },
      billing_phone: { ...CONTACT_COPY(['phone'], 'billing.phone'), identifier: 'PHONE', noticeCategory: 'PHONE' },
      billing_line1: { ...BILLING_COPY(['addresses'], 'billing.line1'), identifier: 'ADDRESS_LINE', noticeCategory: 'ADDRESS' },
      billing_line2: { ...BILLING_COPY(['addresses'], 'billing.line2'), identifier: 'ADDRESS_LINE', noticeCategory: 'ADDRESS' },
      billing_postal_code: { ...BILLING_COPY(['addresses'], 'billing.postalCode'), noticeCategory: 'ADDRESS' },
      billing_city: { ...BILLING_COPY(['addresses'], 'billing.city'), noticeCategory: 'ADDRESS' },
      billing_country_code: { ...BILLING_COPY(['addresses'], 'billing.countryCode'), noticeCategory: 'ADDRESS' },
      delivery_name: { ...CONTACT_COPY(['firstName', 'lastName'], 'delivery.name', 'IDENTITY'), identifier: 'NAME', noticeCategory: 'NAME' },
      delivery_email: { ...CONTACT_COPY(['email'], 'delivery.email'), identifier: 'EMAIL', noticeCategory: 'EMAIL' },
      delivery_phone: { ...CONTACT_COPY(['phone'], 'delivery.phone'), identifier: 'PHONE', noticeCategory: 'PHONE' },
      delivery_line1: { ...CONTACT_COPY(['addresses'], 'delivery.line1', 'ADDRESS'), identifier: 'ADDRESS_LINE', noticeCategory: 'ADDRESS' },
      delivery_line2: { ...CONTACT_COPY(['addresses'], 'delivery.line2', 'ADDRESS'), identifier: 'ADDRESS_LINE', noticeCategory: 'ADDRESS' },
      delivery_postal_code: { ...CONTACT_COPY(['addresses'], 'delivery.postalCode', 'ADDRESS'), noticeCategory: 'ADDRESS' },
      delivery_city: { ...CONTACT_COPY(['addresses'], 'delivery.city', 'ADDRESS'), noticeCategory: 'ADDRESS' },
      // The country alone identifies nobody; it decides the VAT treatment of the sale.
      delivery_country_code: { ...BOOKKEEPING, exportAs: 'delivery.countryCode', note: 'Country of delivery: VAT place of supply' },
      source: { category: 'TECHNICAL', note: 'Where the order came from (§6)' },
      created_at: { ...KEY, export: { excluded: 'Row bookkeeping; placedAt is the order date' } },
      updated_at: { ...KEY, export: { excluded: 'Time of the last change; the changes are exported' } },
      held_since: { ...KEY, export: { excluded: 'Set only once the account is erased and the order is kept as bookkeeping' } },
      retain_until: { ...KEY, export: { excluded: 'Set only once the order is kept as bookkeeping; the retention is stated per section' } },
      anonymised_at: { ...KEY, export: { excluded: 'Set only when the bookkeeping period has ended' } },
    },
    { subjectColumn: 'customer_id' },
  ),
  defineTable('order_line', 'orders', { ...ORDER, ...BOOKKEEPING } as ColumnDefaults, {
    id: { ...KEY, export: { excluded: 'Internal key' } },
    order_id: { ...KEY, export: { excluded: 'The order the line belongs to (lines are exported inside it)' } },
    line_no: { ...KEY, export: { excluded: 'Position of the line; the export keeps the order' } },
    product_code: { exportAs: 'lines.productCode', noticeCategory: 'ORDERED_PRODUCTS' },
    product_name: { exportAs: 'lines.productName', noticeCategory: 'ORDERED_PRODUCTS' },
    quantity: { exportAs: 'lines.quantity', noticeCategory: 'ORDERED_PRODUCTS' },
    unit_price_cents: { exportAs: 'lines.unitPriceCents', noticeCategory: 'ORDERED_PRODUCTS' },
  }),
  defineTable(
    'order_change',
    'orders',
    { ...ORDER, category: 'ORDER_CONTENT', erasure: 'KEEP' },
    {
      id: { ...KEY, export: { excluded: 'Internal key' } },
      order_id: { ...KEY, export: { excluded: 'The order the change belongs to (changes are exported inside it)' } },
      kind: { exportAs: 'changes.kind', noticeCategory: 'ORDERED_PRODUCTS' },
      // Staff write names and phone numbers into these notes every day: scrubbed on erasure.
      detail: { category: 'FREE_TEXT', erasure: 'SCRUB', exportAs: 'changes.detail', noticeCategory: 'ORDERED_PRODUCTS' },
      actor_kind: { exportAs: 'changes.by' },
      actor_id: { category: 'ACCOUNTABILITY', erasure: 'ANONYMISE', export: { excluded: 'Id of the employee or account that made the change' } },
      changed_at: { ...KEY, export: 'INCLUDED', exportAs: 'changes.at' },
    },
  ),
];
