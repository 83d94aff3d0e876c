import { Field, InputType } from 'type-graphql';
import { DataSource } from '../../core/domain/data-source';
import { ConsentPurpose } from '../consents/consent-event.entity';
import { AddressKind } from './address.entity';
import { CustomerStatus } from './customer.entity';

@InputType({ description: 'A postal address.' })
export class AddressInput {
  @Field(() => AddressKind, { defaultValue: AddressKind.HOME, description: 'What the address is used for.' })
  kind: AddressKind;

  @Field({ description: 'Street address.' })
  line1: string;

  @Field(() => String, { nullable: true, description: 'Second address line.' })
  line2?: string | null;

  @Field({ description: 'Postal code.' })
  postalCode: string;

  @Field({ description: 'City or post office.' })
  city: string;

  @Field({ defaultValue: 'FI', description: 'ISO 3166-1 alpha-2 country code.' })
  countryCode: string;
}

@InputType({ description: 'A consent choice recorded together with a new customer.' })
export class ConsentChoiceInput {
  @Field(() => ConsentPurpose, { description: 'What the choice covers.' })
  purpose: ConsentPurpose;

  @Field({ description: 'True to give permission, false to record a prohibition (§4.1).' })
  granted: boolean;
}

@InputType({ description: 'Storefront sign-up (§6.1 "registering as a customer").' })
export class RegisterCustomerInput {
  @Field({ description: 'First name, 1–100 characters.' })
  firstName: string;

  @Field({ description: 'Last name, 1–100 characters.' })
  lastName: string;

  @Field({ description: 'E-mail address; it becomes the login.' })
  email: string;

  @Field({ description: 'Password for the storefront: 12–128 characters.' })
  password: string;

  @Field(() => String, { nullable: true, description: 'Phone number in any common notation; stored as E.164.' })
  phone?: string | null;

  @Field(() => AddressInput, { nullable: true, description: 'Home address.' })
  address?: AddressInput | null;

  @Field(() => [ConsentPurpose], {
    defaultValue: [],
    description: 'The purposes the customer ticked. Unticked purposes get no entry: no entry means no permission.',
  })
  consents: ConsentPurpose[];

  @Field(() => String, {
    nullable: true,
    description: 'Version of the privacy statement shown on the sign-up page (§11); the current version when omitted.',
  })
  noticeVersion?: string | null;

  @Field(() => String, { nullable: true, description: 'The anonymous visitor id whose cookie choices join the new account (§10).' })
  visitorId?: string | null;
}

@InputType({ description: 'A customer entered manually by customer service or sales (§6.2), or from a §6.1 channel.' })
export class CreateCustomerInput {
  @Field({ description: 'First name, 1–100 characters.' })
  firstName: string;

  @Field({ description: 'Last name, 1–100 characters.' })
  lastName: string;

  @Field(() => String, { nullable: true, description: 'E-mail address.' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Phone number in any common notation; stored as E.164.' })
  phone?: string | null;

  @Field(() => [AddressInput], { defaultValue: [], description: 'Addresses to add.' })
  addresses: AddressInput[];

  @Field(() => DataSource, { description: 'Where the data came from (§6): e-mail, phone, customer meeting, manual entry …' })
  source: DataSource;

  @Field(() => [ConsentChoiceInput], {
    defaultValue: [],
    description: 'Marketing permissions or prohibitions the customer expressed through the same channel.',
  })
  consents: ConsentChoiceInput[];
}

@InputType({ description: 'Narrows a customer list. All given conditions must hold.' })
export class CustomerFilter {
  @Field(() => String, { nullable: true, description: 'Exact e-mail address (case-insensitive).' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Last name starts with this text (case-insensitive).' })
  lastNamePrefix?: string | null;

  @Field(() => [CustomerStatus], { nullable: true, description: 'Only customers in these states.' })
  status?: CustomerStatus[] | null;

  @Field(() => DataSource, { nullable: true, description: 'Only customers whose profile came from this source.' })
  source?: DataSource | null;

  @Field(() => Date, { nullable: true, description: 'Created at or after this time.' })
  createdFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Created before this time.' })
  createdBefore?: Date | null;
}
