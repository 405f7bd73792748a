import type { ExistingUser } from '@roster/domain';
import type { EgovTokenGrant } from '@roster/user-service-contract';
import type { EgovFixture } from './egov-fixture';

export const EMPLOYEE_PASSWORD = 'Secret#123';

/** An employee of `pb.amritsar` with a password, and a token grant for it. */
export async function loggedInEmployee(fx: EgovFixture): Promise<{ user: ExistingUser; grant: EgovTokenGrant }> {
  const user = await fx.given({
    userType: 'EMPLOYEE',
    tenantId: 'pb.amritsar',
    userName: 'clerk',
    password: EMPLOYEE_PASSWORD,
    roles: [{ code: 'HR', tenantId: 'pb.amritsar' }],
  });
  return { user, grant: await fx.tokenGrants.grant(user) };
}
