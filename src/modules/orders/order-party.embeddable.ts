import { Embeddable, Property } from '@mikro-orm/core';

/**
 * Billing or delivery details captured on the order as they were when it was
 * placed (§4.1). They are bookkeeping material (§8.9) and must not change when
 * the customer later edits or erases the profile.
 */
@Embeddable()
export class OrderParty {
  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'text', nullable: true })
  email: string | null = null;

  @Property({ type: 'text', nullable: true })
  phone: string | null = null;

  @Property({ type: 'text' })
  line1: string;

  @Property({ type: 'text', nullable: true })
  line2: string | null = null;

  @Property({ type: 'text' })
  postalCode: string;

  @Property({ type: 'text' })
  city: string;

  @Property({ type: 'character', length: 2 })
  countryCode: string;
}
