import type { EntityManager } from '@mikro-orm/postgresql';
import type { EmailKind } from './email-message.entity';

/**
 * Work that must wait until an e-mail has gone out, done in the same
 * transaction that records the delivery. Art 18(3) is the reason it exists:
 * a restriction is lifted only after the customer was told, so the
 * restrictions module registers a follow-up for RESTRICTION_LIFTING (from its
 * manifest, which every process loads through src/app/modules.ts) and the
 * outbox, which imports no other module, runs it.
 *
 * `outcome` is SENT when the mail server accepted the message, NO_ADDRESS when
 * there was nobody to send it to by the time of delivery (the address was
 * removed meanwhile). A message given up (DEAD) runs no follow-up: the owed
 * step stays pending, and whoever asked for it sees that and may ask again.
 */
export type DeliveryOutcome = 'SENT' | 'NO_ADDRESS';

export interface DeliveredEmail {
  id: string;
  kind: EmailKind;
  customerId: string | null;
  requestId: string | null;
}

export type DeliveryFollowUp = (em: EntityManager, email: DeliveredEmail, outcome: DeliveryOutcome, at: Date) => Promise<void>;

const FOLLOW_UPS = new Map<EmailKind, DeliveryFollowUp>();

/** One follow-up per kind; registering the same kind twice is a wiring mistake. */
export function registerDeliveryFollowUp(kind: EmailKind, followUp: DeliveryFollowUp): void {
  const existing = FOLLOW_UPS.get(kind);
  if (existing && existing !== followUp) throw new Error(`A delivery follow-up for ${kind} is registered already`);
  FOLLOW_UPS.set(kind, followUp);
}

export function deliveryFollowUpFor(kind: EmailKind): DeliveryFollowUp | undefined {
  return FOLLOW_UPS.get(kind);
}
