import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Webhook signing secrets at rest (issue 11, §9.3). A Standard Webhooks
 * secret must be available in clear to sign, so it cannot be hashed like a
 * token; it is sealed with AES-256-GCM under WEBHOOK_SECRET_KEY (src/config)
 * instead. A copy of the database (a backup, a replica, a dump handed to a
 * developer) then holds no secret a forger could sign with.
 *
 * Stored form: `v1.<iv>.<tag>.<ciphertext>` (base64url; 96-bit random IV,
 * 128-bit tag). The partner id is the additional authenticated data, so a
 * sealed secret copied onto another partner's row does not open.
 */

const VERSION = 'v1';

export function sealWebhookSecret(key: Buffer, secret: string, partnerId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(partnerId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

/** The clear secret, or null when the value is not sealed by this key for this partner (wrong key, tampered, clear text). */
export function openWebhookSecret(key: Buffer, sealed: string, partnerId: string): string | null {
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(parts[1], 'base64url'));
    decipher.setAAD(Buffer.from(partnerId, 'utf8'));
    decipher.setAuthTag(Buffer.from(parts[2], 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(parts[3], 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** True for a value that is already sealed (the migration leaves those alone). */
export function isSealedWebhookSecret(value: string): boolean {
  return value.startsWith(`${VERSION}.`);
}
