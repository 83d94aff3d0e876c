import { registerEnumType } from 'type-graphql';
import type { Principal } from '../auth/principal';

/** Who did something: recorded on every history entry (order changes, consents). */
export enum ActorKind {
  CUSTOMER = 'CUSTOMER',
  STAFF = 'STAFF',
  PARTNER = 'PARTNER',
  SYSTEM = 'SYSTEM',
}

registerEnumType(ActorKind, {
  name: 'ActorKind',
  description: 'The kind of principal that made a change.',
  valuesConfig: {
    CUSTOMER: { description: 'The data subject, acting in the storefront.' },
    STAFF: { description: 'A staff user of the admin panel.' },
    PARTNER: { description: 'A partner service holding a scoped token.' },
    SYSTEM: { description: 'Rekisteri itself, e.g. a scheduled job or the demo loader.' },
  },
});

/** The actor of a change as stored: kind plus the principal's id (null for SYSTEM). */
export interface Actor {
  kind: ActorKind;
  id: string | null;
}

export const SYSTEM_ACTOR: Actor = { kind: ActorKind.SYSTEM, id: null };

/** The actor a change by this principal is recorded under. */
export function actorOf(principal: Principal): Actor {
  switch (principal.kind) {
    case 'CUSTOMER':
      return { kind: ActorKind.CUSTOMER, id: principal.customerId };
    case 'STAFF':
      return { kind: ActorKind.STAFF, id: principal.staffId };
    case 'PARTNER':
      return { kind: ActorKind.PARTNER, id: principal.partnerId };
    default:
      return SYSTEM_ACTOR;
  }
}

/** Who did it, as one text column ("recorded by", "placed by"): the staff id, CUSTOMER or SYSTEM. */
export function actorLabel(principal: Principal): string {
  if (principal.kind === 'STAFF') return principal.staffId;
  return principal.kind === 'CUSTOMER' ? 'CUSTOMER' : 'SYSTEM';
}
