import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse, OmitType } from '@nestjs/swagger';
import { USER_TYPES } from '@roster/domain';
import { EGOV_SORT_FIELDS } from '@roster/user-service-contract';

/*
 * The egov face's envelopes for the OpenAPI document. The controllers read bodies themselves (field names
 * case-insensitive, unknown fields ignored, as egov-user), so these classes only describe the contract.
 */

export class EgovRequestInfoDoc {
  @ApiPropertyOptional({ example: 'Rainmaker' }) apiId?: string;
  @ApiPropertyOptional({ example: '.01' }) ver?: string;
  @ApiPropertyOptional({ description: 'epoch ms', example: 1700000000000 }) ts?: number;
  @ApiPropertyOptional({ example: '_create' }) action?: string;
  @ApiPropertyOptional() did?: string;
  @ApiPropertyOptional() key?: string;
  @ApiPropertyOptional({ description: 'echoed in the answer', example: '20170310130900|en_IN' }) msgId?: string;
  @ApiPropertyOptional({ description: 'access token of the caller (from /user/oauth/token)' }) authToken?: string;
  @ApiPropertyOptional() correlationId?: string;
  @ApiPropertyOptional({
    description:
      "ROSTER_EGOV_AUTH=token: ignored (the caller is the user behind authToken); gateway: the caller, as DIGIT's API gateway fills it in",
    type: 'object',
    additionalProperties: true,
  })
  userInfo?: object;
}

export class EgovResponseInfoDoc {
  @ApiProperty() apiId: string;
  @ApiProperty() ver: string;
  @ApiProperty({ description: 'epoch ms' }) ts: number;
  @ApiProperty() resMsgId: string;
  @ApiProperty({ description: "the request's msgId" }) msgId: string;
  @ApiProperty({ example: '200', description: '"200" on success, as egov-user' }) status: string;
}

export class EgovRoleDoc {
  @ApiProperty({ example: 'EMPLOYEE' }) code: string;
  @ApiPropertyOptional({ example: 'Employee' }) name?: string;
  @ApiPropertyOptional({ example: 'pb.amritsar', description: "defaults to the user's tenant" }) tenantId?: string;
}

/** The fields a client sends; absent fields keep their stored value on updates. */
export class EgovUserInDoc {
  @ApiPropertyOptional({ description: 'which user (updates)' }) uuid?: string;
  @ApiPropertyOptional({
    example: 'pb.amritsar',
    description: 'letters and dots; collapsed to the state (pb) for citizens',
  })
  tenantId?: string;
  @ApiPropertyOptional({ enum: USER_TYPES }) type?: string;
  @ApiPropertyOptional({
    description:
      "a citizen's defaults to the mobile number; on /user/citizen/_create a numeric username is the mobile number",
  })
  userName?: string;
  @ApiPropertyOptional({ maxLength: 50, example: 'Asha Rani' }) name?: string;
  @ApiPropertyOptional({ example: '9876543210', description: '10 digits (configurable pattern)' })
  mobileNumber?: string;
  @ApiPropertyOptional({ maxLength: 128 }) emailId?: string;
  @ApiPropertyOptional({ enum: ['FEMALE', 'MALE', 'OTHERS', 'TRANSGENDER'] }) gender?: string;
  @ApiPropertyOptional({
    example: '17/05/1985',
    description: 'dd/MM/yyyy; also yyyy-MM-dd, or epoch ms (the day it falls on in ROSTER_EGOV_TIME_ZONE)',
  })
  dob?: string;
  @ApiPropertyOptional() salutation?: string;
  @ApiPropertyOptional({ description: 'matched by a mobileNumber search' }) altContactNumber?: string;
  @ApiPropertyOptional({ description: 'all lower case, as egov-user spells it' }) alternatemobilenumber?: string;
  @ApiPropertyOptional() pan?: string;
  @ApiPropertyOptional() aadhaarNumber?: string;
  @ApiPropertyOptional({ maxLength: 300 }) permanentAddress?: string;
  @ApiPropertyOptional() permanentCity?: string;
  @ApiPropertyOptional({ pattern: '^[1-9][0-9]{5}$' }) permanentPinCode?: string;
  @ApiPropertyOptional({ maxLength: 300 }) correspondenceAddress?: string;
  @ApiPropertyOptional() correspondenceCity?: string;
  @ApiPropertyOptional({ pattern: '^[1-9][0-9]{5}$' }) correspondencePinCode?: string;
  @ApiPropertyOptional() locale?: string;
  @ApiPropertyOptional() fatherOrHusbandName?: string;
  @ApiPropertyOptional({ enum: ['FATHER', 'MOTHER', 'HUSBAND', 'OTHER'] }) relationship?: string;
  @ApiPropertyOptional({ enum: ['A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-'] }) bloodGroup?: string;
  @ApiPropertyOptional() identificationMark?: string;
  @ApiPropertyOptional() photo?: string;
  @ApiPropertyOptional() signature?: string;
  @ApiPropertyOptional() active?: boolean;
  @ApiPropertyOptional({ description: 'false unlocks (operators)' }) accountLocked?: boolean;
  @ApiPropertyOptional({ type: [EgovRoleDoc] }) roles?: EgovRoleDoc[];
  @ApiPropertyOptional({ description: '8–15 characters, a digit, lower and upper case, one of @#$%, no whitespace' })
  password?: string;
  @ApiPropertyOptional({ description: 'the OTP sent by /user-otp/v1/_send (citizen registration)' })
  otpReference?: string;
}

