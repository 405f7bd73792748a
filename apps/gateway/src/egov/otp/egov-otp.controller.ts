import { Controller, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RosterConfig } from '@roster/config';
import { OtpPurpose, USER_TYPES } from '@roster/domain';
import { EgovUserApi } from '@roster/user-service';
import type { FastifyRequest } from 'fastify';
import { EgovErrorFilter } from '../egov-error.filter';
import { readEgovRequest, ResponseInfo, responseInfoOf } from '../envelope/egov-envelope';
import { FieldReader } from '../envelope/egov-fields';
import { EgovErrorResponses, EgovOtpRequestDoc, EgovOtpResponseDoc } from '../openapi/egov-schemas';

const OTP_FIELDS = ['mobileNumber', 'tenantId', 'type', 'userType'] as const;
const OTP_PURPOSES: readonly OtpPurpose[] = ['register', 'login', 'passwordreset'];

/** DIGIT's user-otp service: sends the OTP that registration, OTP login and password reset consume. */
@ApiTags('egov-user')
@UseFilters(EgovErrorFilter)
@Controller('user-otp')
export class EgovOtpController {
  constructor(
    private readonly egov: EgovUserApi,
    private readonly config: RosterConfig,
  ) {}

  @Post('v1/_send')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send an OTP by SMS to a mobile number',
    description: '`register` fails if the user exists, `login` and `passwordreset` if it does not. Rate-limited per mobile number (429).',
  })
  @ApiBody({ type: EgovOtpRequestDoc })
  @ApiOkResponse({ type: EgovOtpResponseDoc })
  @EgovErrorResponses([400, 404, 409, 429, 503])
  async send(@Req() request: FastifyRequest): Promise<{ responseInfo: ResponseInfo; isSuccessful: true }> {
    const { requestInfo, fields, violations } = readEgovRequest(request, ['otp'] as const);
    const otpObject = fields.object('otp', { required: true });
    const otp = otpObject ? new FieldReader(otpObject, OTP_FIELDS, violations, 'otp') : null;
    const mobileNumber = otp?.string('mobileNumber', { required: true });
    if (mobileNumber !== undefined && !this.config.egov.mobilePattern.test(mobileNumber)) {
      otp?.invalid('mobileNumber', `must match ${this.config.egov.mobilePattern.source}`);
    }
    const tenantId = otp?.tenantId('tenantId', { required: true });
    // user-otp's default purpose is registration, its default user type CITIZEN.
    const purpose = otp?.choice('type', OTP_PURPOSES) ?? 'register';
    const userType = otp?.choice('userType', USER_TYPES) ?? 'CITIZEN';
    violations.throwIfAny();
    await this.egov.sendOtp({ tenantId: tenantId as string, mobileNumber: mobileNumber as string, purpose, userType });
    return { responseInfo: responseInfoOf(requestInfo, 'successful'), isSuccessful: true };
  }
}
