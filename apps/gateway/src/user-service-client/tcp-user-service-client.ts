import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { ApiKeyPrincipal } from '@roster/domain';
import { Page, PageRequest, UserSearchCriteria } from '@roster/read-model';
import {
  HealthReport,
  NewUserInput,
  Relation,
  tokenToWire,
  USER_SERVICE_PATTERNS as PATTERNS,
  UserChangesInput,
  UserRecord,
  UserServiceApi,
  VersionedUser,
  WireRequests,
  Written,
} from '@roster/user-service-contract';
import { callUserService } from './rpc-call';

export const USER_SERVICE_TRANSPORT = Symbol('USER_SERVICE_TRANSPORT');
export const USER_SERVICE_TIMEOUT_MS = Symbol('USER_SERVICE_TIMEOUT_MS');

/** The user-service in another process, over the @nestjs/microservices TCP transport. */
@Injectable()
export class TcpUserServiceClient extends UserServiceApi implements OnApplicationShutdown {
  constructor(
    @Inject(USER_SERVICE_TRANSPORT) private readonly transport: ClientProxy,
    @Inject(USER_SERVICE_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {
    super();
  }

  onApplicationShutdown(): Promise<void> {
    return this.transport.close();
  }

  health(): Promise<HealthReport> {
    return this.call(PATTERNS.health, {});
  }

  authenticateApiKey(key: string): Promise<ApiKeyPrincipal | null> {
    return this.call(PATTERNS.authenticateApiKey, { key });
  }

  createUser(tenantId: string, input: NewUserInput): Promise<Written<UserRecord>> {
    return this.call(PATTERNS.createUser, { tenantId, input });
  }

  updateUser(tenantId: string, userId: string, input: UserChangesInput): Promise<Written<UserRecord>> {
    return this.call(PATTERNS.updateUser, { tenantId, userId, input });
  }

  getUser(tenantId: string, userId: string, minPosition?: bigint): Promise<VersionedUser | null> {
    return this.call(PATTERNS.getUser, { tenantId, userId, minPosition: tokenToWire(minPosition) });
  }

  listUsers(tenantId: string, page: PageRequest, minPosition?: bigint): Promise<Page<UserRecord>> {
    return this.call(PATTERNS.listUsers, { tenantId, page, minPosition: tokenToWire(minPosition) });
  }

  searchUsers(tenantId: string, criteria: UserSearchCriteria, page: PageRequest, minPosition?: bigint): Promise<Page<UserRecord>> {
    return this.call(PATTERNS.searchUsers, { tenantId, criteria, page, minPosition: tokenToWire(minPosition) });
  }

  listRelatives(tenantId: string, relation: Relation, userId: string, page: PageRequest, minPosition?: bigint): Promise<Page<UserRecord>> {
    return this.call(PATTERNS.listRelatives, { tenantId, relation, userId, page, minPosition: tokenToWire(minPosition) });
  }

  private call<T>(pattern: string, payload: WireRequests[keyof WireRequests]): Promise<T> {
    return callUserService(this.transport, this.timeoutMs, pattern, payload);
  }
}