const DATE_TIME = {
  example: '09-03-2026 14:05:25',
  description: 'dd-MM-yyyy HH:mm:ss in ROSTER_EGOV_TIME_ZONE (default UTC)',
};

export class EgovRoleOutDoc {
  @ApiProperty({ example: 'EMPLOYEE' }) code: string;
  @ApiProperty({ example: 'Employee' }) name: string;
  @ApiProperty({ example: 'pb.amritsar' }) tenantId: string;
}

/** A user as answered (egov-user's UserSearchResponseContent): never a password, hash, OTP or token. */
export class EgovUserDoc {
  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: 42,
    description: 'numeric id, a 32-bit integer (null only for users created before numeric ids)',
  })
  id: number;
  @ApiProperty({ type: 'string', nullable: true }) userName: string;
  @ApiProperty({ type: 'string', nullable: true }) salutation: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: 'string', nullable: true }) gender: string;
  @ApiProperty({ type: 'string', nullable: true }) mobileNumber: string;
  @ApiProperty({ type: 'string', nullable: true }) emailId: string;
  @ApiProperty({ type: 'string', nullable: true }) altContactNumber: string;
  @ApiProperty({ type: 'string', nullable: true }) pan: string;
  @ApiProperty({ type: 'string', nullable: true }) aadhaarNumber: string;
  @ApiProperty({ type: 'string', nullable: true }) permanentAddress: string;
  @ApiProperty({ type: 'string', nullable: true }) permanentCity: string;
  @ApiProperty({ type: 'string', nullable: true }) permanentPinCode: string;
  @ApiProperty({ type: 'string', nullable: true }) correspondenceAddress: string;
  @ApiProperty({ type: 'string', nullable: true }) correspondenceCity: string;
  @ApiProperty({ type: 'string', nullable: true }) correspondencePinCode: string;
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: "egov-user's other alternate number (a mobileNumber search matches altContactNumber)",
  })
  alternatemobilenumber: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: 'string', nullable: true }) locale: string;
  @ApiProperty({ enum: USER_TYPES }) type: string;
  @ApiProperty() accountLocked: boolean;
  @ApiProperty({ type: 'integer', nullable: true, description: 'epoch ms when the account was locked' })
  accountLockedDate: number;
  @ApiProperty({ type: 'string', nullable: true }) fatherOrHusbandName: string;
  @ApiProperty({ type: 'string', nullable: true }) relationship: string;
  @ApiProperty({ type: 'string', nullable: true }) signature: string;
  @ApiProperty({ type: 'string', nullable: true }) bloodGroup: string;
  @ApiProperty({ type: 'string', nullable: true }) photo: string;
  @ApiProperty({ type: 'string', nullable: true }) identificationMark: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'numeric id of the creator' }) createdBy: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'numeric id of the last modifier' })
  lastModifiedBy: number;
  @ApiProperty() tenantId: string;
  @ApiProperty({ type: [EgovRoleOutDoc] }) roles: EgovRoleOutDoc[];
  @ApiProperty() uuid: string;
  @ApiProperty(DATE_TIME) createdDate: string;
  @ApiProperty(DATE_TIME) lastModifiedDate: string;
  @ApiProperty({
    type: 'string',
    nullable: true,
    example: '1985-05-17',
    description: 'yyyy-MM-dd in search and update answers, dd/MM/yyyy in create answers (as egov-user)',
  })
  dob: string;
  @ApiProperty({
    ...DATE_TIME,
    type: 'string',
    nullable: true,
    description: 'when the password expires; ' + DATE_TIME.description,
  })
  pwdExpiryDate: string;
}

