import { Entity, OneToOne, PrimaryKeyProp, Property, type Rel } from '@mikro-orm/core';
import { Customer } from '../customers/customer.entity';

/**
 * A customer's storefront password, apart from the profile so that erasure
 * (§8.7) and "data unused for two years" (§4.2) remove it with the account.
 */
@Entity({ tableName: 'customer_credential' })
export class CustomerCredential {
  [PrimaryKeyProp]?: 'customer';

  @OneToOne({ entity: () => Customer, primary: true, owner: true, deleteRule: 'cascade' })
  customer: Rel<Customer>;

  /** argon2id (OWASP: m ≥ 19 MiB, t ≥ 2, p = 1). */
  @Property({ type: 'text', hidden: true })
  passwordHash: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  updatedAt: Date = new Date();
}
