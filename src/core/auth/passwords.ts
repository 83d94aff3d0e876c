import { hash, verify } from '@node-rs/argon2';
import { badInput } from '../graphql/errors';

/** OWASP password storage: argon2id with m = 19 MiB, t = 2, p = 1. */
// algorithm 2 is Algorithm.Argon2id (a const enum, which isolatedModules cannot import).
const ARGON2ID = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

/** A hash of a random password, verified against when the account does not exist, so both paths cost the same. */
let decoy: Promise<string> | null = null;

export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (storedHash === null) {
    decoy ??= hashPassword(`decoy-${Math.random()}`);
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}

/** ASVS 2.1: at least 12 characters, at most 128, anything printable allowed (no composition rules). */
export function requirePassword(field: string, password: string): string {
  if (password.length < 12) throw badInput(field, 'Use at least 12 characters');
  if (password.length > 128) throw badInput(field, 'Use at most 128 characters');
  return password;
}
