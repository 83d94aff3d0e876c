import { Field, ID, ObjectType } from 'type-graphql';
import { ActorKind } from '../../core/domain/actor';
import { DataSource } from '../../core/domain/data-source';
import { ConsentPurpose } from './consent-event.entity';

@ObjectType('ConsentEntry', {
  description: 'One entry of the append-only consent history (§4.1, §8.10, §10, §11).',
})
export class ConsentEntryView {
  @Field(() => ID, { description: 'Stable id (UUID).' })
  id: string;

  customerId: string;

  @Field(() => ConsentPurpose, { nullable: true, description: 'What the choice covers.' })
  purpose: ConsentPurpose;

  @Field(() => Boolean, { nullable: true, description: 'True when permission was given, false when withdrawn or refused.' })
  granted: boolean;

  @Field(() => Date, { nullable: true, description: 'When the choice was made.' })
  occurredAt: Date;

  @Field(() => DataSource, { nullable: true, description: 'Where the choice was made (§6).' })
  source: DataSource;

  @Field(() => ActorKind, { nullable: true, description: 'Who recorded it.' })
  actorKind: ActorKind;

  @Field(() => String, { nullable: true, description: 'Id of the principal who recorded it.' })
  actorId: string | null;

  @Field(() => String, { nullable: true, description: 'Version of the privacy statement the choice was made under (§11).' })
  noticeVersion: string;

  @Field(() => String, {
    nullable: true,
    description: 'Why the choice is as stored when not simply as given, e.g. marketing cookies refused because the browser sent Sec-GPC: 1 (§10.2); null otherwise.',
  })
  reason: string | null;
}

@ObjectType('ConsentState', {
  description: 'Current state of one purpose, derived from the newest history entry. No entry means no permission.',
})
export class ConsentStateView {
  /** Not exposed: whose state this is. */
  customerId: string;

  @Field(() => ConsentPurpose, { description: 'What the consent covers.' })
  purpose: ConsentPurpose;

  @Field(() => Boolean, { nullable: true, description: 'Whether permission is in force now.' })
  granted: boolean;

  @Field(() => Date, { nullable: true, description: 'When the current state began; null if never chosen.' })
  since: Date | null;

  @Field(() => String, { nullable: true, description: 'Statement version of the current state (§11); null if never chosen.' })
  noticeVersion: string | null;

  @Field(() => String, { nullable: true, description: 'Why the current state is as it is when not simply as chosen (e.g. refused under Sec-GPC: 1, §10.2).' })
  reason: string | null;

  @Field(() => [ConsentEntryView], { nullable: true, description: 'Every choice for this purpose, oldest first.' })
  history: ConsentEntryView[];
}
