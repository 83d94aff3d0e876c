import type { MikroORM } from '@mikro-orm/postgresql';
import type { StaffRole } from '../../core/auth/principal';
import { OrderStatus } from '../orders/order.entity';
import { CustomerOrder } from '../orders/order.entity';
import { DeliveryAssignment } from '../partners/delivery-assignment.entity';
import { PartnerToken } from '../partners/partner-token.entity';
import { Partner, PartnerKindEnum } from '../partners/partner.entity';
import { issuePartnerToken, registerPartner } from '../partners/partners.service';
import { StaffUser } from '../staff/staff-user.entity';
import { createStaffUser } from '../staff/staff.service';
import { DEMO_CUSTOMER_PASSWORD } from './demo-data';

/*
 * Accounts for trying the permissions at once in demo mode (the embedded
 * default of `npm start`). They are created only in demo mode, which is never
 * on for a DATABASE_URL server unless DEMO_MODE=true is set explicitly.
 */

export const DEMO_STAFF_PASSWORD = 'demo-staff-password';
const DEMO_ROLES: readonly StaffRole[] = ['CUSTOMER_SERVICE', 'MARKETING', 'ACCOUNTING', 'PRIVACY_OFFICER', 'ADMIN'];
const DEMO_PARTNERS = [
  { name: 'Demo Kuljetus Oy', kind: PartnerKindEnum.LOGISTICS, scopes: ['ORDERS_DELIVERY', 'ORDERS_DELIVERY_STATUS'] },
  { name: 'Demo Tilitoimisto Oy', kind: PartnerKindEnum.ACCOUNTING, scopes: ['ORDERS_ACCOUNTING'] },
] as const;

export interface DemoAccounts {
  customers: { email: string; password: string }[];
  staff: { role: StaffRole; email: string; password: string }[];
  partners: { name: string; kind: string; token: string }[];
}

function demoStaffEmail(role: StaffRole): string {
  return `${role.toLowerCase().replace(/_/g, '-')}@demo.jasmin.fi`;
}

/**
 * Make sure a staff user of every role and a logistics and an accounting
 * partner exist, and issue the partners fresh tokens (the old demo tokens are
 * revoked: only hashes are stored, so a token can be shown only when issued).
 */
export async function ensureDemoAccounts(orm: MikroORM, now: Date): Promise<DemoAccounts> {
  const em = orm.em.fork();
  for (const role of DEMO_ROLES) {
    const email = demoStaffEmail(role);
    if (!(await em.findOne(StaffUser, { email }))) {
      await createStaffUser(em, { email, displayName: `Demo ${readableRole(role)}`, password: DEMO_STAFF_PASSWORD, roles: [role] }, now);
    }
  }
  const partners: DemoAccounts['partners'] = [];
  for (const demo of DEMO_PARTNERS) {
    let partner = await em.findOne(Partner, { name: demo.name });
    if (!partner) {
      const created = await registerPartner(em, { name: demo.name, kind: demo.kind, countryCode: 'FI', contractReference: 'DEMO-DPA-2024' }, now);
      partner = await em.findOneOrFail(Partner, { id: created.id });
    }
    await em.nativeUpdate(PartnerToken, { partner: partner.id, revokedAt: null }, { revokedAt: now });
    const issued = await issuePartnerToken(em, { partnerId: partner.id, scopes: [...demo.scopes], expiresInDays: 30 }, 'demo-mode', now);
    partners.push({ name: demo.name, kind: demo.kind, token: issued.token });
    if (demo.kind === PartnerKindEnum.LOGISTICS) {
      // Hand the open demo orders to the courier so its token has something to see.
      const open = await em.find(CustomerOrder, { status: { $in: [OrderStatus.PLACED, OrderStatus.PAID, OrderStatus.SHIPPED] } });
      for (const order of open) {
        if (!(await em.findOne(DeliveryAssignment, { order: order.id, partner: partner.id }))) {
          em.create(DeliveryAssignment, { order, partner, assignedAt: now, assignedBy: 'demo-mode' });
        }
      }
      await em.flush();
    }
  }
  return {
    customers: [
      { email: 'aino.virtanen@example.fi', password: DEMO_CUSTOMER_PASSWORD },
      { email: 'sanna.laine@example.fi', password: DEMO_CUSTOMER_PASSWORD },
    ],
    staff: DEMO_ROLES.map((role) => ({ role, email: demoStaffEmail(role), password: DEMO_STAFF_PASSWORD })),
    partners,
  };
}

export function describeDemoAccounts(accounts: DemoAccounts, graphqlUrl: string): string {
  const lines = [
    'Demo accounts (demo mode only; never created against a DATABASE_URL server):',
    '  Storefront customers — mutation { login(email: "…", password: "…") { token } }',
    ...accounts.customers.map((c) => `    ${c.email}  password: ${c.password}`),
    '  Admin-panel staff, one per role — mutation { staffLogin(email: "…", password: "…") { token } }',
    ...accounts.staff.map((s) => `    ${s.role.padEnd(16)} ${s.email}  password: ${s.password}`),
    '  Partner tokens (issued afresh at every start):',
    ...accounts.partners.map((p) => `    ${p.kind.padEnd(10)} ${p.name}: ${p.token}`),
    `  Send a token as the header  Authorization: Bearer <token>  to ${graphqlUrl}`,
  ];
  return lines.join('\n');
}

/** "CUSTOMER_SERVICE" → "Customer Service": a display name is a person's name and holds no symbols. */
function readableRole(role: string): string {
  return role
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}
