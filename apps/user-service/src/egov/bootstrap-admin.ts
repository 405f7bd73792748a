import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RosterConfig } from '@roster/config';
import { DomainError } from '@roster/domain';
import { EgovPasswords } from './egov-passwords';
import { EgovUserLookup } from './egov-user-lookup';
import { UserCreation } from './user-creation';

/** The role the bootstrap SYSTEM user holds; the role catalogue grants it every permission. */
export const SUPERUSER_ROLE = 'SUPERUSER';

/**
 * With ROSTER_BOOTSTRAP_ADMIN_* set, makes sure a SYSTEM user with the SUPERUSER role exists, so an operator
 * can log in on the egov face after the first start. Idempotent: once the userName is held, nothing is
 * written, and the password of an existing admin is never overwritten by a restart.
 */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger(BootstrapAdmin.name);

  constructor(
    private readonly config: RosterConfig,
    private readonly lookup: EgovUserLookup,
    private readonly passwords: EgovPasswords,
    private readonly creation: UserCreation,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.egov.bootstrapAdmin;
    if (!admin || (await this.lookup.findByUserName(admin.tenantId, 'SYSTEM', admin.userName))) return;
    const passwordHash = await this.passwords.hash(admin.password);
    try {
      await this.creation.create([
        {
          userId: randomUUID(),
          tenantId: admin.tenantId,
          userType: 'SYSTEM',
          userName: admin.userName,
          profile: { firstName: admin.userName, lastName: '' },
          roles: [{ code: SUPERUSER_ROLE, tenantId: admin.tenantId }],
          active: true,
          passwordHash,
          verifiedOtp: null,
          by: null,
        },
      ]);
      this.logger.log(`bootstrap admin "${admin.userName}" created in tenant "${admin.tenantId}"`);
    } catch (error) {
      // Another process of the same deployment created it first.
      if (!(error instanceof DomainError && error.code === 'user_name_taken')) throw error;
    }
  }
}
