import { Controller, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RosterConfig } from '@roster/config';
import { OTP_PURPOSES, OtpPurpose, USER_TYPES } from '@roster/domain';
import type { FastifyRequest } from 'fastify';
import { EgovUserApi } from '@roster/user-service-contract';
import { Violations } from '../egov-errors';
import { egovBodyOf } from '../envelope/egov-envelope';
import { FieldReader } from '../envelope/egov-fields';
import { EgovOtpRequestDoc, EgovOtpResponseDoc, UserOtpErrorResponses } from '../openapi/egov-schemas';
import { UserOtpErrorFilter } from './user-otp-errors';

const OTP_FIELDS = ['mobileNumber', 'tenantId', 'type', 'userType'] as const;

/** user-otp's answer: no ResponseInfo at all, only whether the code went out. */
export interface UserOtpResponse {
  responseInfo: null;
  isSuccessful: true;
}

/**
 * DIGIT's user-otp service: sends the OTP that registration, OTP login and password reset consume. Its
 * answers and errors have user-otp's own shapes (201 `{responseInfo: null, isSuccessful: true}`; errors
 * `{responseInfo: null, error: {code, message, description, fields[]}}`), which the DIGIT UI reads.
 */
@ApiTags('egov-user')
@UseFilters(UserOtpErrorFilter)
@Controller('user-otp')
export class EgovOtpController {
  constructor(
    private readonly egov: EgovUserApi,
    private readonly config: RosterConfig,
  ) {}

  @Post('v1/_send')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Send an OTP by SMS to a mobile number',
    description:
      '`register` fails if the number is registered, `login` and `passwordreset` if no active user of `userType` holds it (employees in their own tenant, others at the state level). Rate-limited per mobile number (429). RequestInfo is optional, as at user-otp.',
  })
  @ApiBody({ type: EgovOtpRequestDoc })
  @ApiCreatedResponse({ type: EgovOtpResponseDoc })
  @UserOtpErrorResponses([400, 413, 415, 429, 503])
  async send(@Req() request: FastifyRequest): Promise<UserOtpResponse> {
    const violations = new Violations();
    const body = egovBodyOf(request, violations);
    const otpObject = new FieldReader(body, ['otp'] as const, violations).object('otp');
    const otp = new FieldReader(otpObject ?? {}, OTP_FIELDS, violations, 'otp');
    // user-otp's checks, in its order and with its codes; an absent type is a registration, as there.
    const tenantId = otp.string('tenantId');
    if (!tenantId) otp.invalid('tenantId', 'Tenant field is mandatory', 'OTP.TENANT_ID_MANDATORY');
    const mobileNumber = otp.string('mobileNumber');
    if (!mobileNumber) otp.invalid('mobileNumber', 'Mobile number field is mandatory', 'OTP.MOBILE_NUMBER_MANDATORY');
    const type = otp.string('type');
    const purpose = type ? OTP_PURPOSES.find((candidate) => candidate === type.toLowerCase()) : 'register';
    if (!purpose)
      otp.invalid('type', 'Request type (register, passwordreset,login) is mandatory', 'OTP.REQUEST_TYPE_MANDATORY');
    const pattern = this.config.egov.mobilePattern;
    if (mobileNumber && purpose !== 'passwordreset' && !pattern.test(mobileNumber)) {
      otp.invalid(
        'mobileNumber',
        `Mobile number must match the configured pattern: ${pattern.source}`,
        'OTP.MOBILE_NUMBER_VALIDATION_FAILED',
      );
    }
    if (tenantId) otp.tenantId('tenantId');
    // user-otp passes any userType on to egov-user's search, which ignores one that is no type.
    const userType = USER_TYPES.find((candidate) => candidate === otp.string('userType')?.toUpperCase()) ?? null;
    violations.throwIfAny();
    await this.egov.sendOtp({
      tenantId: tenantId as string,
      mobileNumber: mobileNumber as string,
      purpose: purpose as OtpPurpose,
      userType,
    });
    return { responseInfo: null, isSuccessful: true };
  }
}
