import type { EntityManager } from '@mikro-orm/postgresql';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { execute } from '../db/sql';
import type { DataMap } from './map';

/*
 * Free-text scrubbing on erasure (§8.7). Staff and customers write names,
 * e-mail addresses, phone numbers and street addresses into notes and
 * reasons, in the spellings people use: any case, extra or missing spaces,
 * +358 / 00358 / 0 in front of a Finnish number, "(at)" for "@", a name
 * without its diacritics. Each identifier becomes one pattern that accepts
 * those spellings; every free-text column the map names is searched with it
 * and the matches replaced.
 */

/** What replaces an identifier in free text. */
export const SCRUBBED = '[erased]';

export interface SubjectIdentifiers {
  names: string[];
  emails: string[];
  phones: string[];
  addressLines: string[];
}

export function emptyIdentifiers(): SubjectIdentifiers {
  return { names: [], emails: [], phones: [], addressLines: [] };
}

const SYNTAX = /[\^$\\.*+?()[\]{}|/]/;

/** Letters Unicode does not decompose, and the plain letter people type for them ("Østergård" as "Ostergard"). */
const PLAIN_LETTER: Readonly<Record<string, string>> = { ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ı: 'i' };

function stripDiacritics(ch: string): string {
  return PLAIN_LETTER[ch] ?? ch.normalize('NFD').replace(/\p{M}+/gu, '');
}

/** One character as a class that ignores case and diacritics, the same in JS and PostgreSQL regexes. */
function letterClass(ch: string): string {
  const variants = new Set([ch, ch.toLowerCase(), ch.toUpperCase()]);
  const plain = stripDiacritics(ch);
  if (plain && plain !== ch) for (const v of [plain, plain.toLowerCase(), plain.toUpperCase()]) variants.add(v);
  const list = [...variants].filter((v) => v.length === 1);
  if (list.length <= 1) return SYNTAX.test(ch) ? `\\${ch}` : ch === '-' ? '-' : ch;
  return `[${list.join('')}]`;
}

/** Words joined by any run of spaces, commas, dots or hyphens (or none). */
function wordsPattern(words: readonly string[], gap: string): string {
  return words.map((word) => [...word].map(letterClass).join('')).join(gap);
}

function namePatterns(name: string): string[] {
  const parts = name
    .split(/[\s,]+/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0) return [];
  // A double name's halves are words too: "Äijälä-Østergård" is also written "Aijala Ostergard".
  const words = (list: readonly string[]) => list.flatMap((p) => p.split('-')).filter((w) => w.length > 0);
  const patterns = new Set<string>();
  const gap = '[\\s,.-]*';
  patterns.add(wordsPattern(words(parts), gap));
  if (parts.length >= 2) patterns.add(wordsPattern(words([...parts].reverse()), gap));
  // A surname or a first name alone is still the person in a note about them.
  for (const word of words(parts)) if ([...word].length >= 3) patterns.add(wordsPattern([word], gap));
  return [...patterns];
}

function emailPattern(email: string): string | null {
  const at = email.lastIndexOf('@');
  if (at <= 0) return null;
  const piece = (text: string) =>
    text
      .split('.')
      .map((segment) => [...segment].map(letterClass).join(''))
      .join('\\s?(?:\\.|\\(dot\\)|\\[dot\\])\\s?');
  return `${piece(email.slice(0, at))}\\s*(?:@|\\(at\\)|\\[at\\])\\s*${piece(email.slice(at + 1))}`;
}

function phonePattern(phone: string): string | null {
  const parsed = parsePhoneNumberFromString(phone, 'FI');
  const national = parsed?.nationalNumber ?? phone.replace(/\D/g, '');
  if (national.length < 5) return null;
  const country = parsed?.countryCallingCode ?? '358';
  const digits = [...national].join('[\\s().-]*');
  // +358 40…, 00358 40…, +358 (0)40…, 040…, or the national number alone.
  return `(?:(?:\\+|00)\\s*${country}[\\s-]*(?:\\(0\\)[\\s-]*)?|0[\\s-]*)?${digits}`;
}

function addressPattern(line: string): string | null {
  const words = line.split(/[\s,]+/).filter((w) => w.length > 0);
  if (words.length === 0 || line.replace(/\W/g, '').length < 4) return null;
  return wordsPattern(words, '[\\s,.-]*');
}

/** A compiled scrubber for one or more subjects' identifiers. */
export interface Scrubber {
  /** Null when there is nothing to look for. */
  readonly postgresPattern: string | null;
  scrub(text: string): string;
  scrubJson(value: unknown): unknown;
}

