import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { execute } from '../../core/db/sql';
import type { RequestContext } from '../../core/graphql/context';
import { badInput, notFound } from '../../core/graphql/errors';
import { normaliseEmail, normalisePhone, optionalText, requireCountryCode, requirePersonName, requireText } from '../../core/validation/validators';
import { auditChange } from '../audit/audit.collector';
import { Address } from '../customers/address.entity';
import { Customer } from '../customers/customer.entity';
import { actorOf } from '../../core/domain/actor';
import { getCustomer } from '../customers/customers.service';
import type { CustomerView } from '../customers/customers.types';
import { queueRecipientNotices } from '../notifications/notifications.service';
import { notifyEmailAlreadyRegistered } from '../identity/identity.service';
import { lockCustomerRow } from '../customers/customer-lock';
import { PartnerNoticeKind } from '../notifications/partner-notice.entity';
import { PrivacyRequest, PrivacyRequestStatus, PrivacyRequestType } from '../privacy-requests/privacy-request.entity';
import { customerOf, markCompleted, openStorefrontRequest, requireOpenRequest } from '../privacy-requests/privacy-requests.service';
import { EmailKind } from '../outbox/email-message.entity';
import { enqueueEmail } from '../outbox/outbox.service';
import { Rectification } from './rectification.entity';
import type { RectifyProfileInput } from './rectification.inputs';
import { customerErrors } from '../customers/customers.errors';
import { privacyRequestErrors } from '../privacy-requests/privacy-requests.errors';

/**
 * Rectification (§8.2): apply the corrections, record each changed field
 * (when, by whom, on which request), audit the change and queue an Art 19
 * notice for every recipient that received this customer's data — all in one
 * transaction with the request's completion.
 */
