import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { signedInCustomerId } from '../../core/auth/principal';
import type { RequestContext } from '../../core/graphql/context';
import { eraseOnRequest, requestMyErasure } from './erasure.service';
import { ErasureResult } from './erasure.types';

@Resolver()
export class ErasureResolver {
  @Mutation(() => ErasureResult, {
    nullable: true,
    description:
      'Storefront: erase my data (§8.7). Needs the password within the last few minutes (reauthenticate) and a confirmation from the account’s mailbox (§8.5): ' +
      'answers AWAITING_VERIFICATION and sends a single-use link; opening the link carries the erasure out (the receipt comes by e-mail). ' +
      'A request already verified (in person) is carried out at once: per category what was erased, anonymised or retained and why; or why it was refused.',
  })
  requestErasure(@Ctx() ctx: RequestContext): Promise<ErasureResult> {
    return requestMyErasure(ctx, signedInCustomerId(ctx.principal));
  }

  @Mutation(() => ErasureResult, { nullable: true, description: 'Carry out a verified erasure request (§8.7, §8.9). Running it again gives the same answer.' })
  eraseCustomer(@Ctx() ctx: RequestContext, @Arg('requestId', () => ID, { description: 'A verified ERASURE request.' }) requestId: string): Promise<ErasureResult> {
    return eraseOnRequest(ctx, requestId);
  }
}
