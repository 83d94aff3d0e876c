import { createHmac } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { hashPassword, requirePassword, verifyPassword } from '../../core/auth/passwords';
import { hashToken, newSessionToken } from '../../core/auth/tokens';
import { execute } from '../../core/db/sql';
import type { RequestContext } from '../../core/graphql/context';
import { coreErrors } from '../../core/graphql/errors';
import { attachVisitorChoices, requireVisitorId } from '../consents/consents.service';
import { Customer, CustomerStatus } from '../customers/customer.entity';
import { StaffUser } from '../staff/staff-user.entity';
import { CustomerCredential } from './customer-credential.entity';
import { Session, SessionSubject } from './session.entity';
import { EmailKind } from '../outbox/email-message.entity';
import { enqueueEmail, isoDate } from '../outbox/outbox.service';
import { identityErrors } from './identity.errors';

/*
 * Sign-in for customers (storefront) and staff (admin panel), §9.3.
 * Wrong password and unknown e-mail answer the same (LOGIN_FAILED), take the
 * same time (a decoy hash is verified), and count against the same throttle,
 * so none of them tells whether an account exists.
 */

/** ASVS 2.2.1: well under 100 failures an hour per account. */
export const ACCOUNT_FAILURE_LIMIT = { count: 10, windowMinutes: 15 };
/** Per client address: many accounts from one place. */
export const ADDRESS_FAILURE_LIMIT = { count: 100, windowMinutes: 60 };

/**
 * Sign-ups per client address (issue 10): each costs an argon2 hash and
 * creates a person, so a stranger may make only a few. Counted in
 * address_throttle_event under a keyed hash of the address, like login failures.
 */
export async function reserveSignUp(ctx: RequestContext): Promise<void> {
  const limit = ctx.settings.limits.signUpsPerAddressPerHour;
  const addressKey = throttleKey(ctx.settings.secret, 'address', ctx.clientAddress);
  const now = ctx.now();
  const since = new Date(now.getTime() - 60 * 60_000);
  await ctx.em.fork().transactional(async (em) => {
    await execute(em, 'select pg_advisory_xact_lock(hashtext(?))', [`signup:${addressKey}`]);
    const [row] = await execute<{ count: string; oldest: string | null }>(
      em,
      `select count(*) as count, min(at) as oldest from address_throttle_event where bucket = 'SIGNUP' and address_key = ? and at > ?`,
      [addressKey, since],
    );
    if (Number(row.count) >= limit) {
      const retryAfterMinutes = Math.max(1, Math.ceil((new Date(row.oldest ?? now).getTime() + 60 * 60_000 - now.getTime()) / 60_000));
      throw identityErrors.error('SIGNUP_THROTTLED', { details: { retryAfterMinutes } });
    }
    // This address's rows past the window are of no use any more; the table stays small without a housekeeping pass.
    await execute(em, `delete from address_throttle_event where bucket = 'SIGNUP' and address_key = ? and at <= ?`, [addressKey, since]);
    await execute(em, `insert into address_throttle_event (bucket, address_key, at) values ('SIGNUP', ?, ?)`, [addressKey, now]);
  });
}

export interface IssuedSession {
  token: string;
  expiresAt: Date;
}

export function throttleKey(secret: string, kind: 'account' | 'address', value: string): string {
  return createHmac('sha256', secret).update(`${kind}:${value}`).digest('hex');
}

/**
 * Check the throttle and reserve a failure in one locked step: concurrent
 * attempts on one account or address queue on advisory locks, so a burst of
 * parallel guesses cannot all slip under the limit. The reservation is
 * removed again if the password turns out right.
 */
