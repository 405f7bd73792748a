import type { UserServiceApi } from '@roster/user-service-contract';
import { AuthenticateApiKeyHandler } from '../api-keys/authenticate-api-key.handler';
import { AuthenticateApiKeyQuery } from '../api-keys/authenticate-api-key.query';
import { ReadChangesHandler } from '../changes/read-changes.handler';
import { ReadChangesQuery } from '../changes/read-changes.query';
import { CheckHealthHandler } from '../health/check-health.handler';
import { CheckHealthQuery } from '../health/check-health.query';
import { CreateUserCommand } from '../users/create-user/create-user.command';
import { CreateUserHandler } from '../users/create-user/create-user.handler';
import { EraseUserCommand } from '../users/erase-user/erase-user.command';
import { EraseUserHandler } from '../users/erase-user/erase-user.handler';
import { GetUserAsOfHandler } from '../users/get-user-as-of/get-user-as-of.handler';
import { GetUserAsOfQuery } from '../users/get-user-as-of/get-user-as-of.query';
import { GetUserHandler } from '../users/get-user/get-user.handler';
import { GetUserQuery } from '../users/get-user/get-user.query';
import { ListRelativesHandler } from '../users/list-relatives/list-relatives.handler';
import { ListRelativesQuery } from '../users/list-relatives/list-relatives.query';
import { ListUsersHandler } from '../users/list-users/list-users.handler';
import { ListUsersQuery } from '../users/list-users/list-users.query';
import { SearchUsersHandler } from '../users/search-users/search-users.handler';
import { SearchUsersQuery } from '../users/search-users/search-users.query';
import { UpdateUserCommand } from '../users/update-user/update-user.command';
import { UpdateUserHandler } from '../users/update-user/update-user.handler';
import { GetUserHistoryHandler } from '../users/user-history/get-user-history.handler';
import { GetUserHistoryQuery } from '../users/user-history/get-user-history.query';
import type { BusRoutes } from './bus-routes';
import { command, query } from './bus-routes';

/** The nCore face over the user-service's command and query buses. */
export const USER_SERVICE_BUS_ROUTES: BusRoutes<UserServiceApi> = {
  health: query(CheckHealthHandler, () => new CheckHealthQuery()),
  authenticateApiKey: query(AuthenticateApiKeyHandler, (key) => new AuthenticateApiKeyQuery(key)),
  createUser: command(CreateUserHandler, (tenantId, input) => new CreateUserCommand(tenantId, input)),
  updateUser: command(
    UpdateUserHandler,
    (tenantId, userId, input) =>
      new UpdateUserCommand(
        tenantId,
        userId,
        input.changes,
        input.parentId,
        input.expectedRevision,
        input.apiKeyId,
        input.idempotencyKey,
      ),
  ),
  eraseUser: command(
    EraseUserHandler,
    (tenantId, userId, input) => new EraseUserCommand(tenantId, userId, input.apiKeyId),
  ),
  getUser: query(GetUserHandler, (tenantId, userId, minPosition) => new GetUserQuery(tenantId, userId, minPosition)),
  getUserAsOf: query(GetUserAsOfHandler, (tenantId, userId, at) => new GetUserAsOfQuery(tenantId, userId, at)),
  getUserHistory: query(
    GetUserHistoryHandler,
    (tenantId, userId, request) => new GetUserHistoryQuery(tenantId, userId, request),
  ),
  listUsers: query(ListUsersHandler, (tenantId, page, minPosition) => new ListUsersQuery(tenantId, page, minPosition)),
  searchUsers: query(
    SearchUsersHandler,
    (tenantId, criteria, page, minPosition) => new SearchUsersQuery(tenantId, criteria, page, minPosition),
  ),
  listRelatives: query(
    ListRelativesHandler,
    (tenantId, relation, userId, page, minPosition) =>
      new ListRelativesQuery(tenantId, relation, userId, page, minPosition),
  ),
  readChanges: query(ReadChangesHandler, (tenantId, request) => new ReadChangesQuery(tenantId, request)),
};
