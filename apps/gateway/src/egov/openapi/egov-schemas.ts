import { applyDecorators } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { ApiProperty, ApiPropertyOptional, ApiQuery, ApiResponse, OmitType } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import {
  BLOOD_GROUPS,
  EGOV_FIELD_PATTERNS,
  GENDERS,
  MAX_ADDRESS_LENGTH,
  MAX_EMAIL_LENGTH,
  MAX_NAME_LENGTH,
  MAX_USER_NAME_LENGTH,
  OTP_PURPOSES,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  RELATIONSHIPS,
  USER_TYPES,
} from '@roster/domain';
import { EGOV_SORT_FIELDS } from '@roster/user-service-contract';
import { MAX_PAGE_NUMBER, MAX_PAGE_SIZE } from '../users/egov-search.criteria';

/*
 * The egov face's envelopes for the OpenAPI document. The controllers read bodies themselves (field names
 * case-insensitive, unknown fields ignored, as egov-user), so these classes only describe the contract; the
 * field rules are the domain's (egov-rules.ts), so a generator builds requests the gateway accepts.
 */

const TENANT_ID = { pattern: EGOV_FIELD_PATTERNS.tenantId.source, example: 'pb.amritsar' };
const PERSON_NAME = { maxLength: MAX_NAME_LENGTH, pattern: EGOV_FIELD_PATTERNS.name.source };
const CITY = { maxLength: MAX_ADDRESS_LENGTH, pattern: EGOV_FIELD_PATTERNS.city.source };
const PIN_CODE = { pattern: EGOV_FIELD_PATTERNS.pinCode.source, example: '143001' };
/** Not blank, no control characters. */
const USER_NAME = {
  maxLength: MAX_USER_NAME_LENGTH,
  pattern: '^[^\\u0000-\\u001f\\u007f]*[^\\s\\u0000-\\u001f\\u007f][^\\u0000-\\u001f\\u007f]*$',
};
const PASSWORD = {
  minLength: PASSWORD_MIN_LENGTH,
  maxLength: PASSWORD_MAX_LENGTH,
  pattern: '^(?=.*[0-9])(?=.*[a-z])(?=.*[A-Z])(?=.*[@#$%])\\S+$',
  description: `${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters, a digit, lower and upper case, one of @#$%, no whitespace (INVALID_PWD_LENGTH, INVALID_PWD_PATTERN)`,
};
/** The placeholder of the configured mobile pattern (ROSTER_MOBILE_PATTERN); `withConfiguredRules` puts the real one. */
const MOBILE = { 'x-roster-mobile-pattern': true, example: '9876543210', description: 'matches ROSTER_MOBILE_PATTERN' };
const DOB_TEXT = '^([0-9]{2}/[0-9]{2}/[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2})$';

export class EgovRequestInfoDoc {
  @ApiPropertyOptional({ example: 'Rainmaker' }) apiId?: string;
  @ApiPropertyOptional({ example: '.01' }) ver?: string;
  @ApiPropertyOptional({ type: 'integer', description: 'epoch ms', example: 1700000000000 }) ts?: number;
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
  @ApiProperty({ type: 'integer', description: 'epoch ms' }) ts: number;
  @ApiProperty() resMsgId: string;
  @ApiProperty({ description: "the request's msgId" }) msgId: string;
  @ApiProperty({ example: '200', description: '"200" on success, as egov-user' }) status: string;
}

export class EgovRoleDoc {
  @ApiProperty({ example: 'EMPLOYEE', minLength: 1, description: 'a role of the catalogue (ROSTER_ROLES_FILE)' })
  code: string;
  @ApiPropertyOptional({ example: 'Employee' }) name?: string;
  @ApiPropertyOptional({ ...TENANT_ID, description: "defaults to the user's tenant" }) tenantId?: string;
}

