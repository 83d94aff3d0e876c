import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../core/graphql/context';
import { coreErrors } from '../../core/graphql/errors';
import { CustomerView } from '../customers/customers.types';
import { auditTrail, dataRecipients } from './audit.service';
import { AuditEntryConnection, DataRecipientView } from './audit.types';
import { AuditTrailVerification, parseAuditAnchor, verifyAuditChain } from './audit-chain';

@Resolver()
export class AuditResolver {
  @Query(() => AuditEntryConnection, { nullable: true, description: "A customer's audit trail: every read and change of their personal data (§9.2)." })
  auditTrail(
    @Ctx() ctx: RequestContext,
    @Arg('customerId', () => ID, { description: 'Whose trail.' }) customerId: string,
    @Arg('first', () => Int, { defaultValue: 50, description: 'Page size, 1–200.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page.' }) after: string | null,
  ): Promise<AuditEntryConnection> {
    return auditTrail(ctx, customerId, first, after);
  }

  @Query(() => AuditTrailVerification, {
    nullable: true,
    description: 'Check the whole audit trail’s hash chain and name the first broken link (§9.2: changed, deleted or back-dated entries).',
  })
  verifyAuditTrail(
    @Ctx() ctx: RequestContext,
    @Arg('anchor', () => String, {
      nullable: true,
      description: 'An anchor an earlier verification reported (`<headHash>:<headChainSeq>`), recorded outside the database: detects a rewrite of the whole chain.',
    })
    anchor: string | null,
  ): Promise<AuditTrailVerification> {
    return verifyAuditChain(ctx.em, anchor == null ? undefined : parseAuditAnchor('anchor', anchor));
  }

  @Query(() => [DataRecipientView], {
    nullable: true,
    description: 'Storefront: the partners that have received your data (GDPR Art 15(1)(c)).',
  })
  myDataRecipients(@Ctx() ctx: RequestContext): Promise<DataRecipientView[]> {
    if (ctx.principal.kind !== 'CUSTOMER') throw coreErrors.error('FORBIDDEN', { message: 'Only a signed-in customer has data recipients' });
    return dataRecipients(ctx, ctx.principal.customerId);
  }
}

@Resolver(() => CustomerView)
export class CustomerRecipientsResolver {
  @FieldResolver(() => [DataRecipientView], { nullable: true, description: 'Partners that have received this customer’s data (Art 15(1)(c)).' })
  dataRecipients(@Root() customer: CustomerView, @Ctx() ctx: RequestContext): Promise<DataRecipientView[]> {
    return dataRecipients(ctx, customer.id);
  }
}
