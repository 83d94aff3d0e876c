import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/*
 * Bearer tokens. Sessions and partner tokens carry 256 bits of randomness
 * (≥ 128 required); the database keeps only SHA-256 of the whole token, so a
 * leaked copy of the database hands out nothing. A random 256-bit secret needs
 * no slow hash: nobody can guess it, and SHA-256 makes the lookup an index hit.
 */

export const SESSION_PREFIX = 'rks_';
export const PARTNER_PREFIX = 'rk_';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function base62(bytes: Buffer, length: number): string {
  let value = BigInt(`0x${bytes.toString('hex')}`);
  let out = '';
  while (out.length < length) {
    out = BASE62[Number(value % 62n)] + out;
    value /= 62n;
  }
  return out;
}

/** CRC-32 (IEEE), as used by secret scanners to tell a real token from noise without a lookup. */
function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** SHA-256 of a token, hex: how tokens are stored and looked up. One-shot `crypto.hash`: every request hashes its bearer token (≈ 3× faster than a Hash object for a token's length). */
export function hashToken(token: string): string {
  return hash('sha256', token, 'hex');
}

/** A storefront or admin-panel session token: rks_ + 43 base62 characters (256 bits). */
export function newSessionToken(): string {
  return SESSION_PREFIX + base62(randomBytes(32), 43);
}

const SECRET_LENGTH = 43;
const CHECKSUM_LENGTH = 6;

/**
 * A partner API token: rk_ + 43 base62 characters (256 bits) + a 6-character
 * CRC-32 checksum, so a leaked token is recognisable in logs and repositories
 * and a mistyped one is refused before any database lookup.
 */
export function newPartnerToken(): string {
  const body = PARTNER_PREFIX + base62(randomBytes(32), SECRET_LENGTH);
  const checksum = base62(Buffer.from(crc32(body).toString(16).padStart(8, '0'), 'hex'), CHECKSUM_LENGTH);
  return body + checksum;
}

export type TokenKind = 'SESSION' | 'PARTNER';

/** Recognise a token's kind from its shape, or null when it is malformed. */
export function classifyToken(token: string): TokenKind | null {
  if (token.startsWith(SESSION_PREFIX)) {
    return /^rks_[0-9A-Za-z]{43}$/.test(token) ? 'SESSION' : null;
  }
  if (token.startsWith(PARTNER_PREFIX) && /^rk_[0-9A-Za-z]{49}$/.test(token)) {
    const body = token.slice(0, PARTNER_PREFIX.length + SECRET_LENGTH);
    const given = Buffer.from(token.slice(-CHECKSUM_LENGTH));
    const expected = Buffer.from(base62(Buffer.from(crc32(body).toString(16).padStart(8, '0'), 'hex'), CHECKSUM_LENGTH));
    return timingSafeEqual(given, expected) ? 'PARTNER' : null;
  }
  return null;
}
