import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { badInput } from '../graphql/errors';
import { ISO_COUNTRY_CODES, ISO_CURRENCY_CODES } from './iso-codes';
import { forbiddenCharacterIn, isValidPersonName } from './text';

/**
 * Input checks shared by every domain. Each returns the normalised value or
 * throws BAD_USER_INPUT naming the field, before anything is written.
 */

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;

export function normaliseEmail(field: string, value: string): string {
  if (value.length > 320 || forbiddenCharacterIn(value)) throw badInput(field, 'Not a valid e-mail address');
  const email = value.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) throw badInput(field, 'Not a valid e-mail address');
  return email;
}

/** Any common notation (+358 40 123 4567, 040-1234567) to E.164; Finnish numbers need no prefix. */
export function normalisePhone(field: string, value: string): string {
  const phone = parsePhoneNumberFromString(value.trim(), 'FI');
  if (!phone || !phone.isValid()) throw badInput(field, 'Not a phone number that can be written in E.164 form (e.g. +358401234567)');
  return phone.number;
}

export function requireText(field: string, value: string, maxLength: number): string {
  // Checked before trimming: the argument guard refuses these too, but services are also called from jobs and the CLI.
  const forbidden = forbiddenCharacterIn(value);
  if (forbidden) throw badInput(field, forbidden);
  const text = value.trim();
  if (text.length === 0) throw badInput(field, 'Must not be empty');
  if (text.length > maxLength) throw badInput(field, `Must be at most ${maxLength} characters`);
  return text;
}

export function optionalText(field: string, value: string | null | undefined, maxLength: number): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  return requireText(field, value, maxLength);
}

export const NAME_MAX = 100;

/** Formatting characters (zero-width, BOM, bidi marks) and line or paragraph separators: never part of a name. */
const NAME_FORMATTING = /[\p{Cf}\p{Zl}\p{Zp}]/u;

/** A display or party name (staff, billing): any text without zero-width or formatting characters. */
export function requireName(field: string, value: string): string {
  // Before trimming: String.prototype.trim would silently drop a leading BOM.
  if (NAME_FORMATTING.test(value)) throw badInput(field, 'A name must not contain zero-width or other formatting characters');
  return requireText(field, value, NAME_MAX).normalize('NFC');
}

/** A customer's first or last name (§4.1): letters and marks of any script, spaces, apostrophes, hyphens. */
export function requirePersonName(field: string, value: string): string {
  const name = requireName(field, value);
  if (!isValidPersonName(name)) {
    throw badInput(field, 'A name may hold letters, combining marks, spaces, apostrophes, hyphens and full stops (no digits, symbols, zero-width or formatting characters)');
  }
  return name;
}

export function requireCountryCode(field: string, value: string): string {
  const code = value.trim().toUpperCase();
  if (!ISO_COUNTRY_CODES.has(code)) throw badInput(field, 'Must be an ISO 3166-1 alpha-2 country code, e.g. FI');
  return code;
}

export function requireCurrency(field: string, value: string): string {
  const code = value.trim().toUpperCase();
  if (!ISO_CURRENCY_CODES.has(code)) throw badInput(field, 'Must be an ISO 4217 currency code, e.g. EUR');
  return code;
}

export function requirePositiveInt(field: string, value: number, max = 1_000_000): number {
  if (!Number.isInteger(value) || value <= 0) throw badInput(field, 'Must be a positive whole number');
  if (value > max) throw badInput(field, `Must be at most ${max}`);
  return value;
}

export function requireNonNegativeCents(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw badInput(field, 'Must be zero or more whole cents');
  if (value > 2_147_483_647) throw badInput(field, 'Amount is too large');
  return value;
}