/** The token answer's `UserRequest` (egov-user's auth User): what the DIGIT UI keeps as the logged-in user. */
export class EgovTokenUserDoc {
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'a 32-bit integer: the gateway reads it as a Java Integer',
  })
  id: number;
  @ApiProperty() uuid: string;
  @ApiProperty({ type: 'string', nullable: true }) userName: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: 'string', nullable: true }) mobileNumber: string;
  @ApiProperty({ type: 'string', nullable: true }) emailId: string;
  @ApiProperty({ type: 'string', nullable: true }) locale: string;
  @ApiProperty({ enum: USER_TYPES }) type: string;
  @ApiProperty({ type: [EgovRoleOutDoc] }) roles: EgovRoleOutDoc[];
  @ApiProperty() active: boolean;
  @ApiProperty() tenantId: string;
  @ApiProperty({ type: 'string', nullable: true }) permanentCity: string;
}

/** `/user/_details` (egov-user's CustomUserDetails): what DIGIT's gateway puts into RequestInfo.userInfo. */
export class EgovUserDetailsDoc extends OmitType(EgovTokenUserDoc, ['permanentCity'] as const) {
  @ApiProperty({ type: 'array', items: { type: 'object' }, nullable: true, description: 'always null' }) actions: null;
}

export class EgovUserRequestDoc {
  @ApiProperty({ type: EgovRequestInfoDoc }) RequestInfo: EgovRequestInfoDoc;
  @ApiProperty({ type: EgovUserInDoc }) user: EgovUserInDoc;
}

export class EgovCreateUsersRequestDoc {
  @ApiProperty({ type: EgovRequestInfoDoc }) RequestInfo: EgovRequestInfoDoc;
  @ApiPropertyOptional({ type: EgovUserInDoc, description: 'one user' }) user?: EgovUserInDoc;
  @ApiPropertyOptional({
    type: [EgovUserInDoc],
    description: 'a batch (also `Users`), all-or-nothing, up to the configured maximum',
  })
  users?: EgovUserInDoc[];
}

export class EgovUsersResponseDoc {
  @ApiProperty({ type: EgovResponseInfoDoc }) responseInfo: EgovResponseInfoDoc;
  @ApiProperty({ type: [EgovUserDoc] }) user: EgovUserDoc[];
}

export class EgovSearchRequestDoc {
  @ApiProperty({ type: EgovRequestInfoDoc }) RequestInfo: EgovRequestInfoDoc;
  @ApiPropertyOptional() tenantId?: string;
  @ApiPropertyOptional({ type: [Number], description: 'numeric user ids (numbers or strings of digits)' })
  id?: number[];
  @ApiPropertyOptional({ type: [String] }) uuid?: string[];
  @ApiPropertyOptional() userName?: string;
  @ApiPropertyOptional({ description: 'case-insensitive prefix of the name' }) name?: string;
  @ApiPropertyOptional({ description: 'matches the mobile number or the alternate number' }) mobileNumber?: string;
  @ApiPropertyOptional() emailId?: string;
  @ApiPropertyOptional({ description: '/user/_search: true unless given' }) active?: boolean;
  @ApiPropertyOptional({ enum: USER_TYPES }) userType?: string;
  @ApiPropertyOptional({ type: [String], description: 'users holding all of them' }) roleCodes?: string[];
  @ApiPropertyOptional({ description: 'epoch ms: created or modified at or after' }) lastChangedSince?: number;
  @ApiPropertyOptional({ description: 'accepted; the full user is always answered' }) includeDetails?: boolean;
  @ApiPropertyOptional({
    default: 100,
    maximum: 100,
    description: 'absent or 0 (egov-user: every match): 100; larger values are cut to 100',
  })
  pageSize?: number;
  @ApiPropertyOptional({ default: 0, description: '0-based page' }) pageNumber?: number;
  @ApiPropertyOptional({ type: [String], enum: EGOV_SORT_FIELDS, default: ['name'] }) sort?: string[];
}

