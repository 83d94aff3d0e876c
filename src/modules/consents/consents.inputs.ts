import { Field, InputType } from 'type-graphql';
import { ConsentPurpose } from './consent-event.entity';

@InputType({ description: 'One consent choice.' })
export class ConsentInput {
  @Field(() => ConsentPurpose, { description: 'What the choice covers.' }) purpose: ConsentPurpose;
  @Field({ description: 'True to permit, false to withdraw or refuse.' }) granted: boolean;
}
