import { Injectable } from '@nestjs/common';
import { ExistingUser, stateTenantOf, UserType } from '@roster/domain';
import { Clock } from '../clock';
import { Reservations } from '../users/reservations';
import { LoadedUser, UserStreams } from '../users/user-streams';

/** A loaded user that exists. */
export interface FoundUser extends LoadedUser {
  state: ExistingUser;
}

/** Citizens live at the state level (`pb.amritsar` → `pb`); other users keep their tenant. */
export function tenantOfType(userType: UserType, tenantId: string): string {
  return userType === 'CITIZEN' ? stateTenantOf(tenantId) : tenantId;
}

/**
 * Finds egov users by id, name or mobile number on the write side (the streams and their reservations), so a
 * login or a token check never waits for the projector.
 */
@Injectable()
export class EgovUserLookup {
  constructor(
    private readonly streams: UserStreams,
    private readonly reservations: Reservations,
    private readonly clock: Clock,
  ) {}

  async find(userId: string): Promise<FoundUser | null> {
    const loaded = await this.streams.load(userId);
    return loaded.state.status === 'existing' ? (loaded as FoundUser) : null;
  }

  /** The user holding `userName` in (tenant, type); citizens are looked up at their state-level tenant. */
  async findByUserName(tenantId: string, userType: UserType, userName: string): Promise<FoundUser | null> {
    const holderId = await this.reservations.userNameHolder(
      { tenantId: tenantOfType(userType, tenantId), userType, userName },
      this.clock.now(),
    );
    return holderId === null ? null : this.find(holderId);
  }

  /** The citizen registered with `mobileNumber` in the state-level tenant of `tenantId`. */
  async findCitizenByMobile(tenantId: string, mobileNumber: string): Promise<FoundUser | null> {
    const holderId = await this.reservations.mobileNumberHolder(
      { tenantId: stateTenantOf(tenantId), mobileNumber },
      this.clock.now(),
    );
    return holderId === null ? null : this.find(holderId);
  }
}
