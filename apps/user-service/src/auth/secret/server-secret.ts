import { hkdfSync } from 'node:crypto';

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

export function deriveAuthKeys(secret: Buffer): AuthKeys {
  const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', secret, 'roster', `roster ${purpose} v1`, 32));
  return { tokenKey: derive('token'), otpKey: derive('otp'), cursorKey: derive('cursor') };
}