async function applyRectification(
  ctx: RequestContext,
  customerId: string,
  input: RectifyProfileInput,
  requestIn: (txCtx: RequestContext) => Promise<PrivacyRequest>,
  options: { selfService: boolean },
): Promise<CustomerView> {
  const now = ctx.now();
  const changed: string[] = [];
  let emailOwner: string | null = null;
  await ctx.em.transactional(async (em) => {
    const txCtx = { ...ctx, em };
    // Serialised per person (issue 10): the customer row is locked before anything is read or
    // written, so concurrent corrections queue; each then sees the one before it committed.
    if (!(await lockCustomerRow(em, customerId))) throw notFound('customerId', 'Customer');
    const request = await requestIn(txCtx);
    const customer = await em.findOne(Customer, { id: customerId }, { refresh: true });
    if (!customer) throw notFound('customerId', 'Customer');
    if (input.firstName !== undefined && input.firstName !== null) {
      const value = requirePersonName('input.firstName', input.firstName);
      if (value !== customer.firstName) (customer.firstName = value), changed.push('firstName');
    }
    if (input.lastName !== undefined && input.lastName !== null) {
      const value = requirePersonName('input.lastName', input.lastName);
      if (value !== customer.lastName) (customer.lastName = value), changed.push('lastName');
    }
    const previousEmail = customer.email;
    if (input.email !== undefined && input.email !== null) {
      const value = normaliseEmail('input.email', input.email);
      if (value !== customer.email) {
        const [owner] = options.selfService ? await execute<{ id: string }>(em, 'select id from customer where email = ? and id <> ?::uuid', [value, customerId]) : [];
        if (owner) {
          // No enumeration (issue 10): a customer moving to an address another customer has is
          // not told so; the address stays as it was, the owner of the address is told instead.
          emailOwner = value;
        } else {
          customer.email = value;
          changed.push('email');
        }
      }
    }
    if (changed.includes('email')) {
      // Both addresses are told: the old one (copied; gone once sent) in case the change was not theirs.
      if (previousEmail) enqueueEmail(txCtx, { kind: EmailKind.EMAIL_CHANGE_CONFIRMATION, to: { address: previousEmail, language: customer.language, customerId } });
      enqueueEmail(txCtx, { kind: EmailKind.EMAIL_CHANGE_CONFIRMATION, to: { customerId } });
    }
    if (input.phone !== undefined && input.phone !== null) {
      const value = input.phone.trim() === '' ? null : normalisePhone('input.phone', input.phone);
      if (value !== customer.phone) (customer.phone = value), changed.push('phone');
    }
    if (input.addresses) {
      const addresses = input.addresses.map((address, index) => {
        const field = `input.addresses.${index}`;
        return {
          kind: address.kind,
          line1: requireText(`${field}.line1`, address.line1, 200),
          line2: optionalText(`${field}.line2`, address.line2, 200),
          postalCode: requireText(`${field}.postalCode`, address.postalCode, 20),
          city: requireText(`${field}.city`, address.city, 100),
          countryCode: requireCountryCode(`${field}.countryCode`, address.countryCode),
        };
      });
      // A form that always sends the addresses is no correction unless they differ.
      const current = await execute<(typeof addresses)[number]>(
        em,
        `select kind, line1, line2, postal_code as "postalCode", city, country_code as "countryCode" from address where customer_id = ?::uuid`,
        [customerId],
      );
      const key = (a: (typeof addresses)[number]) => JSON.stringify([a.kind, a.line1, a.line2 ?? null, a.postalCode, a.city, a.countryCode]);
      const same = current.length === addresses.length && JSON.stringify(current.map(key).sort()) === JSON.stringify(addresses.map(key).sort());
      if (!same) {
        await execute(em, 'delete from address where customer_id = ?::uuid', [customerId]);
        const source = customer.source;
        for (const address of addresses) em.create(Address, { ...address, customer, source, createdAt: now });
        changed.push('addresses');
      }
    }
    if (changed.length === 0 && emailOwner === null) throw badInput('input', 'Nothing to correct: every given value is already on the profile');
    // The owner of the address is told by e-mail (its own transaction, at most once a day).
    if (emailOwner !== null) await notifyEmailAlreadyRegistered(txCtx, emailOwner);
    // Nothing changed (only a taken e-mail was asked for): the profile stays exactly as it was.
    if (changed.length > 0) {
      customer.updatedAt = now;
      customer.lastActivityAt = now;
    }
    const actor = actorOf(ctx.principal);
    for (const field of changed) {
      em.create(Rectification, { customerId, field, changedAt: now, actorKind: actor.kind, actorId: actor.id, requestId: request.id });
    }
    auditChange(
      em,
      ctx.principal,
      { requestId: ctx.requestId, at: now, operation: 'rectification' },
      customerId,
      changed.map((f) => `Customer.${f}`),
    );
    await queueRecipientNotices(em, { customerIds: [customerId], kind: PartnerNoticeKind.RECTIFICATION, fields: changed, at: now });
    markCompleted(txCtx, request, { corrected: changed });
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw customerErrors.error('CUSTOMER_EMAIL_TAKEN', { message: 'Another customer already has this e-mail address', field: 'input.email' });
      }
      throw error;
    }
  });
  ctx.loaders.customerById.clear(customerId);
  ctx.loaders.addressesByCustomer.clear(customerId);
  return getCustomer(ctx, customerId);
}

/** Storefront: the customer corrects their own profile. */
export async function updateMyProfile(ctx: RequestContext, customerId: string, input: RectifyProfileInput): Promise<CustomerView> {
  return applyRectification(ctx, customerId, input, async (txCtx) => openStorefrontRequest(txCtx, customerId, PrivacyRequestType.RECTIFICATION), {
    selfService: true,
  });
}

/** Admin panel: customer service corrects data on a verified written request. */
export async function rectifyOnRequest(ctx: RequestContext, requestId: string, input: RectifyProfileInput): Promise<CustomerView> {
  const request = await requireOpenRequest(ctx, requestId, PrivacyRequestType.RECTIFICATION);
  // Checked again under the customer's lock: of concurrent corrections on one request, one completes it.
  return applyRectification(
    ctx,
    customerOf(request),
    input,
    async (txCtx) => {
      // Read afresh (not from the identity map the transaction inherits), under the customer's lock.
      const current = await txCtx.em.findOneOrFail(PrivacyRequest, { id: request.id }, { refresh: true });
      if (current.status !== PrivacyRequestStatus.OPEN)
        throw privacyRequestErrors.error('REQUEST_CLOSED', { message: `The request is already ${current.status}`, field: 'requestId' });
      return current;
    },
    { selfService: false },
  );
}
