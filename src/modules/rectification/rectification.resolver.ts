import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { signedInCustomerId } from '../../core/auth/principal';
import type { RequestContext } from '../../core/graphql/context';
import { CustomerView } from '../customers/customers.types';
import { RectifyProfileInput } from './rectification.inputs';
import { rectifyOnRequest, updateMyProfile } from './rectification.service';

@Resolver()
export class RectificationResolver {
  @Mutation(() => CustomerView, { nullable: true, description: 'Storefront: correct your own profile (§8.2). Recipients of the old data are notified (Art 19).' })
  updateMyProfile(@Ctx() ctx: RequestContext, @Arg('input', () => RectifyProfileInput) input: RectifyProfileInput): Promise<CustomerView> {
    return updateMyProfile(ctx, signedInCustomerId(ctx.principal), input);
  }

  @Mutation(() => CustomerView, { nullable: true, description: 'Correct a profile on a verified RECTIFICATION request (§8.2).' })
  rectifyCustomer(
    @Ctx() ctx: RequestContext,
    @Arg('requestId', () => ID, { description: 'A verified RECTIFICATION request.' }) requestId: string,
    @Arg('input', () => RectifyProfileInput) input: RectifyProfileInput,
  ): Promise<CustomerView> {
    return rectifyOnRequest(ctx, requestId, input);
  }
}