/** The fields a client sends; absent fields keep their stored value on updates. */
export class EgovUserInDoc {
  @ApiPropertyOptional({ format: 'uuid', description: 'which user (updates)' }) uuid?: string;
  @ApiPropertyOptional({ ...TENANT_ID, description: 'letters and dots; collapsed to the state (pb) for citizens' })
  tenantId?: string;
  @ApiPropertyOptional({ enum: USER_TYPES }) type?: string;
  @ApiPropertyOptional({
    ...USER_NAME,
    description:
      "a citizen's defaults to the mobile number; on /user/citizen/_create a numeric username is the mobile number",
  })
  userName?: string;
  @ApiPropertyOptional({ ...PERSON_NAME, example: 'Asha Rani' }) name?: string;
  @ApiPropertyOptional(MOBILE) mobileNumber?: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: MAX_EMAIL_LENGTH,
    pattern: EGOV_FIELD_PATTERNS.emailId.source,
  })
  emailId?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, enum: GENDERS }) gender?: string | null;
  @ApiPropertyOptional({
    oneOf: [
      { type: 'string', pattern: DOB_TEXT, example: '17/05/1985' },
      { type: 'integer', description: 'epoch ms' },
    ],
    description:
      'dd/MM/yyyy, yyyy-MM-dd, or epoch ms (the day it falls on in ROSTER_EGOV_TIME_ZONE); a real day, not in the future',
  })
  dob?: string | number;
  @ApiPropertyOptional({ type: String, nullable: true }) salutation?: string | null;
  @ApiPropertyOptional({ ...MOBILE, type: String, nullable: true, description: 'matched by a mobileNumber search' })
  altContactNumber?: string | null;
  @ApiPropertyOptional({
    ...MOBILE,
    type: String,
    nullable: true,
    description: 'all lower case, as egov-user spells it',
  })
  alternatemobilenumber?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, pattern: EGOV_FIELD_PATTERNS.pan.source, example: 'ABCDE1234F' })
  pan?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, pattern: EGOV_FIELD_PATTERNS.aadhaarNumber.source })
  aadhaarNumber?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: MAX_ADDRESS_LENGTH }) permanentAddress?:
    string | null;
  @ApiPropertyOptional({ type: String, nullable: true, ...CITY }) permanentCity?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, ...PIN_CODE }) permanentPinCode?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: MAX_ADDRESS_LENGTH })
  correspondenceAddress?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, ...CITY }) correspondenceCity?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, ...PIN_CODE }) correspondencePinCode?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) locale?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, ...PERSON_NAME }) fatherOrHusbandName?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, enum: RELATIONSHIPS }) relationship?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, enum: BLOOD_GROUPS }) bloodGroup?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) identificationMark?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) photo?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) signature?: string | null;
  @ApiPropertyOptional() active?: boolean;
  @ApiPropertyOptional({ description: 'false unlocks (operators)' }) accountLocked?: boolean;
  @ApiPropertyOptional({ type: [EgovRoleDoc] }) roles?: EgovRoleDoc[];
  @ApiPropertyOptional(PASSWORD) password?: string;
  @ApiPropertyOptional({ description: 'the OTP sent by /user-otp/v1/_send (citizen registration)' })
  otpReference?: string;
}

/** /user/citizen/_create: a name, the mobile number (or a numeric userName), the tenant and the register OTP. */
export class EgovNewCitizenDoc extends OmitType(EgovUserInDoc, [
  'tenantId',
  'name',
  'mobileNumber',
  'otpReference',
] as const) {
  @ApiProperty({ ...TENANT_ID, description: 'collapsed to the state (pb)' }) tenantId: string;
  @ApiProperty({ ...PERSON_NAME, minLength: 1, example: 'Asha Rani' }) name: string;
  @ApiProperty(MOBILE) mobileNumber: string;
  @ApiProperty({ description: 'the OTP sent by /user-otp/v1/_send', example: '123456' }) otpReference: string;
}

