import type { AllowList } from './allow-list';
import { pickAllowed } from './allow-list';

interface Role {
  code: string;
  tenantId: string;
}

interface Published {
  name: string;
  nickname?: string | null;
  roles: Role[];
  tags: string[];
}

const PUBLISHED: AllowList<Published> = {
  name: true,
  nickname: true,
  roles: { code: true, tenantId: true },
  tags: true,
};

describe('pickAllowed', () => {
  it('copies listed fields, keeps nulls, and leaves absent fields absent', () => {
    expect(pickAllowed<Published>({ name: 'a', nickname: null }, PUBLISHED)).toEqual({ name: 'a', nickname: null });
  });

  it('filters each element of an array by the element rule', () => {
    const value = {
      roles: [{ code: 'ADMIN', tenantId: 't', grantedBy: 'x' }, 'not-an-object'],
      tags: ['x', { secret: 1 }],
    };
    expect(pickAllowed<Published>(value, PUBLISHED)).toEqual({
      roles: [{ code: 'ADMIN', tenantId: 't' }],
      tags: ['x'],
    });
  });

  it('drops unlisted fields and objects where a scalar belongs', () => {
    expect(pickAllowed<Published>({ name: { first: 'a' }, passwordHash: 'h' }, PUBLISHED)).toEqual({});
  });
});
