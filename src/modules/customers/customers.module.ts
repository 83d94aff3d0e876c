import type { ModuleManifest } from '../../core/module';
import { CUSTOMERS_DATA_MAP } from './customers.data-map';
import { Customer } from './customer.entity';
import { Address } from './address.entity';
import { CustomerConnectionResolver, CustomerResolver } from './customers.resolver';
import { customersPolicy } from './customers.policy';
import { customersPersonalData } from './customers.personal-data';
import { addressReadView, customerReadView } from './customers.read-views';
import { CUSTOMERS_RETENTION_RULES } from './customers.retention-rules';

/** The customers module: what it brings to the application (assembled in src/app/modules.ts). */
export const customersModule: ModuleManifest = {
  name: 'customers',
  entities: [Customer, Address],
  resolvers: [CustomerResolver, CustomerConnectionResolver],
  policy: customersPolicy,
  personalData: customersPersonalData,
  dataMap: CUSTOMERS_DATA_MAP,
  retentionRules: CUSTOMERS_RETENTION_RULES,
  readViews: [customerReadView, addressReadView],
};
