import { Controller, Get, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RosterConfig } from '@roster/config';
import { passwordPolicyViolations, USER_TYPES, UserType } from '@roster/domain';
import type { FastifyRequest } from 'fastify';
import { EgovTokenGrant, EgovUserApi } from '@roster/user-service-contract';
import { EgovErrorFilter } from '../egov-error.filter';
import { Violations } from '../egov-errors';
import { accessTokenOf, callerOf, missingAccessToken } from '../envelope/egov-access-token';
import { egovBodyOf, queryOf, readEgovRequest, ResponseInfo, responseInfoOf } from '../envelope/egov-envelope';
import { FieldReader } from '../envelope/egov-fields';
import {
  EGOV_SUCCESS,
  egovTokenResponse,
  EgovTokenResponse,
  EgovResponseInfoResponse,
} from '../envelope/egov-responses';
import {
  EgovErrorResponses,
  EgovLogoutRequestDoc,
  EgovLogoutResponseDoc,
  EgovPasswordResetRequestDoc,
  EgovPasswordUpdateRequestDoc,
  EgovResponseInfoResponseDoc,
  EgovTokenFormDoc,
  EgovTokenResponseDoc,
  EgovUserDetailsDoc,
  OAuthErrorResponseDoc,
} from '../openapi/egov-schemas';
import { egovUserDetailsOf, EgovUserDetailsJson } from '../users/egov-user.output';

const TOKEN_FIELDS = ['grant_type', 'username', 'password', 'scope', 'tenantId', 'userType', 'refresh_token'] as const;
const DEFAULT_SCOPE = 'read';

/** Passwords, tokens and sessions of DIGIT's egov-user. */
@ApiTags('egov-user')
@UseFilters(EgovErrorFilter)
@Controller('user')
export class EgovAuthController {
  constructor(
    private readonly egov: EgovUserApi,
    private readonly config: RosterConfig,
  ) {}

  @Post('password/_update')
  @HttpCode(200)
  @ApiOperation({ summary: 'The logged-in caller changes its password; its earlier tokens stop working' })
  @ApiBody({ type: EgovPasswordUpdateRequestDoc })
  @ApiOkResponse({ type: EgovResponseInfoResponseDoc })
  @EgovErrorResponses([400, 401, 403, 409, 413, 415, 503])
  async updatePassword(@Req() request: FastifyRequest): Promise<EgovResponseInfoResponse> {
    const auth = this.config.egov.auth;
    const parsed = readEgovRequest(
      request,
      ['existingPassword', 'newPassword', 'tenantId', 'type'] as const,
      auth === 'gateway' ? 'optional' : 'required',
    );
    const { fields, violations } = parsed;
    const existingPassword = fields.string('existingPassword', { required: true });
    const newPassword = newPasswordOf(fields);
    // egov-user found the user by these and the caller's userName; the caller alone names it here, so they are only checked.
    fields.tenantId('tenantId');
    fields.choice('type', USER_TYPES);
    violations.throwIfAny();
    const caller = await callerOf(this.egov, auth, request, parsed);
    await this.egov.changePassword(caller, {
      existingPassword: existingPassword as string,
      newPassword: newPassword as string,
    });
    return { responseInfo: responseInfoOf(parsed.requestInfo, EGOV_SUCCESS) };
  }

  @Post('password/nologin/_update')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reset a password with a passwordreset OTP (no login)' })
  @ApiBody({ type: EgovPasswordResetRequestDoc })
  @ApiOkResponse({ type: EgovResponseInfoResponseDoc })
  @EgovErrorResponses([400, 404, 409, 413, 415, 503])
  async resetPassword(@Req() request: FastifyRequest): Promise<EgovResponseInfoResponse> {
    // Forgot password happens logged out: the DIGIT UI sends `authToken: null`, an in-cluster caller maybe no RequestInfo.
    const { requestInfo, fields, violations } = readEgovRequest(
      request,
      ['otpReference', 'userName', 'newPassword', 'tenantId', 'type'] as const,
      'optional',
    );
    const otpReference = fields.string('otpReference', { required: true });
    const userName = fields.string('userName', { required: true });
    const newPassword = newPasswordOf(fields);
    const tenantId = fields.tenantId('tenantId', { required: true });
    const type: UserType = fields.choice('type', USER_TYPES) ?? 'CITIZEN';
    violations.throwIfAny();
    await this.egov.resetPassword({
      otpReference: otpReference as string,
      userName: userName as string,
      newPassword: newPassword as string,
      tenantId: tenantId as string,
      type,
    });
    return { responseInfo: responseInfoOf(requestInfo, EGOV_SUCCESS) };
  }

