import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { PageRequest } from '@roster/read-model';
import type { FastifyReply } from 'fastify';
import type { UserAction } from '@roster/domain';
import { apiKeyIdOf, DomainError, grantsForEveryType, READ_USERS, requiredPermission } from '@roster/domain';
import { PointInTime, Relation, UserRecord, UserServiceApi, Written } from '@roster/user-service-contract';
import { ApiKeyGuard, assertGranted, AuthenticatedRequest, RequirePermission } from '../auth/api-key.guard';
import { createPermissions, erasePermissionsOfSomeType, updatePermissionsOfSomeType } from '../auth/user-permissions';
import { idempotencyHeaderDoc, idempotencyKeyOf } from '../http/idempotency-key';
import { ProblemException } from '../problems/problem';
import { CreateUserDto } from './dto/create-user.dto';
import { DEFAULT_LIMIT, ListUsersQueryDto, PagingQueryDto } from './dto/paging.dto';
import { SearchUsersDto } from './dto/search-users.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { toUserListResponse, toUserResponse, UserListResponse, UserResponse } from './dto/user.response';
import { ProblemResponses } from './dto/problem.response';
import { CONSISTENCY_HEADER, consistencyTokenOf, etagOf, expectedRevisionOf } from './request-headers';
import { UserAsOfQueryDto, UserHistoryQueryDto, UserHistoryResponse } from './dto/user-history.dto';
import { rfc3339Millis } from './dto/rfc3339';
import { profileChangesFrom, profileFromCreate, toUserHistoryResponse } from './users.mapping';

const userIdPipe = new ParseUUIDPipe({ exceptionFactory: () => ProblemException.badRequest('id', 'must be a UUID') });

/** Request headers as the document spells them; Nest looks them up lower-cased. */
const CONSISTENCY_TOKEN = 'X-Consistency-Token';
const IF_MATCH = 'If-Match';

const consistencyHeaderDoc = {
  name: CONSISTENCY_TOKEN,
  required: false,
  description: 'Token of an earlier command answer: the query waits until the read model includes it',
  schema: { type: 'string', pattern: '^[0-9]{1,20}$' },
};

const string = { type: 'string' } as const;
const ETAG = { ETag: { description: 'the revision of the user, for If-Match', schema: string } };
const WRITTEN = {
  ...ETAG,
  [CONSISTENCY_TOKEN]: { description: 'send it on a query to read this write', schema: string },
};

@ApiTags('users (nCore)')
@ApiSecurity('apiKey')
@UseGuards(ApiKeyGuard)
@Controller()
export class UsersController {
  constructor(private readonly userService: UserServiceApi) {}

