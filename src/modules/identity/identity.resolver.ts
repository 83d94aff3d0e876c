import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/graphql/context';
import { coreErrors } from '../../core/graphql/errors';
import { getCustomer } from '../customers/customers.service';
import { CustomerView } from '../customers/customers.types';
import { loginCustomer, loginStaff, logout, logoutEverywhere, reauthenticateCustomer } from './identity.service';
import { PrincipalKind, SessionPayload, Viewer } from './identity.types';

@Resolver()
export class IdentityResolver {
  @Mutation(() => SessionPayload, {
    nullable: true,
    description: 'Storefront sign-in. A wrong password and an unknown e-mail both answer LOGIN_FAILED; repeated failures answer LOGIN_THROTTLED.',
  })
  async login(
    @Ctx() ctx: RequestContext,
    @Arg('email', { description: 'The e-mail the account was registered with.' }) email: string,
    @Arg('password', { description: 'The password.' }) password: string,
    @Arg('visitorId', () => String, { nullable: true, description: 'The anonymous visitor id whose cookie choices join the account (§10).' })
    visitorId: string | null,
  ): Promise<SessionPayload> {
    const session = await loginCustomer(ctx, email, password, ctx.clientAddress, visitorId);
    return { token: session.token, expiresAt: session.expiresAt, customerId: session.customerId, staffId: null };
  }

  @Mutation(() => SessionPayload, { nullable: true, description: 'Admin-panel sign-in for staff (§9.3 per-user credentials).' })
  async staffLogin(
    @Ctx() ctx: RequestContext,
    @Arg('email', { description: 'The e-mail the account was registered with.' }) email: string,
    @Arg('password', { description: 'The password.' }) password: string,
  ): Promise<SessionPayload> {
    const session = await loginStaff(ctx, email, password, ctx.clientAddress);
    return { token: session.token, expiresAt: session.expiresAt, customerId: null, staffId: session.staffId };
  }

  @Mutation(() => Boolean, { nullable: true, description: 'End the session this request was made with.' })
  logout(@Ctx() ctx: RequestContext): Promise<boolean> {
    return logout(ctx);
  }

  @Mutation(() => Date, {
    nullable: true,
    description: 'Storefront: enter the password again before exporting or erasing your data; answers until when the session counts as freshly signed in.',
  })
  reauthenticate(@Ctx() ctx: RequestContext, @Arg('password', { description: 'Your password.' }) password: string): Promise<Date> {
    return reauthenticateCustomer(ctx, password);
  }

  @Mutation(() => Int, { nullable: true, description: 'End every session of the signed-in customer or staff user; answers how many ended.' })
  logoutEverywhere(@Ctx() ctx: RequestContext): Promise<number> {
    return logoutEverywhere(ctx);
  }

  @Query(() => CustomerView, { nullable: true, description: 'The signed-in customer (storefront).' })
  me(@Ctx() ctx: RequestContext): Promise<CustomerView> {
    if (ctx.principal.kind !== 'CUSTOMER') throw coreErrors.error('FORBIDDEN', { message: 'Only a signed-in customer has a profile' });
    return getCustomer(ctx, ctx.principal.customerId);
  }

  @Query(() => Viewer, { description: 'Who this request is made by. Public: anonymous callers learn only that they are anonymous.' })
  viewer(@Ctx() ctx: RequestContext): Viewer {
    const p = ctx.principal;
    return {
      kind: p.kind === 'SYSTEM' ? PrincipalKind.ANONYMOUS : PrincipalKind[p.kind],
      customerId: p.kind === 'CUSTOMER' ? p.customerId : null,
      staffId: p.kind === 'STAFF' ? p.staffId : null,
      partnerId: p.kind === 'PARTNER' ? p.partnerId : null,
      roles: p.kind === 'STAFF' ? [...p.roles] : [],
      scopes: p.kind === 'PARTNER' ? [...p.scopes] : [],
    };
  }
}
