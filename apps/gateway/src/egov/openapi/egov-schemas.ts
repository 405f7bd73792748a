import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { USER_TYPES } from '@roster/domain';
import { EGOV_SORT_FIELDS } from '@roster/user-service';

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
  @ApiPropertyOptional({ description: 'ignored: the caller is the user behind authToken', type: 'object', additionalProperties: true }) userInfo?: object;
}

export class EgovResponseInfoDoc {
  @ApiProperty() apiId: string;
  @ApiProperty() ver: string;
  @ApiProperty({ description: 'epoch ms' }) ts: number;
  @ApiProperty() resMsgId: string;
  @ApiProperty({ description: "the request's msgId" }) msgId: string;
  @ApiProperty({ example: 'successful' }) status: string;
}

export class EgovRoleDoc {
  @ApiProperty({ example: 'EMPLOYEE' }) code: string;
  @ApiPropertyOptional({ example: 'Employee' }) name?: string;
  @ApiPropertyOptional({ example: 'pb.amritsar', description: "defaults to the user's tenant" }) tenantId?: string;
}

/** The fields a client sends; absent fields keep their stored value on updates. */
export class EgovUserInDoc {
  @ApiPropertyOptional({ description: 'which user (updates); `id` is taken as the uuid too' }) uuid?: string;
  @ApiPropertyOptional({ example: 'pb.amritsar', description: 'letters and dots; collapsed to the state (pb) for citizens' }) tenantId?: string;
  @ApiPropertyOptional({ enum: USER_TYPES }) type?: string;
  @ApiPropertyOptional({ description: "a citizen's defaults to the mobile number" }) userName?: string;
  @ApiPropertyOptional({ maxLength: 50, example: 'Asha Rani' }) name?: string;
  @ApiPropertyOptional({ example: '9876543210', description: '10 digits (configurable pattern)' }) mobileNumber?: string;
  @ApiPropertyOptional({ maxLength: 128 }) emailId?: string;
  @ApiPropertyOptional({ enum: ['FEMALE', 'MALE', 'OTHERS', 'TRANSGENDER'] }) gender?: string;
  @ApiPropertyOptional({ example: '17/05/1985', description: 'dd/MM/yyyy (yyyy-MM-dd accepted too)' }) dob?: string;
  @ApiPropertyOptional() salutation?: string;
  @ApiPropertyOptional() altContactNumber?: string;
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
  @ApiPropertyOptional({ description: '8–15 characters, a digit, lower and upper case, one of @#$%, no whitespace' }) password?: string;
  @ApiPropertyOptional({ description: 'the OTP sent by /user-otp/v1/_send (citizen registration)' }) otpReference?: string;
}

/** A user as answered: never a password, hash, OTP or token. */
export class EgovUserDoc {
  @ApiProperty({ description: 'the uuid (Roster has no numeric ids)' }) id: string;
  @ApiProperty() uuid: string;
  @ApiProperty({ nullable: true }) userName: string;
  @ApiProperty({ nullable: true }) salutation: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true }) gender: string;
  @ApiProperty({ nullable: true }) mobileNumber: string;
  @ApiProperty({ nullable: true }) emailId: string;
  @ApiProperty({ nullable: true }) altContactNumber: string;
  @ApiProperty({ nullable: true }) pan: string;
  @ApiProperty({ nullable: true }) aadhaarNumber: string;
  @ApiProperty({ nullable: true }) permanentAddress: string;
  @ApiProperty({ nullable: true }) permanentCity: string;
  @ApiProperty({ nullable: true }) permanentPinCode: string;
  @ApiProperty({ nullable: true }) correspondenceAddress: string;
  @ApiProperty({ nullable: true }) correspondenceCity: string;
  @ApiProperty({ nullable: true }) correspondencePinCode: string;
  @ApiProperty({ nullable: true }) locale: string;
  @ApiProperty({ enum: USER_TYPES }) type: string;
  @ApiProperty({ type: [EgovRoleDoc] }) roles: EgovRoleDoc[];
  @ApiProperty() active: boolean;
  @ApiProperty() accountLocked: boolean;
  @ApiProperty({ nullable: true, description: 'epoch ms when the account was locked' }) accountLockedDate: number;
  @ApiProperty({ nullable: true, description: 'epoch ms when the password expires' }) pwdExpiryDate: number;
  @ApiProperty({ nullable: true }) fatherOrHusbandName: string;
  @ApiProperty({ nullable: true }) relationship: string;
  @ApiProperty({ nullable: true }) bloodGroup: string;
  @ApiProperty({ nullable: true }) identificationMark: string;
  @ApiProperty({ nullable: true }) photo: string;
  @ApiProperty({ nullable: true }) signature: string;
  @ApiProperty({ nullable: true, example: '17/05/1985', description: 'dd/MM/yyyy' }) dob: string;
  @ApiProperty() tenantId: string;
  @ApiProperty({ nullable: true, description: 'uuid of the creator' }) createdBy: string;
  @ApiProperty({ description: 'epoch ms' }) createdDate: number;
  @ApiProperty({ nullable: true }) lastModifiedBy: string;
  @ApiProperty({ description: 'epoch ms' }) lastModifiedDate: number;
}