  @Post('users')
  @RequirePermission(createPermissions)
  @ApiOperation({ summary: 'Create a user' })
  @ApiHeader(idempotencyHeaderDoc)
  @ApiCreatedResponse({
    type: UserResponse,
    headers: { Location: { description: 'the new user', schema: string }, ...WRITTEN },
  })
  // 410: a repeated request (same Idempotency-Key) whose user was erased since; its answer can no longer be read.
  @ProblemResponses(400, 401, 403, 409, 410, 413, 415, 422, 503)
  async create(
    @Req() request: AuthenticatedRequest,
    @Body() dto: CreateUserDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserResponse> {
    const written = await this.userService.createUser(request.principal.tenantId, {
      userType: dto.user_type ?? 'CITIZEN',
      userName: dto.user_name ?? null,
      profile: profileFromCreate(dto),
      parentId: dto.parent_user_id ?? null,
      apiKeyId: apiKeyIdOf(request.principal.keyHash),
      idempotencyKey: idempotencyKeyOf(request, callerOf(request)),
    });
    reply.header('location', `/users/${written.value.id}`);
    return answerWritten(written, reply);
  }

  @Get('users')
  @RequirePermission(READ_USERS)
  @ApiOperation({ summary: 'List users, or the children of `parent_user_id`' })
  @ApiHeader(consistencyHeaderDoc)
  @ApiOkResponse({ type: UserListResponse })
  @ProblemResponses(400, 401, 403, 404, 410, 503)
  async list(
    @Req() request: AuthenticatedRequest,
    @Query() query: ListUsersQueryDto,
    @Headers(CONSISTENCY_TOKEN) token?: string,
  ): Promise<UserListResponse> {
    const tenantId = request.principal.tenantId;
    const page = pageOf(query);
    const minPosition = consistencyTokenOf(token);
    const result = query.parent_user_id
      ? await this.userService
          .listRelatives(tenantId, 'children', query.parent_user_id, page, minPosition)
          .catch(namingParentUserId)
      : await this.userService.listUsers(tenantId, page, minPosition);
    return toUserListResponse(result);
  }

  // `::` is Fastify's escape for a literal colon: the route is POST /users:search.
  @Post('users::search')
  @HttpCode(200)
  @RequirePermission(READ_USERS)
  @ApiOperation({ summary: 'Search users by case-insensitive prefixes of name, e-mail and mobile (ANDed)' })
  @ApiHeader(consistencyHeaderDoc)
  @ApiBody({ type: SearchUsersDto })
  @ApiOkResponse({ type: UserListResponse })
  @ProblemResponses(400, 401, 403, 413, 415, 503)
  async search(
    @Req() request: AuthenticatedRequest,
    @Body() dto: SearchUsersDto,
    @Headers(CONSISTENCY_TOKEN) token?: string,
  ): Promise<UserListResponse> {
    // A JSON body may send null for a criterion it does not use: that is an absent one.
    const criteria = { name: dto.name ?? undefined, email: dto.email ?? undefined, mobile: dto.mobile ?? undefined };
    if (!criteria.name && !criteria.email && !criteria.mobile) {
      throw ProblemException.badRequest('name', 'give at least one of name, email or mobile');
    }
    const page = pageOf({ limit: dto.limit ?? undefined, after: dto.after ?? undefined });
    return toUserListResponse(
      await this.userService.searchUsers(request.principal.tenantId, criteria, page, consistencyTokenOf(token)),
    );
  }

  @Get('users/:id')
  @RequirePermission(READ_USERS)
  @ApiOperation({
    summary: 'Get one user; with as_of or as_of_revision, the user as it was then (from its stream)',
    description:
      'The ETag is the revision the answer shows. Before the user existed, or at a revision it has not reached, 404.',
  })
  @ApiHeader(consistencyHeaderDoc)
  @ApiOkResponse({ type: UserResponse, headers: ETAG })
  @ProblemResponses(400, 401, 403, 404, 410, 503)
  async get(
    @Req() request: AuthenticatedRequest,
    @Param('id', userIdPipe) id: string,
    @Query() query: UserAsOfQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers(CONSISTENCY_TOKEN) token?: string,
  ): Promise<UserResponse> {
    const tenantId = request.principal.tenantId;
    const minPosition = consistencyTokenOf(token);
    const then = pointInTimeOf(query);
    // The past is read from the user's stream, which holds every answered write: no token to wait for.
    const found = then
      ? await this.userService.getUserAsOf(tenantId, id, then)
      : await this.userService.getUser(tenantId, id, minPosition);
    if (!found) throw userNotFound();
    reply.header('etag', etagOf(found.revision));
    return toUserResponse(found.user);
  }

  @Get('users/:id/history')
  @RequirePermission(READ_USERS)
  @ApiOperation({
    summary: "A user's changes, oldest first: each event with the fields it changed (no secrets)",
    description:
      "Read from the user's stream, so it includes every write already answered. Login bookkeeping only with include=security.",
  })
  @ApiOkResponse({ type: UserHistoryResponse })
  @ProblemResponses(400, 401, 403, 404, 410, 503)
  async history(
    @Req() request: AuthenticatedRequest,
    @Param('id', userIdPipe) id: string,
    @Query() query: UserHistoryQueryDto,
  ): Promise<UserHistoryResponse> {
    const page = await this.userService.getUserHistory(request.principal.tenantId, id, {
      page: pageOf(query),
      includeSecurity: query.include === 'security',
    });
    if (!page) throw userNotFound();
    return toUserHistoryResponse(page);
  }

  @Put('users/:id')
  @RequirePermission(updatePermissionsOfSomeType)
  @ApiOperation({ summary: 'Update the given fields; parent_user_id may be set, changed or reset with null' })
  @ApiHeader({
    name: IF_MATCH,
    required: false,
    description: 'ETag of the revision the change is based on',
    schema: { type: 'string', pattern: '^(W/)?"[0-9]{1,9}"$' },
  })
  @ApiHeader(consistencyHeaderDoc)
  @ApiHeader(idempotencyHeaderDoc)
  @ApiOkResponse({ type: UserResponse, headers: WRITTEN })
  @ProblemResponses(400, 401, 403, 404, 409, 410, 412, 413, 415, 422, 503)
  async update(
    @Req() request: AuthenticatedRequest,
    @Param('id', userIdPipe) id: string,
    @Body() dto: UpdateUserDto,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers(IF_MATCH) ifMatch?: string,
    @Headers(CONSISTENCY_TOKEN) token?: string,
  ): Promise<UserResponse> {
    await this.assertMayChange(request, 'update', id, token);
    const written = await this.userService.updateUser(request.principal.tenantId, id, {
      changes: profileChangesFrom(dto),
      parentId: dto.parent_user_id,
      expectedRevision: expectedRevisionOf(ifMatch),
      apiKeyId: apiKeyIdOf(request.principal.keyHash),
      idempotencyKey: idempotencyKeyOf(request, callerOf(request)),
    });
    return answerWritten(written, reply);
  }

  @Delete('users/:id')
  @HttpCode(204)
  @RequirePermission(erasePermissionsOfSomeType)
  @ApiOperation({
    summary: 'Erase a user: its personal data is destroyed for good, its user_name and mobile are free again',
    description:
      "Needs user:erase:<type> for the user's type. Refused (409, naming the count) while users have it as parent. " +
      'Afterwards the user is gone: reads of it (also history and as_of) answer 410, and so does a second DELETE; ' +
      'lists and searches no longer show it once the read model includes the X-Consistency-Token answered. Its ' +
      'ids are never given to another user. See docs/data-protection.md.',
  })
  @ApiHeader(consistencyHeaderDoc)
  @ApiNoContentResponse({
    description: 'erased',
    headers: { [CONSISTENCY_TOKEN]: WRITTEN[CONSISTENCY_TOKEN] },
  })
  @ProblemResponses(400, 401, 403, 404, 409, 410, 503)
  async erase(
    @Req() request: AuthenticatedRequest,
    @Param('id', userIdPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers(CONSISTENCY_TOKEN) token?: string,
  ): Promise<void> {
    await this.assertMayChange(request, 'erase', id, token);
    const erasure = await this.userService.eraseUser(request.principal.tenantId, id, {
      apiKeyId: apiKeyIdOf(request.principal.keyHash),
    });
    reply.header(CONSISTENCY_HEADER, erasure.position);
  }

  @Get('users/:id/children')
  @RequirePermission(READ_USERS)
  @ApiOperation({ summary: 'Direct children of a user' })
  @ApiHeader(consistencyHeaderDoc)
  @ApiOkResponse({ type: UserListResponse })
  @ProblemResponses(400, 401, 403, 404, 410, 503)
  children(
    @Req() request: AuthenticatedRequest,
    @Param('id', userIdPipe) id: string,
    @Query() query: PagingQueryDto,
    @Headers(CONSISTENCY_TOKEN) token?: string,
  ) {
    return this.relatives(request, 'children', id, query, token);
  }

  @Get('users/:id/descendants')
  @RequirePermission(READ_USERS)
  @ApiOperation({ summary: 'Every user below a user, at any depth' })
  @ApiHeader(consistencyHeaderDoc)
  @ApiOkResponse({ type: UserListResponse })
  @ProblemResponses(400, 401, 403, 404, 410, 503)
  descendants(
    @Req() request: AuthenticatedRequest,
    @Param('id', userIdPipe) id: string,
    @Query() query: PagingQueryDto,
    @Headers(CONSISTENCY_TOKEN) token?: string,
  ) {
    return this.relatives(request, 'descendants', id, query, token);
  }

  @Get('users/:id/ancestors')
  @RequirePermission(READ_USERS)
  @ApiOperation({ summary: 'The parent, grandparent and so on up to the root, nearest first' })
  @ApiHeader(consistencyHeaderDoc)
  @ApiOkResponse({ type: UserListResponse })
  @ProblemResponses(400, 401, 403, 404, 410, 503)
  ancestors(
    @Req() request: AuthenticatedRequest,
    @Param('id', userIdPipe) id: string,
    @Query() query: PagingQueryDto,
    @Headers(CONSISTENCY_TOKEN) token?: string,
  ) {
    return this.relatives(request, 'ancestors', id, query, token);
  }

  /**
   * A key that may update (erase) only some user types must hold `user:update:<type>` (`user:erase:<type>`) for
   * this user's type, which is read from the read model (a type never changes). A user the read model does not
   * show yet is answered 404 like a missing one; the X-Consistency-Token of its creation makes the lookup wait for
   * it. An erased user is answered 410 before any permission of its type is asked.
   */
  private async assertMayChange(
    request: AuthenticatedRequest,
    action: UserAction,
    id: string,
    token?: string,
  ): Promise<void> {
    if (grantsForEveryType(request.principal.permissions, action)) return;
    const found = await this.userService.getUser(request.principal.tenantId, id, consistencyTokenOf(token));
    if (!found) throw userNotFound();
    assertGranted(request.principal, [requiredPermission(action, found.user.userType)]);
  }

  private async relatives(
    request: AuthenticatedRequest,
    relation: Relation,
    id: string,
    query: PagingQueryDto,
    token?: string,
  ): Promise<UserListResponse> {
    const page = await this.userService.listRelatives(
      request.principal.tenantId,
      relation,
      id,
      pageOf(query),
      consistencyTokenOf(token),
    );
    return toUserListResponse(page);
  }
}

function userNotFound(): ProblemException {
  return new ProblemException(404, 'user_not_found', 'user does not exist', [{ field: 'id', message: 'no such user' }]);
}

/** `GET /users?parent_user_id=` of an unknown user: the query parameter is what names it. */
function namingParentUserId(error: unknown): never {
  if (error instanceof DomainError && error.code === 'user_not_found') {
    throw new ProblemException(404, 'parent_not_found', 'parent user does not exist', [
      { field: 'parent_user_id', message: 'no such user' },
    ]);
  }
  if (error instanceof DomainError && error.code === 'user_erased') {
    throw new ProblemException(410, 'user_erased', 'the parent user was erased', [
      { field: 'parent_user_id', message: 'erased' },
    ]);
  }
  throw error;
}

/** The moment `as_of` or `as_of_revision` asks for (at most one of them), or undefined for the present. */
function pointInTimeOf(query: UserAsOfQueryDto): PointInTime | undefined {
  if (query.as_of !== undefined && query.as_of_revision !== undefined) {
    const message = 'give as_of or as_of_revision, not both';
    throw new ProblemException(400, 'invalid_input', message, [
      { field: 'as_of', message },
      { field: 'as_of_revision', message },
    ]);
  }
  if (query.as_of_revision !== undefined) return { revision: Number(query.as_of_revision) };
  // The validation pipe let only RFC 3339 date-times through; the user-service gets the instant normalised.
  if (query.as_of !== undefined) return { instant: new Date(rfc3339Millis(query.as_of) as number).toISOString() };
  return undefined;
}

function pageOf(query: { limit?: number; after?: string }): PageRequest {
  return { limit: query.limit ?? DEFAULT_LIMIT, after: query.after ?? null };
}

function answerWritten(written: Written<UserRecord>, reply: FastifyReply): UserResponse {
  reply.header('etag', etagOf(written.revision)).header(CONSISTENCY_HEADER, written.position);
  return toUserResponse(written.value);
}

/** Whose Idempotency-Keys a request's is among: the API key's (its public id). */
function callerOf(request: AuthenticatedRequest): string {
  return `api-key:${apiKeyIdOf(request.principal.keyHash)}`;
}
