import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { UserType } from '@roster/domain';
import {
  EGOV_USER_PATTERNS as PATTERNS,
  EgovCaller,
  EgovLogin,
  EgovSearchCriteria,
  EgovSendOtpRequest,
  EgovTokenGrant,
  EgovUpdateMode,
  EgovUserApi,
  EgovUserInput,
  EgovUserRecord,
  EgovWireRequests,
  searchCriteriaToWire,
} from '@roster/user-service-contract';
import { callUserService } from './rpc-call';
import { USER_SERVICE_TIMEOUT_MS, USER_SERVICE_TRANSPORT } from './tcp-user-service-client';

/**
 * The egov face of a user-service in another process, over the same TCP transport as TcpUserServiceClient
 * (which owns the connection and closes it at shutdown), with the same timeout and unavailability answers.
 */
@Injectable()
export class TcpEgovUserApiClient extends EgovUserApi {
  constructor(
    @Inject(USER_SERVICE_TRANSPORT) private readonly transport: ClientProxy,
    @Inject(USER_SERVICE_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {
    super();
  }

  authenticate(accessToken: string): Promise<EgovCaller> {
    return this.call(PATTERNS.authenticate, { accessToken });
  }

  async sendOtp(request: EgovSendOtpRequest): Promise<void> {
    await this.call(PATTERNS.sendOtp, request);
  }

  registerCitizen(input: EgovUserInput, login: boolean): Promise<{ user: EgovUserRecord; grant: EgovTokenGrant | null }> {
    return this.call(PATTERNS.registerCitizen, { input, login });
  }

  createUsers(caller: EgovCaller, inputs: EgovUserInput[]): Promise<EgovUserRecord[]> {
    return this.call(PATTERNS.createUsers, { caller, inputs });
  }

  updateUser(caller: EgovCaller, input: EgovUserInput, mode: EgovUpdateMode): Promise<EgovUserRecord> {
    return this.call(PATTERNS.updateUser, { caller, input, mode });
  }

  searchUsers(caller: EgovCaller, criteria: EgovSearchCriteria): Promise<EgovUserRecord[]> {
    return this.call(PATTERNS.searchUsers, { caller, criteria: searchCriteriaToWire(criteria) });
  }

  async changePassword(caller: EgovCaller, request: { existingPassword: string; newPassword: string }): Promise<void> {
    await this.call(PATTERNS.changePassword, { caller, request });
  }

  async resetPassword(request: { otpReference: string; userName: string; newPassword: string; tenantId: string; type: UserType }): Promise<void> {
    await this.call(PATTERNS.resetPassword, request);
  }

  login(request: EgovLogin): Promise<EgovTokenGrant> {
    return this.call(PATTERNS.login, request);
  }

  refresh(refreshToken: string): Promise<EgovTokenGrant> {
    return this.call(PATTERNS.refresh, { refreshToken });
  }

  details(accessToken: string): Promise<EgovUserRecord> {
    return this.call(PATTERNS.details, { accessToken });
  }

  async logout(accessToken: string): Promise<void> {
    await this.call(PATTERNS.logout, { accessToken });
  }

  private call<T>(pattern: string, payload: EgovWireRequests[keyof EgovWireRequests]): Promise<T> {
    return callUserService(this.transport, this.timeoutMs, pattern, payload);
  }
}
