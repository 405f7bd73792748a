import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { ApiKeyPrincipal } from '@roster/domain';
import { Page, PageRequest, UserSearchCriteria } from '@roster/read-model';
import {
  fromRpcError,
  HealthReport,
  isRpcError,
  NewUserInput,
  Relation,
  USER_SERVICE_PATTERNS as PATTERNS,
  tokenToWire,
  UserChangesInput,
  UserRecord,
  UserServiceApi,
  UserServiceUnavailableError,
  VersionedUser,
  WireRequests,
  Written,
} from '@roster/user-service';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';

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

  /** Sends one request; a refused connection or no answer in time means the user-service is unavailable. */
  private async call<T>(pattern: string, payload: WireRequests[keyof WireRequests]): Promise<T> {
    try {
      return await firstValueFrom(this.transport.send<T>(pattern, payload).pipe(timeout(this.timeoutMs)));
    } catch (error) {
      if (isRpcError(error)) throw fromRpcError(error);
      if (error instanceof TimeoutError) throw new UserServiceUnavailableError(`the user-service did not answer within ${this.timeoutMs} ms`);
      throw new UserServiceUnavailableError(`the user-service is unreachable: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
