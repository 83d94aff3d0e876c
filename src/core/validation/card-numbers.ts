/**
 * §9.5: bank and card numbers never reach the register. A payment card number
 * is a run of 13–19 digits that passes the Luhn check; a bank account number
 * is an IBAN (ISO 13616: country code, two check digits, the national part,
 * mod-97 = 1). Both are searched for in every spelling a person or a script
 * might use: the text is first NFKC-normalised (full-width and other
 * compatibility digits become ASCII), every remaining Unicode decimal digit
 * is mapped to its value, and digits may be split by spaces of any kind
 * (double, non-breaking, tabs), dots, slashes, dashes or underscores.
 */

/** Characters that may separate digit groups: any whitespace or space separator, dashes, dots, slashes, underscores. */
const SEPARATOR = /[\s\p{Zs}\p{Pd}./\\_·•]/u;
const SEPARATORS_MAX = 3;

/** Printable ASCII and the usual whitespace: NFKC leaves it as it is, and its only digits are 0–9. */
const PLAIN_ASCII = /^[\t\n\r\x20-\x7e]*$/;

/** NFKC, then every \p{Nd} digit (Arabic-Indic, Devanagari, …) to its ASCII value. */
export function normaliseDigits(text: string): string {
  // Most texts (every request id, most names and notes) are plain ASCII: nothing to do, nothing allocated.
  if (PLAIN_ASCII.test(text)) return text;
  const nfkc = text.normalize('NFKC');
  let out = '';
  for (const char of nfkc) {
    if (char >= '0' && char <= '9') {
      out += char;
      continue;
    }
    if (/\p{Nd}/u.test(char)) {
      // Unicode encodes every decimal digit set as ten consecutive code points from its zero.
      let offset = 0;
      let cp = char.codePointAt(0)!;
      while (offset < 9 && /\p{Nd}/u.test(String.fromCodePoint(cp - 1))) {
        cp--;
        offset++;
      }
      out += String(offset % 10);
      continue;
    }
    out += char;
  }
  return out;
}

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

/** Groups of digits in `text` (already normalised), each run of groups split by at most a few separators. */
function digitRuns(text: string): { groups: string[]; start: number }[] {
  const runs: { groups: string[]; start: number }[] = [];
  let i = 0;
  while (i < text.length) {
    if (!(text[i] >= '0' && text[i] <= '9')) {
      i++;
      continue;
    }
    const start = i;
    const groups: string[] = [];
    for (;;) {
      let group = '';
      while (i < text.length && text[i] >= '0' && text[i] <= '9') group += text[i++];
      groups.push(group);
      let j = i;
      let separators = 0;
      while (j < text.length && separators < SEPARATORS_MAX && SEPARATOR.test(text[j])) {
        j++;
        separators++;
      }
      if (separators > 0 && j < text.length && text[j] >= '0' && text[j] <= '9') {
        i = j;
        continue;
      }
      break;
    }
    runs.push({ groups, start });
  }
  return runs;
}

export function containsCardNumber(text: string): boolean {
  if (text.length < 13) return false;
  const normalised = normaliseDigits(text);
  for (const run of digitRuns(normalised)) {
    // An international phone number (+358 50 …) is not a card number, even when its digits pass Luhn.
    if (run.start > 0 && normalised[run.start - 1] === '+') continue;
    // A card number is a whole group sequence: "4111 1111 1111 1111" inside
    // "4111 1111 1111 1111 12/25" counts, a window cut out of an unbroken
    // 25-digit reference does not (that would refuse ordinary ids).
    const { groups } = run;
    for (let first = 0; first < groups.length; first++) {
      // ISO/IEC 7812: a card number's first digit (the major industry identifier) is never 0; a run that
      // starts with 0 is a phone number written with its 00 or 0 prefix (00358 40 …: 14 digits, which
      // pass Luhn one time in ten).
      if (groups[first][0] === '0') continue;
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

/**
 * IBAN lengths per country, from the ISO 13616 register (SWIFT IBAN
 * Registry). Knowing the length keeps ordinary text from matching by the
 * 1-in-97 chance of the check.
 */
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BI: 27,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DJ: 27,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FK: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  LY: 25,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MN: 20,
  MR: 27,
  MT: 31,
  MU: 30,
  NI: 28,
  NL: 18,
  NO: 15,
  OM: 23,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  RU: 33,
  SA: 24,
  SC: 31,
  SD: 18,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  SO: 23,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
  YE: 30,
};

export function ibanValid(candidate: string): boolean {
  const iban = candidate.toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban) || IBAN_LENGTHS[iban.slice(0, 2)] !== iban.length) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = char >= 'A' ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

/** Letters or digits, possibly split by separators, starting with a country code and two check digits. */
const IBAN_START = /[A-Za-z]{2}[\s\p{Zs}\p{Pd}./\\_]{0,3}\d/gu;

export function containsIban(text: string): boolean {
  if (text.length < 15) return false;
  const normalised = normaliseDigits(text);
  for (const match of normalised.matchAll(IBAN_START)) {
    const start = match.index ?? 0;
    // Start of a word only: "FI21…" but not the tail of "XFI21…".
    if (start > 0 && /[\p{L}\p{N}]/u.test(normalised[start - 1])) continue;
    const country = normalised.slice(start, start + 2).toUpperCase();
    const length = IBAN_LENGTHS[country];
    if (!length) continue;
    let compact = '';
    let separators = 0;
    for (let i = start; i < normalised.length && compact.length < length; i++) {
      const char = normalised[i];
      if (/[A-Za-z0-9]/.test(char)) {
        compact += char;
        separators = 0;
      } else if (SEPARATOR.test(char) && separators < SEPARATORS_MAX && compact.length > 0) {
        separators++;
      } else {
        break;
      }
    }
    if (compact.length === length && ibanValid(compact)) return true;
  }
  return false;
}

/** What kind of payment data a text holds, if any. */
export function paymentDataIn(text: string): 'CARD' | 'IBAN' | null {
  if (containsCardNumber(text)) return 'CARD';
  if (containsIban(text)) return 'IBAN';
  return null;
}

/** Ids are UUIDs: their digit groups can pass Luhn by chance, and they are never free text. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The path and kind of the first string inside `value` that holds a card or bank account number, or null. */
export function findPaymentData(value: unknown, path: string): { path: string; kind: 'CARD' | 'IBAN' } | null {
  if (typeof value === 'string') {
    if (UUID.test(value)) return null;
    const kind = paymentDataIn(value);
    return kind ? { path, kind } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findPaymentData(value[i], `${path}.${i}`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, nested] of Object.entries(value)) {
      const found = findPaymentData(nested, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}

/** The path of the first string inside `value` that holds a card number, or null. */
export function findCardNumber(value: unknown, path: string): string | null {
  const found = findPaymentData(value, path);
  return found?.kind === 'CARD' ? found.path : null;
}
