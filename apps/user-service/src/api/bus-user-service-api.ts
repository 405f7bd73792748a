import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiKeyPrincipal } from '@roster/domain';
import { Page, PageRequest, UserSearchCriteria } from '@roster/read-model';
import {
  HealthReport,
  NewUserInput,
  Relation,
  UserChangesInput,
  UserRecord,
  UserServiceApi,
  VersionedUser,
  Written,
} from '@roster/user-service-contract';
import { AuthenticateApiKeyQuery } from '../api-keys/authenticate-api-key.query';
import { CheckHealthQuery } from '../health/check-health.query';
import { CreateUserCommand } from '../users/create-user/create-user.command';
import { GetUserQuery } from '../users/get-user/get-user.query';
import { ListRelativesQuery } from '../users/list-relatives/list-relatives.query';
import { ListUsersQuery } from '../users/list-users/list-users.query';
import { SearchUsersQuery } from '../users/search-users/search-users.query';
import { UpdateUserCommand } from '../users/update-user/update-user.command';

/** The user-service API over its command and query buses: used in-process and behind the TCP transport. */
@Injectable()
export class BusUserServiceApi extends UserServiceApi {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {
    super();
  }

  health(): Promise<HealthReport> {
    return this.queries.execute(new CheckHealthQuery());
  }

  authenticateApiKey(key: string): Promise<ApiKeyPrincipal | null> {
    return this.queries.execute(new AuthenticateApiKeyQuery(key));
  }

  createUser(tenantId: string, input: NewUserInput): Promise<Written<UserRecord>> {
    return this.commands.execute(new CreateUserCommand(tenantId, input));
  }

  updateUser(tenantId: string, userId: string, input: UserChangesInput): Promise<Written<UserRecord>> {
    return this.commands.execute(new UpdateUserCommand(tenantId, userId, input.changes, input.parentId, input.expectedRevision));
  }

  getUser(tenantId: string, userId: string, minPosition?: bigint): Promise<VersionedUser | null> {
    return this.queries.execute(new GetUserQuery(tenantId, userId, minPosition));
  }

  listUsers(tenantId: string, page: PageRequest, minPosition?: bigint): Promise<Page<UserRecord>> {
    return this.queries.execute(new ListUsersQuery(tenantId, page, minPosition));
  }

  searchUsers(tenantId: string, criteria: UserSearchCriteria, page: PageRequest, minPosition?: bigint): Promise<Page<UserRecord>> {
    return this.queries.execute(new SearchUsersQuery(tenantId, criteria, page, minPosition));
  }

  listRelatives(tenantId: string, relation: Relation, userId: string, page: PageRequest, minPosition?: bigint): Promise<Page<UserRecord>> {
    return this.queries.execute(new ListRelativesQuery(tenantId, relation, userId, page, minPosition));
  }
}
