import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { signedInCustomerId } from '../../core/auth/principal';
import type { RequestContext } from '../../core/graphql/context';
import {
  completePrivacyRequest,
  extendPrivacyRequest,
  listPrivacyRequests,
  myPrivacyRequests,
  recordPrivacyRequest,
  refusePrivacyRequest,
  verifyPrivacyRequest,
} from './privacy-requests.service';
import { StaffRefusalCode } from './privacy-requests.errors';
import { PrivacyRequestConnection, PrivacyRequestFilter, PrivacyRequestView, RecordPrivacyRequestInput } from './privacy-requests.types';

@Resolver(() => PrivacyRequestView)
export class PrivacyRequestResolver {
  @Query(() => PrivacyRequestConnection, { nullable: true, description: 'Data-subject requests, most urgent first; open ones by default (§8.6).' })
  privacyRequests(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 50, description: 'Page size, 1–200.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page.' }) after: string | null,
    @Arg('filter', () => PrivacyRequestFilter, { nullable: true, description: 'Which requests.' }) filter: PrivacyRequestFilter | null,
  ): Promise<PrivacyRequestConnection> {
    return listPrivacyRequests(ctx, { first, after, filter });
  }

  @Query(() => [PrivacyRequestView], { nullable: true, description: 'Storefront: your own requests and their state.' })
  myPrivacyRequests(@Ctx() ctx: RequestContext): Promise<PrivacyRequestView[]> {
    return myPrivacyRequests(ctx, signedInCustomerId(ctx.principal));
  }

  @Mutation(() => PrivacyRequestView, { nullable: true, description: 'Record a written request received by e-mail or post; it waits for identity verification (§8.5).' })
  recordPrivacyRequest(@Ctx() ctx: RequestContext, @Arg('input', () => RecordPrivacyRequestInput) input: RecordPrivacyRequestInput): Promise<PrivacyRequestView> {
    return recordPrivacyRequest(ctx, input);
  }

  @Mutation(() => PrivacyRequestView, { nullable: true, description: "Record how the requester's identity was verified (§8.5); the request opens." })
  verifyPrivacyRequest(
    @Ctx() ctx: RequestContext,
    @Arg('requestId', () => ID, { description: 'The request.' }) requestId: string,
    @Arg('method', { description: 'How identity was verified, e.g. "answered from the registered e-mail address".' }) method: string,
  ): Promise<PrivacyRequestView> {
    return verifyPrivacyRequest(ctx, requestId, method);
  }

  @Mutation(() => PrivacyRequestView, { nullable: true, description: 'Extend the deadline once, by one or two months, with a reason the customer is told (Art 12(3)).' })
  extendPrivacyRequest(
    @Ctx() ctx: RequestContext,
    @Arg('requestId', () => ID, { description: 'The request.' }) requestId: string,
    @Arg('months', () => Int, { description: '1 or 2.' }) months: number,
    @Arg('reason', { description: 'Why more time is needed; sent to the customer.' }) reason: string,
  ): Promise<PrivacyRequestView> {
    return extendPrivacyRequest(ctx, requestId, months, reason);
  }

  @Mutation(() => PrivacyRequestView, { nullable: true, description: 'Close a request as done.' })
  completePrivacyRequest(
    @Ctx() ctx: RequestContext,
    @Arg('requestId', () => ID, { description: 'The request.' }) requestId: string,
    @Arg('note', () => String, { nullable: true, description: 'What was done (no personal data).' }) note: string | null,
  ): Promise<PrivacyRequestView> {
    return completePrivacyRequest(ctx, requestId, note);
  }

  @Mutation(() => PrivacyRequestView, { nullable: true, description: 'Refuse a request with a reason the customer can read (§8.7).' })
  refusePrivacyRequest(
    @Ctx() ctx: RequestContext,
    @Arg('requestId', () => ID, { description: 'The request.' }) requestId: string,
    @Arg('reason', { description: 'Why; sent to the customer.' }) reason: string,
    @Arg('code', () => StaffRefusalCode, {
      nullable: true,
      description: 'Why, as a code (PrivacyRequest.refusalCode); REQUEST_REFUSED_BY_STAFF when omitted.',
    })
    code: StaffRefusalCode | null,
  ): Promise<PrivacyRequestView> {
    return refusePrivacyRequest(ctx, requestId, reason, code ?? undefined);
  }
}