  @Post('oauth/token')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in (password grant) or refresh tokens (refresh_token grant)',
    description:
      'Form-encoded as OAuth2 clients send it (JSON accepted too); an `Authorization: Basic` client credential is accepted and not needed. Wrong password, unknown user and locked account answer alike (invalid_grant). Failures carry OAuth2 `error`/`error_description` beside the egov envelope.',
  })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ type: EgovTokenFormDoc })
  @ApiOkResponse({ type: EgovTokenResponseDoc })
  @EgovErrorResponses([400, 401, 409, 413, 415, 423, 503], OAuthErrorResponseDoc)
  async token(@Req() request: FastifyRequest): Promise<EgovTokenResponse> {
    const violations = new Violations();
    // Spring's token endpoint also reads its parameters from the query string; the body wins.
    const form = new FieldReader({ ...queryOf(request), ...egovBodyOf(request, violations) }, TOKEN_FIELDS, violations);
    const grant = await this.grant(form, violations);
    return egovTokenResponse(grant);
  }

  @Post('_details')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The user behind an access token (`?access_token=`), as egov-user answers it: the user object itself',
    description:
      "DIGIT's API gateway calls this for every request (POST, no body) and puts the answer into RequestInfo.userInfo.",
  })
  @ApiQuery({
    name: 'access_token',
    required: false,
    description: 'else RequestInfo.authToken, a body access_token, or Authorization: Bearer',
  })
  @ApiOkResponse({ type: EgovUserDetailsDoc })
  @EgovErrorResponses([400, 401, 413, 415, 503])
  details(@Req() request: FastifyRequest): Promise<EgovUserDetailsJson> {
    return this.userBehindToken(request);
  }

  @Get('_details')
  @ApiOperation({ summary: 'As POST /user/_details' })
  @ApiQuery({ name: 'access_token', required: false })
  @ApiOkResponse({ type: EgovUserDetailsDoc })
  @EgovErrorResponses([400, 401, 413, 415, 503])
  detailsByGet(@Req() request: FastifyRequest): Promise<EgovUserDetailsJson> {
    return this.userBehindToken(request);
  }

  @Post('_logout')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an access token (and its refresh token)' })
  @ApiBody({ type: EgovLogoutRequestDoc })
  @ApiOkResponse({ type: EgovLogoutResponseDoc })
  @EgovErrorResponses([400, 401, 413, 415, 503])
  async logout(@Req() request: FastifyRequest): Promise<ResponseInfo> {
    // egov-user's LogoutController reads `{"access_token": …}` alone; a RequestInfo beside it is optional.
    const { requestInfo, body, fields, violations } = readEgovRequest(request, ['access_token'] as const, 'optional');
    const named = fields.string('access_token');
    violations.throwIfAny();
    // The token named in the body is the one to revoke; egov-user read only that one.
    const token = named || accessTokenOf(request, requestInfo, body);
    if (!token) throw missingAccessToken();
    await this.egov.logout(token);
    return responseInfoOf(requestInfo, 'Logout successfully');
  }

  private async grant(
    form: FieldReader<(typeof TOKEN_FIELDS)[number]>,
    violations: Violations,
  ): Promise<EgovTokenGrant> {
    const grantType = form.string('grant_type', { required: true });
    if (grantType === 'refresh_token') {
      const refreshToken = form.string('refresh_token', { required: true });
      violations.throwIfAny();
      return this.egov.refresh(refreshToken as string);
    }
    if (grantType !== undefined && grantType !== 'password')
      form.invalid('grant_type', 'must be password or refresh_token', 'unsupported_grant_type');
    const userName = form.string('username', { required: true });
    const password = form.string('password', { required: true });
    const tenantId = form.tenantId('tenantId', { required: true });
    const userType = form.choice('userType', USER_TYPES);
    if (userType === undefined && !violations.names('userType')) violations.missing('userType');
    violations.throwIfAny();
    return this.egov.login({
      userName: userName as string,
      password: password as string,
      tenantId: tenantId as string,
      userType: userType as UserType,
      scope: form.string('scope') || DEFAULT_SCOPE,
    });
  }

  private async userBehindToken(request: FastifyRequest): Promise<EgovUserDetailsJson> {
    const { requestInfo, body, violations } = readEgovRequest(request, [] as const, 'optional');
    violations.throwIfAny();
    const token = accessTokenOf(request, requestInfo, body);
    if (!token) throw missingAccessToken();
    return egovUserDetailsOf(await this.egov.details(token));
  }
}

/** A new password under egov-user's policy (INVALID_PWD_LENGTH, INVALID_PWD_PATTERN). */
function newPasswordOf(fields: FieldReader<'newPassword'>): string | undefined {
  const password = fields.string('newPassword', { required: true });
  for (const violation of password === undefined ? [] : passwordPolicyViolations(password)) {
    fields.invalid('newPassword', violation.message, violation.code);
  }
  return password;
}
