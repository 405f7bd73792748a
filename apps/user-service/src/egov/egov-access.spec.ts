import type { EgovCaller } from '@roster/user-service-contract';
import { IN_CLUSTER_SERVICE } from '@roster/user-service-contract';
import { callingUser, requireMayChange, requireMayRead, requireMayWrite } from './egov-access';

const citizen: EgovCaller = {
  userId: 'c-1',
  tenantId: 'pb',
  userType: 'CITIZEN',
  userName: '9876543210',
  roles: [],
  permissions: [],
  trusted: false,
};
const clerk: EgovCaller = {
  userId: 'e-1',
  tenantId: 'pb.amritsar',
  userType: 'EMPLOYEE',
  userName: 'EMP1',
  roles: [],
  permissions: ['user:read'],
  trusted: false,
};
const service = IN_CLUSTER_SERVICE;
const foreignEmployee = { id: 'e-2', tenantId: 'hr.gurgaon', userType: 'EMPLOYEE' as const };

describe('egov access', () => {
  it('checks permissions and tenant families for callers Roster authenticated itself', () => {
    expect(() => requireMayWrite(clerk, 'create', 'EMPLOYEE', 'pb.amritsar')).toThrow(
      expect.objectContaining({ kind: 'forbidden' }),
    );
    expect(() => requireMayWrite(citizen, 'create', 'CITIZEN', 'pb')).toThrow(
      expect.objectContaining({ kind: 'forbidden' }),
    );
    expect(() => requireMayChange(clerk, foreignEmployee)).toThrow(expect.objectContaining({ code: 'user_not_found' }));
    expect(() => requireMayRead(clerk)).not.toThrow();
    expect(() => requireMayRead({ ...clerk, permissions: [] })).toThrow(expect.objectContaining({ kind: 'forbidden' }));
  });

  it("trusts a caller DIGIT's gateway vouched for, as egov-user does: no permission or tenant check", () => {
    expect(() => requireMayWrite(service, 'create', 'EMPLOYEE', 'hr.gurgaon')).not.toThrow();
    expect(() => requireMayWrite({ ...citizen, trusted: true }, 'create', 'CITIZEN', 'pb')).not.toThrow();
    expect(() => requireMayChange({ ...clerk, permissions: [], trusted: true }, foreignEmployee)).not.toThrow();
    expect(() => requireMayRead(service)).not.toThrow();
  });

  it('what only a user does for itself needs a calling user', () => {
    expect(callingUser(citizen)).toBe('c-1');
    expect(() => callingUser(service)).toThrow(
      expect.objectContaining({ kind: 'invalid', field: 'RequestInfo.userInfo' }),
    );
  });
});