async function reserveAttempt(ctx: RequestContext, accountKey: string, addressKey: string): Promise<string> {
  const now = ctx.now();
  const accountSince = new Date(now.getTime() - ACCOUNT_FAILURE_LIMIT.windowMinutes * 60_000);
  const addressSince = new Date(now.getTime() - ADDRESS_FAILURE_LIMIT.windowMinutes * 60_000);
  return ctx.em.fork().transactional(async (em) => {
    // Always account first, then address: one order, no deadlock.
    await execute(em, 'select pg_advisory_xact_lock(hashtext(?)), pg_advisory_xact_lock(hashtext(?))', [`login:${accountKey}`, `login:${addressKey}`]);
    const [row] = await execute<{ account: string; address: string; accountOldest: string | null; addressOldest: string | null }>(
      em,
      `select (select count(*) from login_failure where account_key = ? and at > ?) as account,
              (select min(at) from login_failure where account_key = ? and at > ?) as "accountOldest",
              (select count(*) from login_failure where address_key = ? and at > ?) as address,
              (select min(at) from login_failure where address_key = ? and at > ?) as "addressOldest"`,
      [accountKey, accountSince, accountKey, accountSince, addressKey, addressSince, addressKey, addressSince],
    );
    const blockedUntil = [
      Number(row.account) >= ACCOUNT_FAILURE_LIMIT.count && row.accountOldest ? new Date(row.accountOldest).getTime() + ACCOUNT_FAILURE_LIMIT.windowMinutes * 60_000 : 0,
      Number(row.address) >= ADDRESS_FAILURE_LIMIT.count && row.addressOldest ? new Date(row.addressOldest).getTime() + ADDRESS_FAILURE_LIMIT.windowMinutes * 60_000 : 0,
    ].reduce((a, b) => Math.max(a, b), 0);
    if (blockedUntil > 0) {
      throw identityErrors.error('LOGIN_THROTTLED', { details: { retryAfterMinutes: Math.max(1, Math.ceil((blockedUntil - now.getTime()) / 60_000)) } });
    }
    const [reserved] = await execute<{ id: string }>(em, 'insert into login_failure (account_key, address_key, at) values (?, ?, ?) returning id', [accountKey, addressKey, now]);
    return reserved.id;
  });
}

export function issueSession(em: EntityManager, subject: { customer?: Customer; staff?: StaffUser }, now: Date, hours: number): IssuedSession {
  const token = newSessionToken();
  const expiresAt = new Date(now.getTime() + hours * 3_600_000);
  em.create(Session, {
    tokenHash: hashToken(token),
    subject: subject.customer ? SessionSubject.CUSTOMER : SessionSubject.STAFF,
    customer: subject.customer ?? null,
    staff: subject.staff ?? null,
    createdAt: now,
    expiresAt,
  });
  return { token, expiresAt };
}

/** Store a new customer's password (caller flushes with the customer). */
export async function setCustomerPassword(em: EntityManager, customer: Customer, field: string, password: string, now: Date): Promise<void> {
  const passwordHash = await hashPassword(requirePassword(field, password));
  em.create(CustomerCredential, { customer, passwordHash, updatedAt: now });
}

async function signIn<T>(
  ctx: RequestContext,
  email: string,
  password: string,
  clientAddress: string,
  lookup: (normalisedEmail: string) => Promise<{ subject: T; passwordHash: string } | null>,
): Promise<T> {
  const normalised = email.trim().toLowerCase();
  const accountKey = throttleKey(ctx.settings.secret, 'account', normalised);
  const addressKey = throttleKey(ctx.settings.secret, 'address', clientAddress);
  const reservation = await reserveAttempt(ctx, accountKey, addressKey);
  const found = await lookup(normalised);
  const valid = await verifyPassword(found?.passwordHash ?? null, password);
  if (!found || !valid) throw identityErrors.error('LOGIN_FAILED');
  await execute(ctx.em.fork(), 'delete from login_failure where id = ?', [reservation]);
  return found.subject;
}

export async function loginCustomer(
  ctx: RequestContext,
  email: string,
  password: string,
  clientAddress: string,
  visitorId: string | null = null,
): Promise<IssuedSession & { customerId: string }> {
  if (visitorId !== null) requireVisitorId('visitorId', visitorId);
  const customer = await signIn(ctx, email, password, clientAddress, async (normalised) => {
    const credential = await ctx.em.findOne(CustomerCredential, { customer: { email: normalised, status: CustomerStatus.ACTIVE } }, { populate: ['customer'] });
    return credential ? { subject: credential.customer, passwordHash: credential.passwordHash } : null;
  });
  const now = ctx.now();
  // Signing in is activity: the §4.2 two-year clock starts again.
  customer.lastActivityAt = now;
  const session = issueSession(ctx.em, { customer }, now, ctx.settings.customerSessionHours);
  if (visitorId !== null) await attachVisitorChoices(ctx.em, visitorId, customer.id);
  await ctx.em.flush();
  return { ...session, customerId: customer.id };
}

export async function loginStaff(ctx: RequestContext, email: string, password: string, clientAddress: string): Promise<IssuedSession & { staffId: string }> {
  const staff = await signIn(ctx, email, password, clientAddress, async (normalised) => {
    const user = await ctx.em.findOne(StaffUser, { email: normalised, active: true });
    return user ? { subject: user, passwordHash: user.passwordHash } : null;
  });
  const now = ctx.now();
  staff.lastLoginAt = now;
  const session = issueSession(ctx.em, { staff }, now, ctx.settings.staffSessionHours);
  await ctx.em.flush();
  return { ...session, staffId: staff.id };
}

