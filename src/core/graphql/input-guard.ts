import { getNullableType, isInputObjectType, isListType, isScalarType, type GraphQLArgument, type GraphQLField, type GraphQLInputType } from 'graphql';
import { badInput, coreErrors } from './errors';
import { isUuid } from '../db/sql';
import { findPaymentData } from '../validation/card-numbers';
import { forbiddenCharacterIn } from '../validation/text';

/**
 * Every argument of every query and mutation is checked here, before its
 * resolver (and so before any SQL, hash or lock):
 * - an ID is a UUID, or the request answers BAD_USER_INPUT (never a database error);
 * - no string carries NUL, control, bidi-override or broken characters;
 * - no string is longer than its cap (an e-mail 320, a password 256, anything 5,000);
 * - §9.5: no mutation argument holds a card or bank account number, in any spelling.
 */

/** Upper bounds checked before any work; the services' own, tighter limits follow. */
export const ARGUMENT_LENGTH_CAPS: Record<string, number> = {
  email: 320,
  password: 256,
  newPassword: 256,
  firstName: 200,
  lastName: 200,
  name: 200,
  token: 512,
};
export const DEFAULT_ARGUMENT_LENGTH_CAP = 5_000;

function checkValue(value: unknown, type: GraphQLInputType, path: string, key: string): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (Array.isArray(value))
      value.forEach((item, index) => {
        checkValue(item, nullable.ofType, `${path}.${index}`, key);
      });
    return;
  }
  if (isInputObjectType(nullable)) {
    if (typeof value !== 'object') return;
    const fields = nullable.getFields();
    for (const [name, nested] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[name];
      if (field) checkValue(nested, field.type, `${path}.${name}`, name);
    }
    return;
  }
  if (typeof value !== 'string' || !isScalarType(nullable)) return;
  const cap = ARGUMENT_LENGTH_CAPS[key] ?? DEFAULT_ARGUMENT_LENGTH_CAP;
  if (value.length > cap) throw badInput(path, `Must be at most ${cap} characters`);
  const forbidden = forbiddenCharacterIn(value);
  if (forbidden) throw badInput(path, forbidden);
  // Every id in this API is a UUID: anything else is refused here, not by PostgreSQL's cast.
  if (nullable.name === 'ID' && !isUuid(value)) throw badInput(path, 'Not a valid id');
}

export function checkArguments(definitions: readonly GraphQLArgument[], args: Record<string, unknown>): void {
  for (const definition of definitions) {
    checkValue(args[definition.name], definition.type, definition.name, definition.name);
  }
}

/**
 * Run before every Query and Mutation root field (core/graphql/guard.ts calls
 * it once per root field, not per nested field).
 */
export function checkRootArguments(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>, isMutation: boolean): void {
  checkArguments(field.args, args);
  if (!isMutation) return;
  // §9.5: card and bank account numbers never reach the register, whatever the field.
  const found = findPaymentData(args, '');
  if (found) {
    const message =
      found.kind === 'CARD'
        ? 'This looks like a payment card number; card numbers are never stored (§9.5)'
        : 'This looks like a bank account number (IBAN); bank account numbers are never stored (§9.5)';
    throw coreErrors.error('BAD_USER_INPUT', { message, field: found.path });
  }
}
