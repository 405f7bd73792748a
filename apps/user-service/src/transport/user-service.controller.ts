import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { tokenFromWire, USER_SERVICE_PATTERNS as PATTERNS, WireRequests } from '@roster/user-service-contract';
import { BusUserServiceApi } from '../api/bus-user-service-api';
import { RpcErrorFilter } from './rpc-error.filter';

/** The user-service API behind the TCP transport; each handler decodes its payload and uses the buses. */
@Controller()
@UseFilters(new RpcErrorFilter())
export class UserServiceController {
  constructor(private readonly api: BusUserServiceApi) {}

  @MessagePattern(PATTERNS.health)
  health() {
    return this.api.health();
  }

  @MessagePattern(PATTERNS.authenticateApiKey)
  authenticateApiKey(@Payload() { key }: WireRequests['authenticateApiKey']) {
    return this.api.authenticateApiKey(key);
  }

  @MessagePattern(PATTERNS.createUser)
  createUser(@Payload() { tenantId, input }: WireRequests['createUser']) {
    return this.api.createUser(tenantId, input);
  }

  @MessagePattern(PATTERNS.updateUser)
  updateUser(@Payload() { tenantId, userId, input }: WireRequests['updateUser']) {
    return this.api.updateUser(tenantId, userId, input);
  }

  @MessagePattern(PATTERNS.getUser)
  getUser(@Payload() { tenantId, userId, minPosition }: WireRequests['getUser']) {
    return this.api.getUser(tenantId, userId, tokenFromWire(minPosition));
  }

  @MessagePattern(PATTERNS.listUsers)
  listUsers(@Payload() { tenantId, page, minPosition }: WireRequests['listUsers']) {
    return this.api.listUsers(tenantId, page, tokenFromWire(minPosition));
  }

  @MessagePattern(PATTERNS.searchUsers)
  searchUsers(@Payload() { tenantId, criteria, page, minPosition }: WireRequests['searchUsers']) {
    return this.api.searchUsers(tenantId, criteria, page, tokenFromWire(minPosition));
  }

  @MessagePattern(PATTERNS.listRelatives)
  listRelatives(@Payload() { tenantId, relation, userId, page, minPosition }: WireRequests['listRelatives']) {
    return this.api.listRelatives(tenantId, relation, userId, page, tokenFromWire(minPosition));
  }
}
