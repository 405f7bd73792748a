import type { ExistingUser } from './user.state';

/** Why a user with the right password still may not log in; null when nothing stands in the way. */
export type LoginRefusal = 'locked' | 'inactive' | 'no_password';

/** `at` is an ISO time; a lock whose `lockedUntil` has passed no longer refuses (the next success records the unlock). */
export function loginRefusal(user: ExistingUser, at: string): LoginRefusal | null {
  if (isLocked(user, at)) return 'locked';
  if (!user.active) return 'inactive';
  if (user.passwordHash === null) return 'no_password';
  return null;
}

export function isLocked(user: Pick<ExistingUser, 'lockedUntil'>, at: string): boolean {
  return user.lockedUntil !== null && Date.parse(user.lockedUntil) > Date.parse(at);
}

/** When the password stops working, `expiryDays` after it was last set; null without a password. */
export function passwordExpiresAt(user: Pick<ExistingUser, 'passwordChangedAt'>, expiryDays: number): string | null {
  if (user.passwordChangedAt === null) return null;
  return new Date(Date.parse(user.passwordChangedAt) + expiryDays * 24 * 60 * 60 * 1000).toISOString();
}
