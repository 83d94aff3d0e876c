import { Field, ID, ObjectType } from 'type-graphql';
import { DataSource } from '../../core/domain/data-source';
import { PageInfo } from '../../core/graphql/pagination';
import { AddressKind } from './address.entity';
import { CustomerStatus } from './customer.entity';

/*
 * GraphQL views of the webshop user register (§2.1). They are plain rows
 * selected by customers.loaders.ts, not entities. Every field a role may be
 * refused is nullable, so a refusal nulls that field only.
 */

@ObjectType('Customer', { description: 'A person in the webshop user register (§2.1).' })
export class CustomerView {
  @Field(() => ID, { description: 'Stable id (UUID).' })
  id: string;

  /** Not exposed as such: profile fields under a restriction in force ('*' = all), or null. */
  restrictedFields: string[] | null;

  /** Not exposed: marketing permissions in force, selected only for marketing's reads (the channel rule). */
  marketingChannels?: string[] | null;

  @Field(() => String, { nullable: true, description: 'First name (§4.1).' })
  firstName: string | null;

  @Field(() => String, { nullable: true, description: 'Last name (§4.1).' })
  lastName: string | null;

  @Field(() => String, { nullable: true, description: 'E-mail address, lower-cased (§4.1). Null once erased.' })
  email: string | null;

  @Field(() => String, { nullable: true, description: 'Phone number in E.164 form (§4.1).' })
  phone: string | null;

  @Field(() => CustomerStatus, { nullable: true, description: 'Lifecycle state of the customer relationship.' })
  status: CustomerStatus;

  @Field(() => DataSource, { nullable: true, description: 'Where the profile data came from (§6).' })
  source: DataSource;

  @Field(() => Date, { nullable: true, description: 'When the customer entered the register.' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the profile last changed.' })
  updatedAt: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'Last login, order, consent change or other activity; data unused for two years is deleted (§4.2).',
  })
  lastActivityAt: Date;
}

@ObjectType('Address', { description: 'A postal address on a customer profile (§4.1).' })
export class AddressView {
  @Field(() => ID, { description: 'Stable id (UUID).' })
  id: string;

  /** Not exposed: used to group rows per customer. */
  customerId: string;

  @Field(() => AddressKind, { nullable: true, description: 'What the address is used for.' })
  kind: AddressKind;

  @Field(() => String, { nullable: true, description: 'Street address.' })
  line1: string;

  @Field(() => String, { nullable: true, description: 'Second address line (c/o, apartment).' })
  line2: string | null;

  @Field(() => String, { nullable: true, description: 'Postal code.' })
  postalCode: string;

  @Field(() => String, { nullable: true, description: 'City or post office.' })
  city: string;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country code.' })
  countryCode: string;

  @Field(() => DataSource, { nullable: true, description: 'Where the address came from (§6).' })
  source: DataSource;

  @Field(() => Date, { nullable: true, description: 'When the address was added.' })
  createdAt: Date;
}

@ObjectType('CustomerEdge', { description: 'A customer in a page of customers, with its cursor.' })
export class CustomerEdge {
  @Field({ description: 'Pass as `after` to continue after this customer.' })
  cursor: string;

  @Field(() => CustomerView, { description: 'The customer.' })
  node: CustomerView;
}

@ObjectType('CustomerConnection', { description: 'One page of customers, oldest first.' })
export class CustomerConnection {
  @Field(() => [CustomerEdge], { description: 'The customers on this page with their cursors.' })
  edges: CustomerEdge[];

  @Field(() => [CustomerView], { description: 'The customers on this page.' })
  nodes: CustomerView[];

  @Field(() => PageInfo, { description: 'Whether more pages follow.' })
  pageInfo: PageInfo;

  /** Computed only when asked for (one extra count query). */
  countQuery: () => Promise<number>;
}
