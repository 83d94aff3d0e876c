import type { ModuleManifest } from '../../core/module';
import { ORDERS_DATA_MAP } from './orders.data-map';
import { openOrdersBlockErasure } from './orders.erasure-blockers';
import { CustomerOrder } from './order.entity';
import { OrderLine } from './order-line.entity';
import { OrderParty } from './order-party.embeddable';
import { OrderChange } from './order-change.entity';
import { CustomerOrdersResolver, OrderResolver } from './orders.resolver';
import { ordersPolicy } from './orders.policy';
import { ordersPersonalData } from './orders.personal-data';
import { deliveryOrderReadView, orderReadView } from './orders.read-views';
import { ORDERS_RETENTION_RULES } from './orders.retention-rules';

/** The orders module: what it brings to the application (assembled in src/app/modules.ts). */
export const ordersModule: ModuleManifest = {
  name: 'orders',
  entities: [CustomerOrder, OrderLine, OrderParty, OrderChange],
  resolvers: [CustomerOrdersResolver, OrderResolver],
  policy: ordersPolicy,
  personalData: ordersPersonalData,
  dataMap: ORDERS_DATA_MAP,
  erasureBlockers: [openOrdersBlockErasure],
  retentionRules: ORDERS_RETENTION_RULES,
  readViews: [orderReadView, deliveryOrderReadView],
};
