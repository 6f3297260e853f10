/**
 * Secrets at rest: AES-256-GCM with a fresh random 12-byte IV for every write and the 16-byte authentication tag
 * checked on every read, so a stored installation can be neither read nor changed without TOKEN_ENCRYPTION_KEY.
 * The caller's `context` (the record's key) is bound in as additional authenticated data: a sealed value copied
 * under another workspace's key does not open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Encrypt `plaintext` with the 32-byte `key`: `v1:` + base64(iv | tag | ciphertext). */
export function seal(key: Buffer, plaintext: string, context: string): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

/** Decrypt what `seal` wrote under the same key and context. Throws when the key, context or bytes differ. */
export function open(key: Buffer, sealed: string, context: string): string {
  assertKey(key);
  const [version, data] = sealed.split(':', 2);
  if (version !== VERSION || !data) throw new Error('Not a sealed value (unknown format).');
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('Sealed value is too short.');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('Sealed value failed its integrity check (wrong TOKEN_ENCRYPTION_KEY, or the stored bytes were changed).');
  }
}

function assertKey(key: Buffer): void {
  if (key.length !== 32) throw new Error('The encryption key must be 32 bytes.');
}
