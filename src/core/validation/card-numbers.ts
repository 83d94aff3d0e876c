/**
 * §9.5: bank and card numbers never reach the register. Any run of 13–19
 * digits, possibly split by single spaces or dashes, that passes the Luhn
 * check is treated as a payment card number.
 */

/** A maximal run of digits where single spaces or dashes may separate groups. */
const DIGIT_RUN = /\d(?:[ -]?\d)*/g;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export function containsCardNumber(text: string): boolean {
  if (text.length < 13) return false;
  for (const match of text.matchAll(DIGIT_RUN)) {
    // An international phone number (+358 50 …) is not a card number, even when its digits pass Luhn.
    if (match.index !== undefined && match.index > 0 && text[match.index - 1] === '+') continue;
    // A card number is a whole group sequence: "4111 1111 1111 1111" inside
    // "4111 1111 1111 1111 12/25" counts, a window cut out of an unbroken
    // 25-digit reference does not (that would refuse ordinary ids).
    const groups = match[0].split(/[ -]/);
    for (let first = 0; first < groups.length; first++) {
      let digits = '';
      for (let last = first; last < groups.length; last++) {
        digits += groups[last];
        if (digits.length > 19) break;
        if (digits.length >= 13 && luhnValid(digits)) return true;
      }
    }
  }
  return false;
}

/** The path of the first string inside `value` that holds a card number, or null. */
/** Ids are UUIDs: their digit groups can pass Luhn by chance, and they are never free text. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function findCardNumber(value: unknown, path: string): string | null {
  if (typeof value === 'string') return !UUID.test(value) && containsCardNumber(value) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findCardNumber(value[i], `${path}.${i}`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, nested] of Object.entries(value)) {
      const found = findCardNumber(nested, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}