/** /user/users/_createnovalidate: a name, the tenant, the type and a userName (a citizen may send its mobile number instead). */
export class EgovNewUserDoc extends OmitType(EgovUserInDoc, ['tenantId', 'name', 'type', 'userName'] as const) {
  @ApiProperty(TENANT_ID) tenantId: string;
  @ApiProperty({ ...PERSON_NAME, minLength: 1, example: 'Ravi Kumar' }) name: string;
  @ApiProperty({ enum: USER_TYPES }) type: string;
  @ApiProperty({
    ...USER_NAME,
    description: "unique per tenant and type; a citizen's may be left out (then: the mobile number)",
  })
  userName: string;
}

/** The updates: the user by uuid. */
export class EgovChangedUserDoc extends OmitType(EgovUserInDoc, ['uuid'] as const) {
  @ApiProperty({ format: 'uuid', description: 'which user' }) uuid: string;
}

/** /user/users/_updatenovalidate: the uuid and the user's roles, at least one. */
export class EgovChangedUserWithRolesDoc extends OmitType(EgovChangedUserDoc, ['roles'] as const) {
  @ApiProperty({ type: [EgovRoleDoc], minItems: 1 }) roles: EgovRoleDoc[];
}

/**
 * Sets the configured mobile-number pattern (ROSTER_MOBILE_PATTERN) on every field marked with
 * `x-roster-mobile-pattern`, so the document states the rule the gateway applies.
 */
export function withConfiguredRules(document: OpenAPIObject, rules: { mobilePattern: RegExp }): OpenAPIObject {
  for (const schema of Object.values(document.components?.schemas ?? {}) as SchemaObject[]) {
    for (const property of Object.values(schema.properties ?? {}) as Array<SchemaObject & Record<string, unknown>>) {
      if (property['x-roster-mobile-pattern'] !== true) continue;
      delete property['x-roster-mobile-pattern'];
      property.pattern = rules.mobilePattern.source;
    }
  }
  return document;
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
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    nullable: true,
    description: 'always null',
  })
  actions: null;
}

export class EgovNewCitizenRequestDoc {
  @ApiProperty({ type: EgovRequestInfoDoc }) RequestInfo: EgovRequestInfoDoc;
  @ApiProperty({ type: EgovNewCitizenDoc }) user: EgovNewCitizenDoc;
}

export class EgovChangedUserRequestDoc {
  @ApiProperty({ type: EgovRequestInfoDoc }) RequestInfo: EgovRequestInfoDoc;
  @ApiProperty({ type: EgovChangedUserDoc }) user: EgovChangedUserDoc;
}

export class EgovChangedUserWithRolesRequestDoc {
  @ApiProperty({ type: EgovRequestInfoDoc }) RequestInfo: EgovRequestInfoDoc;
  @ApiProperty({ type: EgovChangedUserWithRolesDoc }) user: EgovChangedUserWithRolesDoc;
}

export class EgovProfileRequestDoc {
  @ApiProperty({ type: EgovRequestInfoDoc }) RequestInfo: EgovRequestInfoDoc;
  @ApiProperty({ type: EgovUserInDoc, description: "uuid defaults to the caller's" }) user: EgovUserInDoc;
}

export class EgovCreateUsersRequestDoc {
  @ApiProperty({ type: EgovRequestInfoDoc }) RequestInfo: EgovRequestInfoDoc;
  @ApiPropertyOptional({ type: EgovNewUserDoc, description: 'one user' }) user?: EgovNewUserDoc;
  @ApiPropertyOptional({
    type: [EgovNewUserDoc],
    minItems: 1,
    description: 'a batch (also `Users`), all-or-nothing, up to the configured maximum',
  })
  users?: EgovNewUserDoc[];
}

export class EgovUsersResponseDoc {
  @ApiProperty({ type: EgovResponseInfoDoc }) responseInfo: EgovResponseInfoDoc;
  @ApiProperty({ type: [EgovUserDoc] }) user: EgovUserDoc[];
}

