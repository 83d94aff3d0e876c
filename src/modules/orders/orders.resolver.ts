import { Arg, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../core/graphql/context';
import { PageInfo } from '../../core/graphql/pagination';
import { CustomerView } from '../customers/customers.types';
import { ChangeOrderInput, OrderFilter, PlaceOrderInput } from './orders.inputs';
import { changeOrder, getOrder, listOrders, ordersOfCustomer, placeOrder } from './orders.service';
import { OrderChangeView, OrderLineView, OrderView } from './orders.types';

@ObjectType('OrderEdge', { description: 'An order in a page of orders, with its cursor.' })
class OrderEdge {
  @Field({ description: 'Pass as `after` to continue after this order.' }) cursor: string;
  @Field(() => OrderView, { description: 'The order.' }) node: OrderView;
}

@ObjectType('OrderConnection', { description: 'One page of orders, newest first.' })
class OrderConnection {
  @Field(() => [OrderEdge], { description: 'The orders on this page with their cursors.' }) edges: OrderEdge[];
  @Field(() => [OrderView], { description: 'The orders on this page.' }) nodes: OrderView[];
  @Field(() => PageInfo, { description: 'Whether more pages follow.' }) pageInfo: PageInfo;
}

@Resolver(() => OrderView)
export class OrderResolver {
  @Query(() => OrderView, { nullable: true, description: 'One order by id; one you may not see answers NOT_FOUND.' })
  order(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<OrderView> {
    return getOrder(ctx, id);
  }

  @Query(() => OrderConnection, { nullable: true, description: 'Orders you may see, newest first, a page at a time.' })
  orders(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page forward: page size, 1–200 (20 when neither first nor last is given).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'With first: endCursor of the previous page.' }) after: string | null,
    @Arg('last', () => Int, { nullable: true, description: 'Page backward: page size, 1–200; not with first.' }) last: number | null,
    @Arg('before', () => String, { nullable: true, description: 'With last: startCursor of the page after the one wanted.' }) before: string | null,
    @Arg('filter', () => OrderFilter, { nullable: true, description: 'Conditions the orders must meet.' }) filter: OrderFilter | null,
  ): Promise<OrderConnection> {
    return listOrders(ctx, { first, after, last, before, filter });
  }

  @Mutation(() => OrderView, { nullable: true, description: 'Place an order (§6.1 webshop order, or entered by customer service).' })
  placeOrder(@Ctx() ctx: RequestContext, @Arg('input', () => PlaceOrderInput) input: PlaceOrderInput): Promise<OrderView> {
    return placeOrder(ctx, input);
  }

  @Mutation(() => OrderView, { nullable: true, description: 'Change status and/or lines of an order; every change is kept in its history (§4.1).' })
  changeOrder(@Ctx() ctx: RequestContext, @Arg('input', () => ChangeOrderInput) input: ChangeOrderInput): Promise<OrderView> {
    return changeOrder(ctx, input);
  }

  @FieldResolver(() => [OrderLineView], { nullable: true, description: 'The products ordered (§4.1).' })
  lines(@Root() order: OrderView, @Ctx() ctx: RequestContext): OrderLineView[] | Promise<OrderLineView[]> {
    return ctx.loaders.linesByOrder.now(order.id);
  }

  @FieldResolver(() => [OrderChangeView], { nullable: true, description: 'Every change of the order, oldest first (§4.1).' })
  changes(@Root() order: OrderView, @Ctx() ctx: RequestContext): Promise<OrderChangeView[]> {
    return ctx.loaders.changesByOrder.load(order.id);
  }
}

@Resolver(() => CustomerView)
export class CustomerOrdersResolver {
  @FieldResolver(() => [OrderView], { nullable: true, description: "The customer's orders, newest first." })
  orders(@Root() customer: CustomerView, @Ctx() ctx: RequestContext): OrderView[] | Promise<OrderView[]> {
    return ordersOfCustomer(ctx, customer.id);
  }
}