/** A staff user's every session stops working on its next request (the staff module deactivates the user). */
export async function revokeStaffSessions(em: EntityManager, staffId: string, at: Date): Promise<void> {
  await em.nativeUpdate(Session, { staff: staffId, revokedAt: null }, { revokedAt: at });
}

/** End the session the request was made with. */
export async function logout(ctx: RequestContext): Promise<boolean> {
  const p = ctx.principal;
  if ((p.kind !== 'CUSTOMER' && p.kind !== 'STAFF') || !('sessionId' in p) || !p.sessionId) {
    throw coreErrors.error('UNAUTHENTICATED');
  }
  await ctx.em.nativeUpdate(Session, { id: p.sessionId, revokedAt: null }, { revokedAt: ctx.now() });
  return true;
}

/** End every session of the signed-in customer or staff user ("log out everywhere"). */
export async function logoutEverywhere(ctx: RequestContext): Promise<number> {
  const p = ctx.principal;
  if (p.kind === 'CUSTOMER') return ctx.em.nativeUpdate(Session, { customer: p.customerId, revokedAt: null }, { revokedAt: ctx.now() });
  if (p.kind === 'STAFF') return ctx.em.nativeUpdate(Session, { staff: p.staffId, revokedAt: null }, { revokedAt: ctx.now() });
  throw coreErrors.error('UNAUTHENTICATED');
}

/**
 * How recently the password must have been entered for storefront export and
 * erasure: a stolen or forgotten-open session alone cannot take a person's
 * data or erase the account. Signing in counts as entering it.
 */
export const REAUTHENTICATION_MINUTES = 5;

/** The signed-in customer enters the password again (throttled like a sign-in); the session counts as fresh for a few minutes. */
export async function reauthenticateCustomer(ctx: RequestContext, password: string): Promise<Date> {
  const p = ctx.principal;
  if (p.kind !== 'CUSTOMER' || !p.sessionId) throw coreErrors.error('UNAUTHENTICATED');
  const credential = await ctx.em.findOne(CustomerCredential, { customer: { id: p.customerId, status: CustomerStatus.ACTIVE } }, { populate: ['customer'] });
  const email = credential?.customer.email ?? p.customerId;
  await signIn(ctx, email, password, ctx.clientAddress, async () => (credential ? { subject: credential.customer, passwordHash: credential.passwordHash } : null));
  const now = ctx.now();
  await ctx.em.nativeUpdate(Session, { id: p.sessionId, customer: p.customerId, revokedAt: null }, { reauthenticatedAt: now });
  return new Date(now.getTime() + REAUTHENTICATION_MINUTES * 60_000);
}

/** Refuse with REAUTHENTICATION_REQUIRED unless the password was entered in this session within the last few minutes. */
export async function requireRecentAuthentication(ctx: RequestContext): Promise<void> {
  const p = ctx.principal;
  if (p.kind !== 'CUSTOMER') throw coreErrors.error('FORBIDDEN', { message: 'Only a signed-in customer can do this' });
  const since = new Date(ctx.now().getTime() - REAUTHENTICATION_MINUTES * 60_000);
  const [row] = p.sessionId
    ? await execute<{ fresh: boolean }>(ctx.em, 'select greatest(created_at, coalesce(reauthenticated_at, created_at)) >= ? as fresh from session where id = ?', [
        since,
        p.sessionId,
      ])
    : [];
  if (!row?.fresh) {
    throw identityErrors.error('REAUTHENTICATION_REQUIRED', {
      message: `Enter your password again (reauthenticate) to continue; it counts for ${REAUTHENTICATION_MINUTES} minutes`,
    });
  }
}

/**
 * Someone signed up with an address that already has an account: the owner
 * of the address is told by e-mail (the sign-up form itself need not say
 * whether the address is registered). At most one such message per account
 * and day (dedupe key), so the form cannot be used to flood a mailbox.
 * Written in its own transaction: the sign-up that triggered it failed.
 */
export async function notifyEmailAlreadyRegistered(ctx: RequestContext, email: string): Promise<void> {
  const em = ctx.em.fork();
  const existing = await em.findOne(Customer, { email: email.trim().toLowerCase(), status: CustomerStatus.ACTIVE }, { fields: ['id'] });
  if (!existing) return;
  const now = ctx.now();
  enqueueEmail(
    { em, now: ctx.now },
    {
      kind: EmailKind.ACCOUNT_EXISTS,
      to: { customerId: existing.id },
      params: { signInUrl: `${ctx.settings.publicUrl}/` },
      dedupeKey: `account-exists:${existing.id}:${isoDate(now)}`,
    },
  );
  try {
    await em.flush();
  } catch (error) {
    // Already told today: the dedupe key holds.
    if (!(error instanceof Error && /email_outbox_dedupe_key_unique/.test(error.message))) throw error;
  }
}
