import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  EGOV_USER_PATTERNS as PATTERNS,
  EgovWireRequests,
  searchCriteriaFromWire,
} from '@roster/user-service-contract';
import { BusEgovUserApi } from '../egov/bus-egov-user-api';
import { RpcErrorFilter } from './rpc-error.filter';

/**
 * The egov face behind the TCP transport; each handler decodes its payload and uses the buses. The caller
 * a request names was authenticated by this service (`authenticate`) for the gateway, which is trusted as
 * it is for the nCore face: the transport is internal to the deployment.
 */
@Controller()
@UseFilters(new RpcErrorFilter())
export class EgovUserController {
  constructor(private readonly api: BusEgovUserApi) {}

  @MessagePattern(PATTERNS.authenticate)
  authenticate(@Payload() { accessToken }: EgovWireRequests['authenticate']) {
    return this.api.authenticate(accessToken);
  }

  @MessagePattern(PATTERNS.sendOtp)
  async sendOtp(@Payload() request: EgovWireRequests['sendOtp']) {
    await this.api.sendOtp(request);
    return null;
  }

  @MessagePattern(PATTERNS.registerCitizen)
  registerCitizen(@Payload() { input, login }: EgovWireRequests['registerCitizen']) {
    return this.api.registerCitizen(input, login);
  }

  @MessagePattern(PATTERNS.createUsers)
  createUsers(@Payload() { caller, inputs }: EgovWireRequests['createUsers']) {
    return this.api.createUsers(caller, inputs);
  }

  @MessagePattern(PATTERNS.updateUser)
  updateUser(@Payload() { caller, input, mode }: EgovWireRequests['updateUser']) {
    return this.api.updateUser(caller, input, mode);
  }

  @MessagePattern(PATTERNS.searchUsers)
  searchUsers(@Payload() { caller, criteria }: EgovWireRequests['searchUsers']) {
    return this.api.searchUsers(caller, searchCriteriaFromWire(criteria));
  }

  @MessagePattern(PATTERNS.changePassword)
  async changePassword(@Payload() { caller, request }: EgovWireRequests['changePassword']) {
    await this.api.changePassword(caller, request);
    return null;
  }

  @MessagePattern(PATTERNS.resetPassword)
  async resetPassword(@Payload() request: EgovWireRequests['resetPassword']) {
    await this.api.resetPassword(request);
    return null;
  }

  @MessagePattern(PATTERNS.login)
  login(@Payload() request: EgovWireRequests['login']) {
    return this.api.login(request);
  }

  @MessagePattern(PATTERNS.refresh)
  refresh(@Payload() { refreshToken }: EgovWireRequests['refresh']) {
    return this.api.refresh(refreshToken);
  }

  @MessagePattern(PATTERNS.details)
  details(@Payload() { accessToken }: EgovWireRequests['details']) {
    return this.api.details(accessToken);
  }

  @MessagePattern(PATTERNS.logout)
  async logout(@Payload() { accessToken }: EgovWireRequests['logout']) {
    await this.api.logout(accessToken);
    return null;
  }
}
