import { historyEntryResponseOf } from './users.mapping';

describe('a history entry on the nCore face', () => {
  it('names every field as the face does and spells nested values in snake_case', () => {
    expect(
      historyEntryResponseOf({
        revision: 3,
        type: 'ProfileUpdated',
        at: '2026-05-17T09:30:00.000Z',
        actor: { type: 'api_key', id: '0123456789abcdef' },
        changes: {
          firstName: { from: 'Jane', to: 'Janet' },
          dateOfBirth: { from: null, to: '1990-01-02' },
          address: { from: null, to: { line1: '1 MG Road', postalCode: '411001' } },
          parentId: { from: 'p-1', to: null },
          roles: { from: [], to: [{ code: 'EMPLOYEE', tenantId: 'pb.amritsar' }] },
          lockedUntil: { from: null, to: '2026-05-17T10:30:00.000Z' },
          altContactNumber: { from: null, to: '9876543210' },
          failedLogins: { from: 0, to: 1 },
          password: 'changed',
        },
      }),
    ).toEqual({
      revision: 3,
      type: 'ProfileUpdated',
      at: '2026-05-17T09:30:00.000Z',
      actor: { type: 'api_key', id: '0123456789abcdef' },
      changes: {
        first_name: { from: 'Jane', to: 'Janet' },
        date_of_birth: { from: null, to: '1990-01-02' },
        address: {
          from: null,
          to: { line1: '1 MG Road', line2: null, city: null, state: null, postal_code: '411001', country: null },
        },
        parent_user_id: { from: 'p-1', to: null },
        roles: { from: [], to: [{ code: 'EMPLOYEE', tenant_id: 'pb.amritsar' }] },
        locked_until: { from: null, to: '2026-05-17T10:30:00.000Z' },
        alt_contact_number: { from: null, to: '9876543210' },
        failed_logins: { from: 0, to: 1 },
        password: 'changed',
      },
    });
  });
});