export class EgovPasswordUpdateRequestDoc {
  @ApiProperty({ type: EgovRequestInfoDoc }) RequestInfo: EgovRequestInfoDoc;
  @ApiProperty() existingPassword: string;
  @ApiProperty({ description: 'password policy: errors INVALID_PWD_LENGTH, INVALID_PWD_PATTERN' }) newPassword: string;
  @ApiPropertyOptional({ description: 'checked, not needed: the caller is the one whose password changes' })
  tenantId?: string;
  @ApiPropertyOptional({
    enum: USER_TYPES,
    description: 'checked, not needed: the caller is the one whose password changes',
  })
  type?: string;
}

export class EgovPasswordResetRequestDoc {
  @ApiProperty({ type: EgovRequestInfoDoc }) RequestInfo: EgovRequestInfoDoc;
  @ApiProperty({ description: 'the passwordreset OTP' }) otpReference: string;
  @ApiProperty() userName: string;
  @ApiProperty() newPassword: string;
  @ApiProperty() tenantId: string;
  @ApiPropertyOptional({ enum: USER_TYPES, default: 'CITIZEN' }) type?: string;
}

export class EgovResponseInfoResponseDoc {
  @ApiProperty({ type: EgovResponseInfoDoc }) responseInfo: EgovResponseInfoDoc;
}

export class EgovTokenFormDoc {
  @ApiProperty({ enum: ['password', 'refresh_token'] }) grant_type: string;
  @ApiPropertyOptional({ description: 'password grant' }) username?: string;
  @ApiPropertyOptional({ description: 'password grant' }) password?: string;
  @ApiPropertyOptional({ description: 'password grant' }) tenantId?: string;
  @ApiPropertyOptional({ enum: USER_TYPES, description: 'password grant' }) userType?: string;
  @ApiPropertyOptional({ description: 'refresh_token grant' }) refresh_token?: string;
  @ApiPropertyOptional({ default: 'read' }) scope?: string;
}

/** Spring's token endpoint wrote this map with snake_case keys and an empty `ts`. */
export class EgovTokenResponseInfoDoc {
  @ApiProperty({ example: '' }) api_id: string;
  @ApiProperty({ example: '' }) ver: string;
  @ApiProperty({ example: '' }) ts: string;
  @ApiProperty({ example: '' }) res_msg_id: string;
  @ApiProperty({ example: '' }) msg_id: string;
  @ApiProperty({ example: 'Access Token generated successfully' }) status: string;
}

export class EgovTokenResponseDoc {
  @ApiProperty() access_token: string;
  @ApiProperty({ example: 'bearer' }) token_type: string;
  @ApiProperty() refresh_token: string;
  @ApiProperty({ description: 'seconds' }) expires_in: number;
  @ApiProperty({ example: 'read' }) scope: string;
  @ApiProperty({ type: EgovTokenResponseInfoDoc }) ResponseInfo: EgovTokenResponseInfoDoc;
  @ApiProperty({ type: EgovTokenUserDoc }) UserRequest: EgovTokenUserDoc;
}

export class EgovLogoutRequestDoc {
  @ApiPropertyOptional({ type: EgovRequestInfoDoc, description: 'optional: egov-user reads access_token alone' })
  RequestInfo?: EgovRequestInfoDoc;
  @ApiProperty({ description: 'the token to revoke (else RequestInfo.authToken)' }) access_token: string;
}

/** egov-user's logout answers a bare ResponseInfo. */
export class EgovLogoutResponseDoc extends EgovResponseInfoDoc {}