export class EgovSearchRequestDoc {
  @ApiProperty({ type: EgovRequestInfoDoc }) RequestInfo: EgovRequestInfoDoc;
  @ApiPropertyOptional(TENANT_ID) tenantId?: string;
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'integer', minimum: 1 },
    description: 'numeric user ids (numbers or strings of digits)',
  })
  id?: number[];
  @ApiPropertyOptional({ type: [String] }) uuid?: string[];
  @ApiPropertyOptional() userName?: string;
  @ApiPropertyOptional({ description: 'case-insensitive prefix of the name' }) name?: string;
  @ApiPropertyOptional({ description: 'matches the mobile number or the alternate number' }) mobileNumber?: string;
  @ApiPropertyOptional() emailId?: string;
  @ApiPropertyOptional({ description: '/user/_search: true unless given' }) active?: boolean;
  @ApiPropertyOptional({ enum: USER_TYPES }) userType?: string;
  @ApiPropertyOptional({ type: [String], description: 'users holding all of them' }) roleCodes?: string[];
  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'epoch ms: created or modified at or after' })
  lastChangedSince?: number;
  @ApiPropertyOptional({ description: 'accepted; the full user is always answered' }) includeDetails?: boolean;
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    default: MAX_PAGE_SIZE,
    description: 'absent or 0 (egov-user: every match): 100; larger values are cut to 100',
  })
  pageSize?: number;
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: MAX_PAGE_NUMBER,
    default: 0,
    description: '0-based page',
  })
  pageNumber?: number;
  @ApiPropertyOptional({ type: [String], enum: EGOV_SORT_FIELDS, default: ['name'] }) sort?: string[];
}

export class EgovPasswordUpdateRequestDoc {
  @ApiProperty({ type: EgovRequestInfoDoc }) RequestInfo: EgovRequestInfoDoc;
  @ApiProperty() existingPassword: string;
  @ApiProperty(PASSWORD) newPassword: string;
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
  @ApiProperty(PASSWORD) newPassword: string;
  @ApiProperty(TENANT_ID) tenantId: string;
  @ApiPropertyOptional({ enum: USER_TYPES, default: 'CITIZEN' }) type?: string;
}

export class EgovResponseInfoResponseDoc {
  @ApiProperty({ type: EgovResponseInfoDoc }) responseInfo: EgovResponseInfoDoc;
}

export class EgovTokenFormDoc {
  @ApiProperty({ enum: ['password', 'refresh_token'] }) grant_type: string;
  @ApiPropertyOptional({ description: 'password grant' }) username?: string;
  @ApiPropertyOptional({ description: 'password grant' }) password?: string;
  @ApiPropertyOptional({ ...TENANT_ID, description: 'password grant' }) tenantId?: string;
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
  @ApiProperty({ ...MOBILE, description: 'matches ROSTER_MOBILE_PATTERN (not checked for passwordreset)' })
  mobileNumber: string;
  @ApiProperty(TENANT_ID) tenantId: string;
  @ApiPropertyOptional({ enum: OTP_PURPOSES, default: 'register' }) type?: string;
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
  400: 'invalid input (malformed body, missing RequestInfo, wrong types, field rules, password policy, a wrong OTP); nothing is written',
  401: 'missing, invalid, expired or revoked access token; wrong credentials',
  403: 'the caller may not do this',
  404: 'no such user (or one of another tenant)',
  409: 'user name or mobile number taken, an inactive user, concurrent changes that kept colliding',
  413: 'the body exceeds ROSTER_BODY_LIMIT_BYTES',
  415: 'the body is not application/json (or form data for /user/oauth/token)',
  423: 'account locked after repeated failed logins',
  431: 'the request line and headers exceed the size limit',
  429: 'OTP send limit reached',
  503: 'a store or the user-service is unavailable; retry',
};

