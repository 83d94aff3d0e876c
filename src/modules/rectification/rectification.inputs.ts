import { Field, InputType } from 'type-graphql';
import { AddressInput } from '../customers/customers.inputs';

@InputType({ description: 'Corrections to a profile (§8.2). Only the fields given change; an empty phone removes it.' })
export class RectifyProfileInput {
  @Field(() => String, { nullable: true, description: 'Corrected first name.' }) firstName?: string | null;
  @Field(() => String, { nullable: true, description: 'Corrected last name.' }) lastName?: string | null;
  @Field(() => String, { nullable: true, description: 'Corrected e-mail address (also the login).' }) email?: string | null;
  @Field(() => String, { nullable: true, description: 'Corrected phone number; an empty string removes it.' }) phone?: string | null;
  @Field(() => [AddressInput], { nullable: true, description: 'The complete, corrected list of addresses (replaces the old ones).' })
  addresses?: AddressInput[] | null;
}
