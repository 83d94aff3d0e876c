/**
 * Characters no input may carry, and the stricter set a person's name may be
 * made of. Shared by the argument guard (every argument, before any work)
 * and the validators (names, codes).
 */

/** C0 controls except tab, LF and CR; DEL; C1 controls. NUL is among them (PostgreSQL text cannot hold it). */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
/** Bidirectional embeddings, overrides and isolates ("Trojan Source"): they make text read differently than it is stored. */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
/** A lone UTF-16 surrogate (JSON allows "\ud800"); it is not a character and breaks every encoder after us. */
const LONE_SURROGATE = /\p{Cs}/u;
/** Unicode noncharacters. */
const NONCHARACTER = /[\uFDD0-\uFDEF\uFFFE\uFFFF]/u;

/** Why a text is refused, or null when it may be stored. */
export function forbiddenCharacterIn(text: string): string | null {
  if (CONTROL.test(text)) return 'Must not contain control characters (such as NUL)';
  if (BIDI_CONTROL.test(text)) return 'Must not contain right-to-left or left-to-right override characters';
  if (LONE_SURROGATE.test(text)) return 'Must not contain broken characters (a lone surrogate)';
  if (NONCHARACTER.test(text)) return 'Must not contain Unicode noncharacters';
  return null;
}

/**
 * A person's name: letters and combining marks of any script (Finnish Äijälä,
 * Swedish Åström, Sámi Áŋŋá, names written with combining accents), spaces,
 * apostrophes (' and ’), hyphens and full stops (initials), and at least one
 * letter (issue 10). Digits of any script (\p{N}), zero-width and other
 * formatting characters, no-break spaces and symbols are refused: no name has
 * a digit, and a number in a name field is a reference, a phone or a card
 * number typed in the wrong place (§9.5).
 */
const NAME = /^[\p{L}\p{M} '’.-]+$/u;
const LETTER = /\p{L}/u;

export function isValidPersonName(name: string): boolean {
  const nfc = name.normalize('NFC');
  return NAME.test(nfc) && LETTER.test(nfc) && !/ {2}/.test(nfc);
}
