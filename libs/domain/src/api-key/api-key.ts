/**
 * API keys of the nCore face. A key is identified by the SHA-256 of its secret (keys are 256-bit random
 * strings, so a fast hash is enough); the secret itself never enters an event.
 */
export const API_KEY_PERMISSIONS = ['users:read', 'users:write'] as const;
export type ApiKeyPermission = (typeof API_KEY_PERMISSIONS)[number];

export interface ApiKeyIssued {
  type: 'ApiKeyIssued';
  data: { keyHash: string; tenantId: string; permissions: ApiKeyPermission[]; label: string; at: string };
}

export interface ApiKeyPrincipal {
  keyHash: string;
  tenantId: string;
  permissions: readonly ApiKeyPermission[];
}

export function apiKeyStream(keyHash: string): string {
  return `apikey-${keyHash}`;
}

/** Marks that the first key was handed out, so a generated key is printed only once in the store's life. */
export const BOOTSTRAP_KEY_STREAM = 'apikey-bootstrap';

export function principalOf(events: readonly ApiKeyIssued[]): ApiKeyPrincipal | null {
  const issued = events[0];
  return issued ? { keyHash: issued.data.keyHash, tenantId: issued.data.tenantId, permissions: issued.data.permissions } : null;
}
