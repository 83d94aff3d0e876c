import DataLoader from 'dataloader';
import { Arg, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../core/graphql/context';
import { connectionOf, PageInfo } from '../../core/graphql/pagination';
import { groupBy } from '../../core/db/sql';
import { OrderStatus } from '../orders/order.entity';
import { OrderView } from '../orders/orders.types';
import {
  assignDelivery,
  deliveryLines,
  issuePartnerToken,
  listDeliveryOrders,
  listPartners,
  listPartnerTokens,
  registerPartner,
  reportDeliveryStatus,
  revokePartnerToken,
} from './partners.service';
import { DeliveryLineView, DeliveryOrderView, IssuedPartnerToken, IssuePartnerTokenInput, PartnerTokenView, PartnerView, RegisterPartnerInput } from './partners.types';

@ObjectType('DeliveryOrderEdge', { description: 'An order handed to the partner, with its cursor.' })
class DeliveryOrderEdge {
  @Field({ description: 'Pass as `after` to continue after this order.' }) cursor: string;
  @Field(() => DeliveryOrderView, { description: 'The order.' }) node: DeliveryOrderView;
}

@ObjectType('DeliveryOrderConnection', { description: 'One page of orders handed to the calling logistics partner.' })
class DeliveryOrderConnection {
  @Field(() => [DeliveryOrderEdge], { description: 'The orders on this page with their cursors.' }) edges: DeliveryOrderEdge[];
  @Field(() => [DeliveryOrderView], { description: 'The orders on this page.' }) nodes: DeliveryOrderView[];
  @Field(() => PageInfo, { description: 'Whether more pages follow.' }) pageInfo: PageInfo;
}

/** One loader per request for the lines of delivery orders (no N+1). */
const deliveryLineLoaders = new WeakMap<RequestContext, DataLoader<string, DeliveryLineView[]>>();
function linesLoader(ctx: RequestContext): DataLoader<string, DeliveryLineView[]> {
  let loader = deliveryLineLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader(async (ids) => groupBy(ids, await deliveryLines(ctx, ids), 'orderId'));
    deliveryLineLoaders.set(ctx, loader);
  }
  return loader;
}

@Resolver(() => PartnerView)
export class PartnerResolver {
  @Query(() => [PartnerView], { nullable: true, description: 'The processor register (§7): every partner.' })
  partners(@Ctx() ctx: RequestContext): Promise<PartnerView[]> {
    return listPartners(ctx);
  }

  @FieldResolver(() => [PartnerTokenView], { nullable: true, description: "The partner's tokens, newest first (secrets are never shown again)." })
  tokens(@Root() partner: PartnerView, @Ctx() ctx: RequestContext): Promise<PartnerTokenView[]> {
    return listPartnerTokens(ctx, partner.id);
  }

  @Mutation(() => PartnerView, { nullable: true, description: 'Register a partner; refused outside the EU/EEA (§7.6) with PARTNER_OUTSIDE_EEA.' })
  registerPartner(@Ctx() ctx: RequestContext, @Arg('input', () => RegisterPartnerInput) input: RegisterPartnerInput): Promise<PartnerView> {
    return registerPartner(ctx.em, input, ctx.now());
  }

  @Mutation(() => IssuedPartnerToken, { nullable: true, description: 'Issue a scoped API token for a partner; the secret is shown once.' })
  issuePartnerToken(@Ctx() ctx: RequestContext, @Arg('input', () => IssuePartnerTokenInput) input: IssuePartnerTokenInput): Promise<IssuedPartnerToken> {
    const issuedBy = ctx.principal.kind === 'STAFF' ? ctx.principal.staffId : 'system';
    return issuePartnerToken(ctx.em, input, issuedBy, ctx.now());
  }

  @Mutation(() => PartnerTokenView, { nullable: true, description: 'Revoke a partner token; it is refused from the very next request.' })
  revokePartnerToken(@Ctx() ctx: RequestContext, @Arg('tokenId', () => ID, { description: 'The token to revoke.' }) tokenId: string): Promise<PartnerTokenView> {
    return revokePartnerToken(ctx.em, tokenId, ctx.now());
  }
}

@Resolver(() => DeliveryOrderView)
export class DeliveryResolver {
  @Mutation(() => OrderView, { nullable: true, description: 'Hand an order to a logistics partner for delivery (§7.4).' })
  assignDelivery(
    @Ctx() ctx: RequestContext,
    @Arg('orderId', () => ID, { description: 'The order.' }) orderId: string,
    @Arg('partnerId', () => ID, { description: 'An active logistics partner.' }) partnerId: string,
  ): Promise<OrderView> {
    return assignDelivery(ctx, orderId, partnerId);
  }

  @Query(() => DeliveryOrderConnection, { nullable: true, description: 'Logistics: the orders handed to the calling partner.' })
  async deliveryOrders(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 50, description: 'Page size, 1–200.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page.' }) after: string | null,
    @Arg('openOnly', { defaultValue: true, description: 'Only orders not yet delivered, cancelled or returned.' }) openOnly: boolean,
  ): Promise<DeliveryOrderConnection> {
    const page = await listDeliveryOrders(ctx, { first, after, openOnly });
    const cursors = new Map(page.nodes.map((node, i) => [node, page.cursors[i]]));
    return connectionOf(page.nodes, (node) => cursors.get(node)!, page.hasNextPage, after);
  }

  @Mutation(() => DeliveryOrderView, { nullable: true, description: 'Logistics: report SHIPPED or DELIVERED for an order handed to you.' })
  reportDeliveryStatus(
    @Ctx() ctx: RequestContext,
    @Arg('orderId', () => ID, { description: 'The order.' }) orderId: string,
    @Arg('status', () => OrderStatus, { description: 'SHIPPED or DELIVERED.' }) status: OrderStatus,
  ): Promise<DeliveryOrderView> {
    return reportDeliveryStatus(ctx, orderId, status);
  }

  @FieldResolver(() => [DeliveryLineView], { description: 'What to pack.' })
  lines(@Root() order: DeliveryOrderView, @Ctx() ctx: RequestContext): Promise<DeliveryLineView[]> {
    return linesLoader(ctx).load(order.id);
  }
}
