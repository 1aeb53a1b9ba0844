import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** AES-256-GCM: 32-byte keys, 12-byte nonces, 16-byte tags. */
const ALGORITHM = 'aes-256-gcm';
export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A fresh random 256-bit key (a customer's data key, or a master key). */
export const newKey = (): Buffer => randomBytes(KEY_BYTES);

/**
 * Encrypts `plaintext` under `key`, bound to `aad` (what it belongs to: opening it elsewhere fails).
 * Layout: nonce | tag | ciphertext.
 */
export const encrypt = (key: Buffer, plaintext: Buffer, aad: string): Buffer => {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
};

/** Decrypts what `encrypt` made; throws when the key, the `aad` or any byte is not the original. */
export const decrypt = (key: Buffer, sealed: Buffer, aad: string): Buffer => {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error('sealed value too short');
  const decipher = createDecipheriv(ALGORITHM, key, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
};

/** A data key wrapped by the master key, bound to the key's id (a wrapped key cannot be moved to another id). */
export const wrapKey = (master: Buffer, keyId: string, dataKey: Buffer): Buffer =>
  encrypt(master, dataKey, `leadflow-data-key:${keyId}`);

export const unwrapKey = (master: Buffer, keyId: string, wrapped: Buffer): Buffer =>
  decrypt(master, wrapped, `leadflow-data-key:${keyId}`);

/** The identity-index key as first derived from a master key (HKDF-SHA-256); kept wrapped so rotation keeps it. */
export const deriveIndexKey = (master: Buffer): Buffer =>
  Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'leadflow identity index v1', KEY_BYTES));

/** HMAC-SHA-256 of `value` under the index key, base64url: equal inputs give equal keys, nothing else is learnt. */
export const keyedHash = (indexKey: Buffer, value: string): string =>
  createHmac('sha256', indexKey).update(value, 'utf8').digest('base64url');