export class EgovOtpDoc {
  @ApiProperty() mobileNumber: string;
  @ApiProperty() tenantId: string;
  @ApiPropertyOptional({ enum: ['register', 'login', 'passwordreset'], default: 'register' }) type?: string;
  @ApiPropertyOptional({ enum: USER_TYPES, default: 'CITIZEN' }) userType?: string;
}

export class EgovOtpRequestDoc {
  @ApiProperty({ type: EgovRequestInfoDoc }) RequestInfo: EgovRequestInfoDoc;
  @ApiProperty({ type: EgovOtpDoc }) otp: EgovOtpDoc;
}

export class EgovOtpResponseDoc {
  @ApiProperty({
    type: 'object',
    additionalProperties: false,
    nullable: true,
    description: 'always null, as user-otp answers',
  })
  responseInfo: null;
  @ApiProperty({ example: true }) isSuccessful: boolean;
}

export class UserOtpErrorFieldDoc {
  @ApiProperty({ example: 'OTP.UNKNOWN_CREDENTIAL' }) code: string;
  @ApiProperty({ example: 'No such username or password' }) message: string;
  @ApiProperty({ example: 'otp.mobileNumber' }) field: string;
}

export class UserOtpErrorDoc {
  @ApiProperty({ description: 'the HTTP status', example: 400 }) code: number;
  @ApiProperty({ example: 'OTP request for login failed' }) message: string;
  @ApiProperty({ type: 'string', nullable: true }) description: null;
  @ApiProperty({ type: [UserOtpErrorFieldDoc] }) fields: UserOtpErrorFieldDoc[];
}

/** user-otp's own error shape (not egov-user's envelope). */
export class UserOtpErrorResponseDoc {
  @ApiProperty({ type: 'object', additionalProperties: false, nullable: true, description: 'always null' })
  responseInfo: null;
  @ApiProperty({ type: UserOtpErrorDoc }) error: UserOtpErrorDoc;
}

export class EgovErrorDoc {
  @ApiProperty({ example: 'INVALID_FIELD' }) code: string;
  @ApiProperty() message: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [String], description: 'the fields at fault', example: ['user.mobileNumber'] }) params: string[];
}

export class EgovErrorResponseDoc {
  @ApiProperty({ type: EgovResponseInfoDoc }) ResponseInfo: EgovResponseInfoDoc;
  @ApiProperty({ type: [EgovErrorDoc] }) Errors: EgovErrorDoc[];
}

export class OAuthErrorResponseDoc extends EgovErrorResponseDoc {
  @ApiProperty({ example: 'invalid_grant' }) error: string;
  @ApiProperty() error_description: string;
}

const STATUS_MEANING: Record<number, string> = {
  400: 'invalid input (missing RequestInfo, wrong types, field rules, password policy); nothing is written',
  401: 'missing, invalid, expired or revoked access token; wrong credentials',
  403: 'the caller may not do this',
  404: 'no such user (or one of another tenant)',
  409: 'user name or mobile number taken, concurrent change',
  423: 'account locked after repeated failed logins',
  429: 'OTP send limit reached',
  503: 'a store or the user-service is unavailable; retry',
};

const USER_OTP_STATUS_MEANING: Record<number, string> = {
  400: 'invalid request (OTP.TENANT_ID_MANDATORY, OTP.MOBILE_NUMBER_MANDATORY, OTP.REQUEST_TYPE_MANDATORY, OTP.MOBILE_NUMBER_VALIDATION_FAILED), a registered number for register (OTP.MOBILENUMBER), an unknown one for login (OTP.UNKNOWN_CREDENTIAL) or passwordreset (OTP.UNKNOWN_MOBILE_NUMBER)',
  429: 'OTP send limit reached for this number',
  503: 'a store or the user-service is unavailable; retry',
};

/** user-otp's error shape for each given status. */
export function UserOtpErrorResponses(statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: USER_OTP_STATUS_MEANING[status], type: UserOtpErrorResponseDoc }),
    ),
  );
}

/** The egov error envelope for each given status. */
export function EgovErrorResponses(statuses: number[], type: typeof EgovErrorResponseDoc = EgovErrorResponseDoc) {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: STATUS_MEANING[status], type })),
  );
}
