import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiKeyPrincipal } from '@roster/domain';
import { Page, PageRequest, UserSearchCriteria } from '@roster/read-model';
import {
  AuthenticateApiKeyQuery,
  CheckHealthQuery,
  HealthReport,
  CreateUserCommand,
  GetUserQuery,
  ListRelativesQuery,
  ListUsersQuery,
  Relation,
  SearchUsersQuery,
  UpdateUserCommand,
  UserRecord,
  VersionedUser,
  Written,
} from '@roster/user-service';
import { NewUserInput, UserChangesInput, UserServiceClient } from './user-service-client';

/** Reaches the user-service through its buses in the same process (the all-in-one mode). */
@Injectable()
export class InProcessUserServiceClient extends UserServiceClient {
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
