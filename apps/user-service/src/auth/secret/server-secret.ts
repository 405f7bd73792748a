import { hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RosterConfig } from '@roster/config';

/** Keys derived from the server secret, one per use, so a key leaking from one use opens nothing else. */
export interface AuthKeys {
  /** Signs access and refresh tokens. */
  tokenKey: Buffer;
  /** Keys the HMAC under which OTP codes are stored. */
  otpKey: Buffer;
  /** Signs the paging cursors handed to clients. */
  cursorKey: Buffer;
}

/** Nest DI token of the AuthKeys. */
export const AUTH_KEYS = Symbol('AUTH_KEYS');

export const SECRET_FILE_NAME = 'roster.secret';
const SECRET_BYTES = 32;

/**
 * ROSTER_SECRET when set (the choice for several user-service processes: they must share it). Otherwise
 * `<DATA_DIR>/roster.secret`, created on first start with 32 random bytes, readable only by the owner, so
 * tokens and pending OTPs survive a restart. With the in-memory event store nothing survives a restart
 * anyway, so the secret is random per process and nothing is written.
 */
export function loadServerSecret(config: RosterConfig): Buffer {
  if (config.egov.secret !== null) return Buffer.from(config.egov.secret, 'utf8');
  if (config.eventStore === 'memory') return randomBytes(SECRET_BYTES);
  return readOrCreateSecretFile(join(config.dataDir, SECRET_FILE_NAME));
}

function readOrCreateSecretFile(path: string): Buffer {
  mkdirSync(dirname(path), { recursive: true });
  try {
    // `wx`: of two processes starting at once, exactly one creates the file; the other reads it below.
    writeFileSync(path, randomBytes(SECRET_BYTES).toString('base64'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (secret.length < SECRET_BYTES) {
    throw new Error(
      `cannot start: ${path} must hold at least ${SECRET_BYTES} bytes, base64-encoded (delete it to have a new one made)`,
    );
  }
  return secret;
}

export function deriveAuthKeys(secret: Buffer): AuthKeys {
  const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', secret, 'roster', `roster ${purpose} v1`, 32));
  return { tokenKey: derive('token'), otpKey: derive('otp'), cursorKey: derive('cursor') };
}
