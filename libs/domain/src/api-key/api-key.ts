import type { Permission } from '../authorization/permissions';
import { currentPermissions } from '../authorization/permissions';

/**
 * API keys of the nCore face. A key is identified by the SHA-256 of its secret (keys are 256-bit random
 * strings, so a fast hash is enough); the secret itself never enters an event.
 *
 * A key holds permissions of the shared vocabulary (`user:read`, `user:create:<type>`, wildcards; see
 * authorization/permissions.ts). Keys issued before it was introduced store `users:read` / `users:write`;
 * those names stay in their events and are read as their equivalents.
 */
export interface ApiKeyIssued {
  type: 'ApiKeyIssued';
  data: { keyHash: string; tenantId: string; permissions: string[]; label: string; at: string };
}

export interface ApiKeyPrincipal {
  keyHash: string;
  tenantId: string;
  /** In the current vocabulary, whatever names the key was issued with. */
  permissions: readonly Permission[];
}

/**
 * The public id of a key, recorded with the events its writes appended (the history's `actor`): the first 16 hex
 * digits of its SHA-256, which its `apikey-<sha256>` stream's name starts with. 64 bits of a hash of a 256-bit
 * random secret tell nothing about the secret; they only tell two keys apart.
 */
export function apiKeyIdOf(keyHash: string): string {
  return keyHash.slice(0, 16);
}

export function apiKeyStream(keyHash: string): string {
  return `apikey-${keyHash}`;
}

/** Marks that the first key was handed out, so a generated key is printed only once in the store's life. */
export const BOOTSTRAP_KEY_STREAM = 'apikey-bootstrap';

export function principalOf(events: readonly ApiKeyIssued[]): ApiKeyPrincipal | null {
  const issued = events[0];
  if (!issued) return null;
  const permissions = [...new Set(issued.data.permissions.flatMap(currentPermissions))];
  return { keyHash: issued.data.keyHash, tenantId: issued.data.tenantId, permissions };
}