export class EgovUserRequestDoc {
  @ApiProperty({ type: EgovRequestInfoDoc }) RequestInfo: EgovRequestInfoDoc;
  @ApiProperty({ type: EgovUserInDoc }) user: EgovUserInDoc;
}

export class EgovCreateUsersRequestDoc {
  @ApiProperty({ type: EgovRequestInfoDoc }) RequestInfo: EgovRequestInfoDoc;
  @ApiPropertyOptional({ type: EgovUserInDoc, description: 'one user' }) user?: EgovUserInDoc;
  @ApiPropertyOptional({ type: [EgovUserInDoc], description: 'a batch (also `Users`), all-or-nothing, up to the configured maximum' })
  users?: EgovUserInDoc[];
}

export class EgovUsersResponseDoc {
  @ApiProperty({ type: EgovResponseInfoDoc }) responseInfo: EgovResponseInfoDoc;
  @ApiProperty({ type: [EgovUserDoc] }) user: EgovUserDoc[];
}

export class EgovSearchRequestDoc {
  @ApiProperty({ type: EgovRequestInfoDoc }) RequestInfo: EgovRequestInfoDoc;
  @ApiPropertyOptional() tenantId?: string;
  @ApiPropertyOptional({ type: [String], description: 'user ids (= uuids)' }) id?: string[];
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
  @ApiPropertyOptional({ default: 20, maximum: 100, description: 'larger values are cut to 100' }) pageSize?: number;
  @ApiPropertyOptional({ default: 0, description: '0-based page' }) pageNumber?: number;
  @ApiPropertyOptional({ type: [String], enum: EGOV_SORT_FIELDS, default: ['name'] }) sort?: string[];
}

export class EgovPasswordUpdateRequestDoc {
  @ApiProperty({ type: EgovRequestInfoDoc }) RequestInfo: EgovRequestInfoDoc;
  @ApiProperty() existingPassword: string;
  @ApiProperty({ description: 'password policy: errors INVALID_PWD_LENGTH, INVALID_PWD_PATTERN' }) newPassword: string;
  @ApiPropertyOptional({ description: "defaults to the caller's" }) tenantId?: string;
  @ApiPropertyOptional({ enum: USER_TYPES, description: "defaults to the caller's" }) type?: string;
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

export class EgovTokenResponseDoc {
  @ApiProperty() access_token: string;
  @ApiProperty({ example: 'bearer' }) token_type: string;
  @ApiProperty() refresh_token: string;
  @ApiProperty({ description: 'seconds' }) expires_in: number;
  @ApiProperty({ example: 'read' }) scope: string;
  @ApiProperty({ type: EgovResponseInfoDoc }) ResponseInfo: EgovResponseInfoDoc;
  @ApiProperty({ type: EgovUserDoc }) UserRequest: EgovUserDoc;
}

export class EgovLogoutRequestDoc {
  @ApiProperty({ type: EgovRequestInfoDoc }) RequestInfo: EgovRequestInfoDoc;
  @ApiProperty({ description: 'the token to revoke (else RequestInfo.authToken)' }) access_token: string;
}

export class EgovLogoutResponseDoc {
  @ApiProperty({ type: EgovResponseInfoDoc }) ResponseInfo: EgovResponseInfoDoc;
}

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
  @ApiProperty({ type: EgovResponseInfoDoc }) responseInfo: EgovResponseInfoDoc;
  @ApiProperty() isSuccessful: boolean;
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

/** The egov error envelope for each given status. */
export function EgovErrorResponses(statuses: number[], type: typeof EgovErrorResponseDoc = EgovErrorResponseDoc) {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, description: STATUS_MEANING[status], type })));
}