export function buildScrubber(identifiers: SubjectIdentifiers): Scrubber {
  const IGNORED = new Set(['erased', SCRUBBED.toLowerCase()]);
  const keep = (value: string) => value.trim().length > 1 && !IGNORED.has(value.trim().toLowerCase());
  const patterns = new Set<string>();
  for (const email of identifiers.emails.filter(keep)) {
    const p = emailPattern(email.trim());
    if (p) patterns.add(p);
  }
  for (const phone of identifiers.phones.filter(keep)) {
    const p = phonePattern(phone.trim());
    if (p) patterns.add(p);
  }
  for (const line of identifiers.addressLines.filter(keep)) {
    const p = addressPattern(line.trim());
    if (p) patterns.add(p);
  }
  for (const name of identifiers.names.filter(keep)) for (const p of namePatterns(name.trim())) patterns.add(p);
  if (patterns.size === 0) return { postgresPattern: null, scrub: (t) => t, scrubJson: (v) => v };
  // Longest first, so "Aino Virtanen" goes as one piece before "Aino" alone.
  const ordered = [...patterns].sort((a, b) => b.length - a.length);
  const alternation = ordered.map((p) => `(?:${p})`).join('|');
  // Not inside a longer word or number: "Aino" is not cut out of "Ainola", nor a phone out of an order number.
  const js = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternation})(?![\\p{L}\\p{N}])`, 'gu');
  const scrub = (text: string) => text.replace(js, SCRUBBED);
  const scrubJson = (value: unknown): unknown => {
    if (typeof value === 'string') return scrub(value);
    if (Array.isArray(value)) return value.map(scrubJson);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubJson(v)]));
    return value;
  };
  // PostgreSQL finds the candidate rows (a superset: no word boundaries); JS does the exact cut.
  return { postgresPattern: alternation, scrub, scrubJson };
}

/**
 * The subjects' identifiers, read through the map: every column marked as an
 * identifier, in every table that says whose rows it holds.
 */
export async function collectIdentifiers(em: EntityManager, map: DataMap, customerIds: readonly string[]): Promise<SubjectIdentifiers> {
  const found = emptyIdentifiers();
  if (customerIds.length === 0) return found;
  for (const table of map.tables) {
    if (!table.subjectColumn) continue;
    const columns = Object.entries(table.columns).filter(([, entry]) => entry.identifier && entry.subject === 'CUSTOMER');
    if (columns.length === 0) continue;
    const select = columns.map(([column]) => `"${column}"`).join(', ');
    const rows = await execute<Record<string, string | null>>(em, `select ${select} from "${table.table}" where "${table.subjectColumn}" = any(?::uuid[])`, [
      `{${customerIds.join(',')}}`,
    ]);
    for (const row of rows) {
      const names: string[] = [];
      for (const [column, entry] of columns) {
        const value = row[column];
        if (!value) continue;
        if (entry.identifier === 'NAME') names.push(value);
        else if (entry.identifier === 'EMAIL') found.emails.push(value);
        else if (entry.identifier === 'PHONE') found.phones.push(value);
        else found.addressLines.push(value);
      }
      found.names.push(...names);
      // First and last name in two columns: also as one name, in both orders.
      if (names.length > 1 && table.columns.first_name) found.names.push(names.join(' '));
    }
  }
  return dedupe(found);
}

function dedupe(ids: SubjectIdentifiers): SubjectIdentifiers {
  const uniq = (values: string[]) => [...new Set(values.map((v) => v.trim()).filter((v) => v.length > 0))];
  return { names: uniq(ids.names), emails: uniq(ids.emails), phones: uniq(ids.phones), addressLines: uniq(ids.addressLines) };
}

export function mergeIdentifiers(a: SubjectIdentifiers, b: SubjectIdentifiers): SubjectIdentifiers {
  return dedupe({ names: [...a.names, ...b.names], emails: [...a.emails, ...b.emails], phones: [...a.phones, ...b.phones], addressLines: [...a.addressLines, ...b.addressLines] });
}

/**
 * Scrub every free-text column the map names (erasure SCRUB, or free text of
 * rows that stay), in every row where an identifier occurs: staff may have
 * written one person's phone number into another's note. Answers how many
 * values were changed per column.
 */
export async function scrubFreeText(em: EntityManager, map: DataMap, scrubber: Scrubber): Promise<Map<string, number>> {
  const changed = new Map<string, number>();
  if (!scrubber.postgresPattern) return changed;
  for (const { table, column, entry } of map.entries()) {
    if (entry.category !== 'FREE_TEXT') continue;
    const tableMap = map.table(table)!;
    if (!tableMap.columns.id) throw new Error(`${table}: free text is scrubbed by row id; the table has no id column`);
    const rows = await execute<{ id: string; value: string; json: boolean }>(
      em,
      `select id::text as id, "${column}"::text as value, pg_typeof("${column}")::text in ('json', 'jsonb') as json
       from "${table}" where "${column}"::text ~ ?`,
      [scrubber.postgresPattern],
    );
    let n = 0;
    for (const row of rows) {
      const next = row.json ? JSON.stringify(scrubber.scrubJson(JSON.parse(row.value))) : scrubber.scrub(row.value);
      if (next === row.value || (row.json && JSON.stringify(JSON.parse(row.value)) === next)) continue;
      await execute(em, `update "${table}" set "${column}" = ?${row.json ? '::jsonb' : ''} where id::text = ?`, [next, row.id]);
      n++;
    }
    if (n > 0) changed.set(`${table}.${column}`, n);
  }
  return changed;
}
