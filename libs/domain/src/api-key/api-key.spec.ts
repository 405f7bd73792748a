import type { ApiKeyIssued } from './api-key';
import { principalOf } from './api-key';

const issued = (permissions: string[]): ApiKeyIssued => ({
  type: 'ApiKeyIssued',
  data: { keyHash: 'hash-1', tenantId: 'default', permissions, label: 'test', at: '2024-01-01T00:00:00.000Z' },
});

describe('principalOf', () => {
  it('is null for a key never issued', () => {
    expect(principalOf([])).toBeNull();
  });

  it('carries the tenant and the permissions of the vocabulary', () => {
    expect(principalOf([issued(['user:read', 'user:create:employee'])])).toEqual({
      keyHash: 'hash-1',
      tenantId: 'default',
      permissions: ['user:read', 'user:create:employee'],
    });
  });

  it('reads the names of the first keys as their equivalents, once each', () => {
    expect(principalOf([issued(['users:read', 'users:write', 'user:read'])])?.permissions).toEqual([
      'user:read',
      'user:create:*',
      'user:update:*',
    ]);
  });
});
