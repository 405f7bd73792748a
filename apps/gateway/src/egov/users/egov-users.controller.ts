import { Controller, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import {
  ApiBody,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { RosterConfig } from '@roster/config';
import type { FastifyRequest } from 'fastify';
import { EgovUpdateMode, EgovUserApi, EgovUserInput } from '@roster/user-service-contract';
import { idempotencyHeaderDoc, idempotencyKeyOf } from '../../http/idempotency-key';
import { EgovErrorFilter } from '../egov-error.filter';
import { callerOf } from '../envelope/egov-access-token';
import { EgovRequest, queryOf, readEgovRequest } from '../envelope/egov-envelope';
import { egovTokenResponse, EgovTokenResponse, egovUsersResponse, EgovUsersResponse } from '../envelope/egov-responses';
import {
  EgovCreateUsersRequestDoc,
  EgovErrorResponses,
  EgovSearchQuery,
  EgovSearchRequestDoc,
  EgovTokenResponseDoc,
  EgovChangedUserRequestDoc,
  EgovChangedUserWithRolesRequestDoc,
  EgovNewCitizenRequestDoc,
  EgovProfileRequestDoc,
  EgovUsersResponseDoc,
} from '../openapi/egov-schemas';
import { egovSearchCriteriaOf } from './egov-search.criteria';
import { EgovUserPurpose, egovUserInputOf, EgovUserRules } from './egov-user.input';
import { egovAnswerOptions, EgovAnswerOptions, EgovDobFormat } from './egov-user.output';

/** The user endpoints of DIGIT's egov-user: registration, creates, updates, searches. */
@ApiTags('egov-user')
@UseFilters(EgovErrorFilter)
@Controller('user')
export class EgovUsersController {
  constructor(
    private readonly egov: EgovUserApi,
    private readonly config: RosterConfig,
  ) {}

  @Post('citizen/_create')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Register a CITIZEN with the register OTP (user.otpReference)',
    description:
      'Type forced to CITIZEN, role CITIZEN. With login on registration (default) the answer is the token body of /user/oauth/token.',
  })
  @ApiBody({ type: EgovNewCitizenRequestDoc })
  @ApiExtraModels(EgovTokenResponseDoc, EgovUsersResponseDoc)
  @ApiOkResponse({
    description: 'the token body, or the user envelope when login on registration is off',
    schema: { oneOf: [{ $ref: getSchemaPath(EgovTokenResponseDoc) }, { $ref: getSchemaPath(EgovUsersResponseDoc) }] },
  })
  @EgovErrorResponses([400, 403, 409, 413, 415, 503])
  async createCitizen(@Req() request: FastifyRequest): Promise<EgovTokenResponse | EgovUsersResponse> {
    const { requestInfo, fields, violations } = readEgovRequest(request, ['user'] as const, this.requestInfoRule);
    const input = egovUserInputOf(fields.fields.user, 'user', 'registerCitizen', this.rules(), violations);
    violations.throwIfAny();
    const { user, grant } = await this.egov.registerCitizen(
      { ...(input as EgovUserInput), type: 'CITIZEN' },
      this.config.egov.loginOnRegistration,
    );
    return grant ? egovTokenResponse(grant) : egovUsersResponse(requestInfo, [user], this.answer('dd/MM/yyyy'));
  }

  @Post('users/_createnovalidate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Create users without OTP (callers whose roles grant user:create:<type>)',
    description: 'One `user`, or a batch `users` (also `Users`): all-or-nothing, up to the configured maximum.',
  })
  @ApiBody({ type: EgovCreateUsersRequestDoc })
  @ApiHeader(idempotencyHeaderDoc)
  @ApiOkResponse({ type: EgovUsersResponseDoc })
  // 404: a repeated request (same Idempotency-Key) whose users were erased since; its answer can no longer be read.
  @EgovErrorResponses([400, 401, 403, 404, 409, 413, 415, 503])
  async createNoValidate(@Req() request: FastifyRequest): Promise<EgovUsersResponse> {
    const parsed = readEgovRequest(request, ['user', 'users'] as const, this.requestInfoRule);
    const inputs = this.usersToCreate(parsed);
    parsed.violations.throwIfAny();
    const caller = await callerOf(this.egov, this.config.egov.auth, request, parsed);
    const idempotencyKey = idempotencyKeyOf(request, `egov:${caller.userId ?? 'system'}`);
    return egovUsersResponse(
      parsed.requestInfo,
      await this.egov.createUsers(caller, inputs, idempotencyKey),
      this.answer('dd/MM/yyyy'),
    );
  }

  @Post('citizen/_update')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Update a citizen by uuid (also sets the password after OTP registration); fields sent replace stored ones',
  })
  @ApiBody({ type: EgovChangedUserRequestDoc })
  @ApiOkResponse({ type: EgovUsersResponseDoc })
  @EgovErrorResponses([400, 401, 403, 404, 409, 413, 415, 503])
  updateCitizen(@Req() request: FastifyRequest): Promise<EgovUsersResponse> {
    return this.update(request, 'updateCitizen', 'citizen');
  }

  @Post('users/_updatenovalidate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Update a user by uuid without OTP; roles required and non-empty' })
  @ApiBody({ type: EgovChangedUserWithRolesRequestDoc })
  @ApiOkResponse({ type: EgovUsersResponseDoc })
  @EgovErrorResponses([400, 401, 403, 404, 409, 413, 415, 503])
  updateNoValidate(@Req() request: FastifyRequest): Promise<EgovUsersResponse> {
    return this.update(request, 'updateNoValidate', 'novalidate');
  }

  @Post('profile/_update')
  @HttpCode(200)
  @ApiOperation({
    summary: "The caller updates its own profile (uuid defaults to the caller's)",
    description: 'userName, type, mobile number, password, roles and lock fields do not change here.',
  })
  @ApiBody({ type: EgovProfileRequestDoc })
  @ApiOkResponse({ type: EgovUsersResponseDoc })
  @EgovErrorResponses([400, 401, 403, 404, 409, 413, 415, 503])
  updateProfile(@Req() request: FastifyRequest): Promise<EgovUsersResponse> {
    return this.update(request, 'updateProfile', 'profile');
  }

  @Post('_search')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Search users (active only unless `active` is given)',
    description:
      'Criteria at the top level of the body and/or as query parameters (a query parameter replaces the same body criterion; lists repeated or comma-separated). Criteria are ANDed; a caller sees only users of its own state-level tenant.',
  })
  @ApiBody({ type: EgovSearchRequestDoc })
  @EgovSearchQuery()
  @ApiOkResponse({ type: EgovUsersResponseDoc })
  @EgovErrorResponses([400, 401, 403, 413, 415, 503])
  search(@Req() request: FastifyRequest): Promise<EgovUsersResponse> {
    return this.searchUsers(request, true);
  }

  @Post('v1/_search')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Search users, active and inactive unless `active` is given',
    description: 'Criteria as /user/_search.',
  })
  @ApiBody({ type: EgovSearchRequestDoc })
  @EgovSearchQuery()
  @ApiOkResponse({ type: EgovUsersResponseDoc })
  @EgovErrorResponses([400, 401, 403, 413, 415, 503])
  searchV1(@Req() request: FastifyRequest): Promise<EgovUsersResponse> {
    return this.searchUsers(request, false);
  }

  @Post('citizen/_search')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Search users, active and inactive unless `active` is given',
    description: 'Criteria as /user/_search.',
  })
  @ApiBody({ type: EgovSearchRequestDoc })
  @EgovSearchQuery()
  @ApiOkResponse({ type: EgovUsersResponseDoc })
  @EgovErrorResponses([400, 401, 403, 413, 415, 503])
  searchCitizens(@Req() request: FastifyRequest): Promise<EgovUsersResponse> {
    return this.searchUsers(request, false);
  }

  private async update(
    request: FastifyRequest,
    purpose: EgovUserPurpose,
    mode: EgovUpdateMode,
  ): Promise<EgovUsersResponse> {
    const parsed = readEgovRequest(request, ['user'] as const, this.requestInfoRule);
    const input = egovUserInputOf(
      parsed.fields.fields.user,
      'user',
      purpose,
      this.rules(),
      parsed.violations,
    ) as EgovUserInput;
    parsed.violations.throwIfAny();
    const caller = await callerOf(this.egov, this.config.egov.auth, request, parsed);
    const target = mode === 'profile' ? { ...input, uuid: input.uuid ?? caller.userId ?? undefined } : input;
    return egovUsersResponse(
      parsed.requestInfo,
      [await this.egov.updateUser(caller, target, mode)],
      this.answer('yyyy-MM-dd'),
    );
  }

  private async searchUsers(request: FastifyRequest, activeByDefault: boolean): Promise<EgovUsersResponse> {
    const parsed = readEgovRequest(request, [] as const, this.requestInfoRule);
    const criteria = egovSearchCriteriaOf(parsed.body, queryOf(request), activeByDefault, parsed.violations);
    parsed.violations.throwIfAny();
    const caller = await callerOf(this.egov, this.config.egov.auth, request, parsed);
    return egovUsersResponse(
      parsed.requestInfo,
      await this.egov.searchUsers(caller, criteria),
      this.answer('yyyy-MM-dd'),
    );
  }

  /** `users[]` (or `Users[]`), else the single `user`. */
  private usersToCreate({ fields, violations }: EgovRequest<'user' | 'users'>): EgovUserInput[] {
    const batch = fields.objectArray('users');
    if (batch === undefined && !fields.has('user') && !violations.names('users')) violations.missing('users');
    if (batch === undefined) {
      const user = fields.has('user')
        ? egovUserInputOf(fields.fields.user, 'user', 'createNoValidate', this.rules(), violations)
        : null;
      return user ? [user] : [];
    }
    if (batch.length === 0) violations.add('users', 'must list at least one user');
    if (batch.length > this.config.egov.bulkCreateMax)
      violations.add('users', `must list at most ${this.config.egov.bulkCreateMax} users`);
    if (violations.any) return [];
    return batch.flatMap(
      (item, index) => egovUserInputOf(item, `users[${index}]`, 'createNoValidate', this.rules(), violations) ?? [],
    );
  }

  private rules(): EgovUserRules {
    return { mobilePattern: this.config.egov.mobilePattern, now: new Date(), timeZone: this.config.egov.timeZone };
  }

  /** Behind DIGIT's gateway in-cluster services send no RequestInfo at all; standing alone, it carries the token. */
  private get requestInfoRule(): 'required' | 'optional' {
    return this.config.egov.auth === 'gateway' ? 'optional' : 'required';
  }

  private answer(dob: EgovDobFormat): EgovAnswerOptions {
    return egovAnswerOptions(this.config, dob);
  }
}