const USER_OTP_STATUS_MEANING: Record<number, string> = {
  400: 'invalid request (OTP.TENANT_ID_MANDATORY, OTP.MOBILE_NUMBER_MANDATORY, OTP.REQUEST_TYPE_MANDATORY, OTP.MOBILE_NUMBER_VALIDATION_FAILED), a registered number for register (OTP.MOBILENUMBER), an unknown one for login (OTP.UNKNOWN_CREDENTIAL) or passwordreset (OTP.UNKNOWN_MOBILE_NUMBER)',
  413: 'the body exceeds ROSTER_BODY_LIMIT_BYTES',
  415: 'the body is not application/json',
  429: 'OTP send limit reached for this number',
  431: 'the request line and headers exceed the size limit',
  503: 'a store or the user-service is unavailable; retry',
};

type HeaderDocs = Record<string, { description: string; schema: { type: 'string' } }>;
const RETRY_AFTER: HeaderDocs = {
  'Retry-After': { description: 'seconds until a retry may succeed', schema: { type: 'string' } },
};
const ERROR_HEADERS: Record<number, HeaderDocs> = {
  401: { 'WWW-Authenticate': { description: 'Bearer', schema: { type: 'string' } } },
  423: RETRY_AFTER,
  429: RETRY_AFTER,
  503: RETRY_AFTER,
};

/** user-otp's error shape for each given status, and for 431, which any request can meet. */
export function UserOtpErrorResponses(statuses: number[]) {
  return applyDecorators(
    ...[...statuses, 431].map((status) =>
      ApiResponse({
        status,
        description: USER_OTP_STATUS_MEANING[status],
        headers: status === 401 ? undefined : ERROR_HEADERS[status],
        type: UserOtpErrorResponseDoc,
      }),
    ),
  );
}

/** The egov error envelope (application/json, as egov-user) for each given status, and for 431. */
export function EgovErrorResponses(statuses: number[], type: typeof EgovErrorResponseDoc = EgovErrorResponseDoc) {
  return applyDecorators(
    ...[...statuses, 431].map((status) =>
      ApiResponse({ status, description: STATUS_MEANING[status], headers: ERROR_HEADERS[status], type }),
    ),
  );
}

const text = { type: 'string' } as const;
const texts = { type: 'array', items: text } as const;
const SEARCH_QUERY: Array<{ name: string; schema: SchemaObject; description?: string }> = [
  { name: 'tenantId', schema: { ...text, pattern: EGOV_FIELD_PATTERNS.tenantId.source } },
  { name: 'id', schema: { type: 'array', items: { type: 'integer', minimum: 1 } }, description: 'numeric user ids' },
  { name: 'uuid', schema: texts },
  { name: 'userName', schema: text },
  { name: 'name', schema: text, description: 'case-insensitive prefix of the name' },
  { name: 'mobileNumber', schema: text, description: 'matches the mobile number or the alternate number' },
  { name: 'emailId', schema: text },
  { name: 'active', schema: { type: 'boolean' } },
  { name: 'userType', schema: { ...text, enum: [...USER_TYPES] } },
  { name: 'roleCodes', schema: texts, description: 'users holding all of them' },
  { name: 'lastChangedSince', schema: { type: 'integer', minimum: 0 }, description: 'epoch ms' },
  { name: 'includeDetails', schema: { type: 'boolean' } },
  {
    name: 'pageSize',
    schema: { type: 'integer', minimum: 0 },
    description: `absent or 0: ${MAX_PAGE_SIZE}; cut to ${MAX_PAGE_SIZE}`,
  },
  { name: 'pageNumber', schema: { type: 'integer', minimum: 0, maximum: MAX_PAGE_NUMBER } },
  { name: 'sort', schema: { type: 'array', items: { ...text, enum: [...EGOV_SORT_FIELDS] } } },
];

/**
 * The search criteria as query parameters, which replace the same criteria of the body; a list is repeated
 * (`roleCodes=A&roleCodes=B`) or comma-separated (`roleCodes=A,B`), as Spring binds it.
 */
export function EgovSearchQuery() {
  return applyDecorators(
    ...SEARCH_QUERY.map(({ name, schema, description }) => ApiQuery({ name, required: false, schema, description })),
  );
}
