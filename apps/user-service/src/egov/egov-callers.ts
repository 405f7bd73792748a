import { Injectable } from '@nestjs/common';
import { ExistingUser } from '@roster/domain';
import { EgovCaller } from '@roster/user-service-contract';
import { RoleCatalogue } from '../auth/ports';

/** Builds the caller a user acts as, with the permissions its roles grant now (not when a token was issued). */
@Injectable()
export class EgovCallers {
  constructor(private readonly roles: RoleCatalogue) {}

  callerOf(user: ExistingUser): EgovCaller {
    return {
      userId: user.id,
      tenantId: user.tenantId,
      userType: user.userType,
      userName: user.userName,
      roles: user.roles,
      permissions: this.roles.permissionsOf(user.roles),
      trusted: false,
    };
  }
}
