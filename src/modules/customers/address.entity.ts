import { Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { registerEnumType } from 'type-graphql';
import { DataSource } from '../../core/domain/data-source';
import { Customer } from './customer.entity';

export enum AddressKind {
  HOME = 'HOME',
  DELIVERY = 'DELIVERY',
  BILLING = 'BILLING',
}

registerEnumType(AddressKind, {
  name: 'AddressKind',
  description: 'What an address on the customer profile is used for.',
});

/** A postal address on a customer profile (§4.1 "osoite"). */
@Entity({ tableName: 'address' })
export class Address {
  [OptionalProps]?: 'createdAt' | 'line2';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => Customer, deleteRule: 'cascade', index: 'address_customer_id_idx' })
  customer: Rel<Customer>;

  @Enum({ items: () => AddressKind, nativeEnumName: 'address_kind' })
  kind: AddressKind;

  @Property({ type: 'text' })
  line1: string;

  @Property({ type: 'text', nullable: true })
  line2: string | null = null;

  @Property({ type: 'text' })
  postalCode: string;

  @Property({ type: 'text' })
  city: string;

  /** ISO 3166-1 alpha-2. */
  @Property({ type: 'character', length: 2 })
  countryCode: string;

  @Enum({ items: () => DataSource, nativeEnumName: 'data_source' })
  source: DataSource;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();
}
