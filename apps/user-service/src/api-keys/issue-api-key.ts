import type { ApiKeyIssued } from '@roster/domain';
import { apiKeyStream } from '@roster/domain';
import type { StreamAppend } from '@roster/event-store';
import { generateApiKey, hashApiKey } from './api-key-secret';

export interface ApiKeyGrant {
  tenantId: string;
  /** Permissions of the vocabulary (`user:read`, `user:create:employee`, `*` …); stored as given. */
  permissions: readonly string[];
  label: string;
  at: Date;
}

/** The append that issues `key` (only once: the stream must not exist yet). Only the key's hash is stored. */
export function apiKeyIssuance(key: string, grant: ApiKeyGrant): StreamAppend {
  const keyHash = hashApiKey(key);
  const issued: ApiKeyIssued = {
    type: 'ApiKeyIssued',
    data: {
      keyHash,
      tenantId: grant.tenantId,
      permissions: [...grant.permissions],
      label: grant.label,
      at: grant.at.toISOString(),
    },
  };
  return {
    stream: apiKeyStream(keyHash),
    events: [{ type: issued.type, data: { ...issued.data } }],
    expectedRevision: 'no_stream',
  };
}

export { generateApiKey };
