import { deriveAuthKeys } from './server-secret';

describe('auth keys', () => {
  it('derives distinct, stable keys for tokens and OTPs', () => {
    const secret = Buffer.alloc(32, 7);
    const keys = deriveAuthKeys(secret);

    expect(keys.tokenKey).toHaveLength(32);
    expect(keys.otpKey).toHaveLength(32);
    expect(keys.tokenKey.equals(keys.otpKey)).toBe(false);
    expect(keys.tokenKey.equals(secret)).toBe(false);
    expect(deriveAuthKeys(Buffer.alloc(32, 7))).toEqual(keys);
  });
});
