import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { DataSource } from '../../core/domain/data-source';
import { notFound } from '../../core/graphql/errors';
import { getCustomer } from '../customers/customers.service';
import { hasMarketingBan } from '../restrictions/restrictions.service';
import { ConsentPurpose } from './consent-event.entity';
import { ConsentInput } from './consents.inputs';
import { signedInCustomerId } from '../../core/auth/principal';
import type { RequestContext } from '../../core/graphql/context';
import { CustomerView } from '../customers/customers.types';
import { changeConsents, deriveConsentStates, recordCookieChoices } from './consents.service';
import { ConsentEntryView, ConsentStateView } from './consents.types';
import { notFoundAt } from '../customers/customer-lock';

@Resolver(() => CustomerView)
export class CustomerConsentsResolver {
  @FieldResolver(() => [ConsentStateView], {
    nullable: true,
    description: 'Current state of every consent purpose, derived from the history (§4.1, §10).',
  })
  consents(@Root() customer: CustomerView, @Ctx() ctx: RequestContext): ConsentStateView[] | Promise<ConsentStateView[]> {
    const history = ctx.loaders.consentHistoryByCustomer.now(customer.id);
    return history instanceof Promise ? history.then((entries) => deriveConsentStates(customer.id, entries)) : deriveConsentStates(customer.id, history);
  }

  @FieldResolver(() => [ConsentEntryView], { nullable: true, description: 'The whole consent history, oldest first (§11).' })
  consentHistory(@Root() customer: CustomerView, @Ctx() ctx: RequestContext): Promise<ConsentEntryView[]> {
    return ctx.loaders.consentHistoryByCustomer.load(customer.id);
  }
}

@Resolver()
export class ConsentMutationsResolver {
  @Mutation(() => [ConsentStateView], {
    nullable: true,
    description: 'Storefront: give or withdraw consents (§8.10, §10). Each choice is a new history entry under the statement version shown (§11).',
  })
  async setMyConsents(
    @Ctx() ctx: RequestContext,
    @Arg('choices', () => [ConsentInput], { description: 'The choices.' }) choices: ConsentInput[],
    @Arg('noticeVersion', () => String, { nullable: true, description: 'Statement version shown; the current one when omitted.' }) noticeVersion: string | null,
  ): Promise<ConsentStateView[]> {
    const customerId = signedInCustomerId(ctx.principal);
    return changeConsents(ctx, customerId, choices, { source: DataSource.REGISTRATION, noticeVersion, marketingBanActive: await hasMarketingBan(ctx, customerId) });
  }

  @Mutation(() => [ConsentStateView], { nullable: true, description: 'Storefront: withdraw one consent in one call — as easy as giving it (§8.10).' })
  async withdrawMyConsent(
    @Ctx() ctx: RequestContext,
    @Arg('purpose', () => ConsentPurpose, { description: 'The consent to withdraw.' }) purpose: ConsentPurpose,
  ): Promise<ConsentStateView[]> {
    const customerId = signedInCustomerId(ctx.principal);
    return changeConsents(ctx, customerId, [{ purpose, granted: false }], { source: DataSource.REGISTRATION, marketingBanActive: false });
  }

  @Mutation(() => [ConsentStateView], {
    nullable: true,
    description: 'Customer service: record a consent choice the customer made by e-mail, phone or in person. Marketing cannot be granted while a ban stands (§8.4).',
  })
  async recordConsent(
    @Ctx() ctx: RequestContext,
    @Arg('customerId', () => ID, { description: 'The customer.' }) customerId: string,
    @Arg('choices', () => [ConsentInput], { description: 'The choices.' }) choices: ConsentInput[],
    @Arg('source', () => DataSource, { description: 'How the customer expressed it (§6).' }) source: DataSource,
  ): Promise<ConsentStateView[]> {
    await getCustomer(ctx, customerId).catch(notFoundAt('customerId', 'Customer'));
    return changeConsents(ctx, customerId, choices, { source, marketingBanActive: await hasMarketingBan(ctx, customerId) });
  }

  @Mutation(() => Int, {
    nullable: true,
    description: 'Anonymous storefront visitor: cookie choices (§10.2) under a visitor id; they join the customer on sign-in. Answers how many were recorded.',
  })
  recordCookieChoices(
    @Ctx() ctx: RequestContext,
    @Arg('visitorId', { description: 'Opaque id from a first-party cookie, 16–64 characters.' }) visitorId: string,
    @Arg('choices', () => [ConsentInput], { description: 'STATISTICS_COOKIES and/or MARKETING_COOKIES.' }) choices: ConsentInput[],
    @Arg('noticeVersion', () => String, { nullable: true, description: 'Statement version shown; the current one when omitted.' }) noticeVersion: string | null,
  ): Promise<number> {
    return recordCookieChoices(ctx, visitorId, choices, noticeVersion);
  }
}
