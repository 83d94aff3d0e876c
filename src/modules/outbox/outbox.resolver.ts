import { Arg, Ctx, Int, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/graphql/context';
import { announcePrivacyNotice } from './outbox.service';

@Resolver()
export class OutboxResolver {
  @Mutation(() => Int, {
    nullable: true,
    description:
      'Privacy officer: tell every active customer with an address about a statement version (§11.1), by e-mail in batches; answers how many messages were queued. Running it again queues none twice.',
  })
  announcePrivacyNotice(@Ctx() ctx: RequestContext, @Arg('version', { description: 'A published statement version.' }) version: string): Promise<number> {
    return announcePrivacyNotice(ctx, version);
  }
}
