import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { NewKey, WrappedKey } from './key-store';

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Random bytes drawn 4 KiB at a time (as Node's randomUUID does): a nonce per event and a key per new user would
 * otherwise each cost a call into the CSPRNG. The pool is replaced, never overwritten, so handed-out views stay valid.
 */
let pool = Buffer.alloc(0);
let poolOffset = 0;
function random(bytes: number): Buffer {
  if (poolOffset + bytes > pool.length) {
    pool = randomBytes(4096);
    poolOffset = 0;
  }
  poolOffset += bytes;
  return pool.subarray(poolOffset - bytes, poolOffset);
}

/** AES-256-GCM: nonce ‖ ciphertext ‖ tag, the additional data bound to it (a tampered or moved value fails to open). */
export function seal(key: Buffer, plaintext: Buffer, additionalData: string): Buffer {
  const nonce = random(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(additionalData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

/** The plaintext of `seal`; throws when the key, the additional data or any byte differs. */
export function unseal(key: Buffer, sealed: Buffer, additionalData: string): Buffer {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) throw new Error('sealed value too short');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE_BYTES));
  decipher.setAAD(Buffer.from(additionalData, 'utf8'));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
}

/** A key was wrapped under a key-encryption key this process does not have: another ROSTER_SECRET, or one rotated away. */
export class UnknownKeyEncryptionKeyError extends Error {
  constructor(kekId: string) {
    super(
      `a personal-data key is wrapped under key-encryption key ${kekId}, which this process's secret does not derive ` +
        '(every process must share ROSTER_SECRET; after a rotation set ROSTER_PREVIOUS_SECRET to the old one)',
    );
    this.name = 'UnknownKeyEncryptionKeyError';
  }
}

interface KeyEncryptionKey {
  id: string;
  key: Buffer;
}

/**
 * The key-encryption keys, derived with HKDF from the server secret (and from the previous one during a rotation),
 * and what they do: make new data keys wrapped under the current one, unwrap keys wrapped under any of them.
 */
export class KeyRing {
  private readonly current: KeyEncryptionKey;
  private readonly byId: Map<string, KeyEncryptionKey>;

  constructor(secret: Buffer, previousSecrets: readonly Buffer[] = []) {
    const keks = [secret, ...previousSecrets].map(keyEncryptionKeyOf);
    this.current = keks[0] as KeyEncryptionKey;
    this.byId = new Map(keks.map((kek) => [kek.id, kek]));
  }

  get currentKekId(): string {
    return this.current.id;
  }

  /** A fresh random data key for `subject`, with its wrapping to store. */
  newKey(subject: string): { key: Buffer; stored: NewKey } {
    // A copy: a cached key must not keep a whole pool alive.
    const key = Buffer.from(random(KEY_BYTES));
    return { key, stored: { subject, ...this.wrap(subject, key) } };
  }

  wrap(subject: string, key: Buffer): WrappedKey {
    return { wrapped: seal(this.current.key, key, subject), kekId: this.current.id };
  }

  /** The data key; the subject is bound to its wrapping, so a key row copied to another subject does not open. */
  unwrap(subject: string, { wrapped, kekId }: WrappedKey): Buffer {
    const kek = this.byId.get(kekId);
    if (!kek) throw new UnknownKeyEncryptionKeyError(kekId);
    return unseal(kek.key, wrapped, subject);
  }
}

function keyEncryptionKeyOf(secret: Buffer): KeyEncryptionKey {
  const key = Buffer.from(hkdfSync('sha256', secret, 'roster', 'roster personal-data key-encryption key v1', 32));
  // Names the key without revealing it: 64 bits of its SHA-256.
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 16), key };
}

/** A keyed hash of a value that must be looked up but not stored (a userName, a mobile number in a stream name). */
export function keyedHash(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('base64url');
}
