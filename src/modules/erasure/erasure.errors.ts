import { registerEnumType } from 'type-graphql';
import { defineErrors } from '../../core/graphql/errors';

/**
 * Why an erasure is refused (§8.7, §8.9): typed results, not thrown errors, so the client branches on
 * ErasureResult.refusalCode (a GraphQL enum). The blockers that produce them live in the modules that own
 * the data they look at (legal-holds, orders) and take their codes from here, so the enum in the SDL lists
 * exactly what a refusal can carry. The message is the default reason; a blocker may say more.
 */
export const erasureRefusals = defineErrors('erasure', ['ERASURE_LEGAL_HOLD', 'ERASURE_OPEN_ORDER', 'ERASURE_UNPAID_ORDER'], {
  ERASURE_LEGAL_HOLD: 'Your data is under a legal hold (§8.9)',
  ERASURE_OPEN_ORDER: 'An order is still being delivered. We can erase your data once it has arrived.',
  ERASURE_UNPAID_ORDER: 'An order is not paid yet. We can erase your data once it is paid or cancelled.',
});

export type ErasureRefusalCode = (typeof erasureRefusals.codes)[number];
export const ErasureRefusalCode = erasureRefusals.enum;

/** A blocker's code as the enum; a code no one declared here is a bug, not a refusal the client can branch on. */
export function refusalCodeOf(code: string): ErasureRefusalCode {
  if (!erasureRefusals.has(code)) throw new Error(`erasure blocker returned an undeclared refusal code ${code}`);
  return code;
}

registerEnumType(ErasureRefusalCode, {
  name: 'ErasureRefusalCode',
  description: 'Why an erasure was refused (§8.7): the client branches on this, and shows refusalReason to the person.',
  valuesConfig: {
    ERASURE_LEGAL_HOLD: { description: 'The data is under a legal hold: a dispute, a claim or an authority’s request (§8.9).' },
    ERASURE_OPEN_ORDER: { description: 'An order is not yet delivered; erasure waits until it is.' },
    ERASURE_UNPAID_ORDER: { description: 'An order is unpaid (§8.9).' },
  },
});
