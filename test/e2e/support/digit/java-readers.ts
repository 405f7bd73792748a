/**
 * How DIGIT's Java clients read egov-user's answers, replayed in TypeScript so a suite fails exactly where
 * the client would throw (docs/egov.md, "What DIGIT's clients send and read").
 *
 * - `simpleDateFormat` is `new SimpleDateFormat(pattern).parse(text)` in UTC (the clients set the JVM zone to
 *   app.timezone=UTC): lenient digit counts, trailing text ignored, anything else a ParseException.
 * - `parseUserDates` is the clients' `parseResponse`: `(String)` casts and the unconditional `createdDate`.
 * - `jacksonConvert` is `objectMapper.convertValue(map, Class)` with FAIL_ON_UNKNOWN_PROPERTIES off: unknown
 *   keys ignored, scalars coerced as Jackson 2.10 coerces them, keys matched exactly unless the client's
 *   mapper is case-insensitive (pgr, property-services).
 */

export class JavaException extends Error {
  constructor(
    readonly javaClass: string,
    detail: string,
  ) {
    super(`${javaClass}: ${detail}`);
  }
}

export type DatePattern = 'dd-MM-yyyy HH:mm:ss' | 'dd/MM/yyyy' | 'yyyy-MM-dd';

const PATTERNS: Record<
  DatePattern,
  { regex: RegExp; fields: ('day' | 'month' | 'year' | 'hour' | 'minute' | 'second')[] }
> = {
  'dd-MM-yyyy HH:mm:ss': {
    regex: /^(\d+)-(\d+)-(\d+) (\d+):(\d+):(\d+)/,
    fields: ['day', 'month', 'year', 'hour', 'minute', 'second'],
  },
  'dd/MM/yyyy': { regex: /^(\d+)\/(\d+)\/(\d+)/, fields: ['day', 'month', 'year'] },
  'yyyy-MM-dd': { regex: /^(\d+)-(\d+)-(\d+)/, fields: ['year', 'month', 'day'] },
};

/** `SimpleDateFormat(pattern).parse(text).getTime()` in UTC; `null` is the NullPointerException of `parse(null)`. */
export function simpleDateFormat(text: string | null, pattern: DatePattern): number {
  if (text === null) throw new JavaException('NullPointerException', `SimpleDateFormat("${pattern}").parse(null)`);
  const { regex, fields } = PATTERNS[pattern];
  const match = regex.exec(text);
  if (!match) throw new JavaException('ParseException', `Unparseable date: "${text}" (pattern ${pattern})`);
  const parts = { day: 1, month: 1, year: 1970, hour: 0, minute: 0, second: 0 };
  fields.forEach((field, index) => (parts[field] = Number(match[index + 1])));
  // Lenient, as SimpleDateFormat is by default: 32-13-2024 rolls over instead of failing.
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
}

/** Java's `(String) map.get(key)`: null stays null, any other non-String is a ClassCastException. */
function castToString(map: Record<string, unknown>, key: string): string | null {
  const value = map[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string')
    throw new JavaException(
      'ClassCastException',
      `user.${key} is a ${typeof value} (${JSON.stringify(value)}), not a String`,
    );
  return value;
}

/**
 * `parseResponse(responseMap, dobFormat)` of egov-hrms, pgr-services and property-services (identical in all
 * three): `responseMap.get("user")` by that exact key, then per user `createdDate` converted unconditionally,
 * `lastModifiedDate`, `dob` and `pwdExpiryDate` when not null, each into epoch ms. Answers a copy.
 */
export function parseUserDates(responseMap: unknown, dobFormat: 'dd/MM/yyyy' | 'yyyy-MM-dd'): Record<string, unknown> {
  if (!isObject(responseMap)) throw new JavaException('ClassCastException', 'the answer is not a JSON object (Map)');
  const copy = JSON.parse(JSON.stringify(responseMap)) as Record<string, unknown>;
  const users = copy.user;
  if (users === undefined || users === null) return copy;
  if (!Array.isArray(users)) throw new JavaException('ClassCastException', '"user" is not a List');
  const timestamp: DatePattern = 'dd-MM-yyyy HH:mm:ss';
  for (const user of users) {
    if (!isObject(user)) throw new JavaException('ClassCastException', 'a user is not a Map');
    user.createdDate = simpleDateFormat(castToString(user, 'createdDate'), timestamp);
    if (castToString(user, 'lastModifiedDate') !== null)
      user.lastModifiedDate = simpleDateFormat(castToString(user, 'lastModifiedDate'), timestamp);
    if (castToString(user, 'dob') !== null) user.dob = simpleDateFormat(castToString(user, 'dob'), dobFormat);
    if (castToString(user, 'pwdExpiryDate') !== null)
      user.pwdExpiryDate = simpleDateFormat(castToString(user, 'pwdExpiryDate'), timestamp);
  }
  return copy;
}

// --- Jackson's convertValue into the clients' classes ---

export type JavaType =
  | 'String'
  | 'Long'
  | 'Integer'
  | 'Boolean'
  | 'Double'
  | { enum: readonly string[]; unknown: 'throw' | 'null' }
  | { list: JavaType }
  | JavaClass;

export interface JavaClass {
  className: string;
  fields: Record<string, JavaType>;
}

const INT_MAX = 2147483647;
const INT_MIN = -2147483648;

/**
 * `mapper.convertValue(value, type)`: answers the Java object as plain JSON (absent fields as null), or throws
 * where Jackson throws. `caseInsensitive`: MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES.
 */
export function jacksonConvert(value: unknown, type: JavaType, path: string, caseInsensitive = false): unknown {
  if (value === undefined || value === null) return null;
  if (typeof type === 'string') return scalar(value, type, path);
  if ('enum' in type) {
    if (typeof value !== 'string') throw mapping(path, `${JSON.stringify(value)} is no enum name`);
    const constant = type.enum.find(
      (name) => name === value || (type.unknown === 'null' && name.toLowerCase() === value.toLowerCase()),
    );
    if (constant !== undefined) return constant;
    if (type.unknown === 'null') return null;
    throw new JavaException(
      'IllegalArgumentException',
      `${path}: no enum constant ${value} (one of ${type.enum.join(', ')})`,
    );
  }
  if ('list' in type) {
    if (!Array.isArray(value)) throw mapping(path, `${JSON.stringify(value)} is no array`);
    return value.map((item, index) => jacksonConvert(item, type.list, `${path}[${index}]`, caseInsensitive));
  }
  if (!isObject(value)) throw mapping(path, `${JSON.stringify(value)} is no object for ${type.className}`);
  const result: Record<string, unknown> = {};
  for (const [field, fieldType] of Object.entries(type.fields)) {
    const key = caseInsensitive
      ? Object.keys(value).find((candidate) => candidate.toLowerCase() === field.toLowerCase())
      : field;
    result[field] = jacksonConvert(
      key === undefined ? undefined : value[key],
      fieldType,
      `${path}.${field}`,
      caseInsensitive,
    );
  }
  return result;
}

function scalar(value: unknown, type: 'String' | 'Long' | 'Integer' | 'Boolean' | 'Double', path: string): unknown {
  switch (type) {
    case 'String':
      // Jackson writes any scalar into a String field; an object or array fails.
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      throw mapping(path, `${JSON.stringify(value)} cannot become a String`);
    case 'Long':
    case 'Integer': {
      const number = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
      if (typeof number !== 'number' || !Number.isInteger(number))
        throw mapping(path, `${JSON.stringify(value)} is not a whole number (${type})`);
      if (type === 'Integer' && (number > INT_MAX || number < INT_MIN))
        throw mapping(path, `${number} is out of range of int (Integer)`);
      return number;
    }
    case 'Double': {
      const number =
        typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;
      if (typeof number !== 'number') throw mapping(path, `${JSON.stringify(value)} is not a number`);
      return number;
    }
    case 'Boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      if (value === 0 || value === 1) return value === 1;
      throw mapping(path, `${JSON.stringify(value)} is not a Boolean`);
  }
}

function mapping(path: string, detail: string): JavaException {
  return new JavaException('JsonMappingException', `${path}: ${detail}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// --- the clients' classes (field name → Java type), as in the clients' sources ---

/** org.egov.common.contract.response.ResponseInfo */
export const RESPONSE_INFO: JavaClass = {
  className: 'ResponseInfo',
  fields: { apiId: 'String', ver: 'String', ts: 'Long', resMsgId: 'String', msgId: 'String', status: 'String' },
};

/** A client's response class for egov-user's user answers: `responseInfo` and the list of its user class. */
function userResponse(className: string, user: JavaClass): JavaClass {
  return { className, fields: { responseInfo: RESPONSE_INFO, user: { list: user } } };
}

/** org.egov.common.contract.request.Role (services-common) */
const COMMON_ROLE: JavaClass = {
  className: 'Role',
  fields: { id: 'Long', name: 'String', code: 'String', tenantId: 'String' },
};

/** zuul's org.egov.contract.User, read from `/user/_details`. */
export const ZUUL_USER: JavaClass = {
  className: 'org.egov.contract.User',
  fields: {
    id: 'Integer',
    uuid: 'String',
    userName: 'String',
    name: 'String',
    type: 'String',
    mobileNumber: 'String',
    emailId: 'String',
    tenantId: 'String',
    roles: { list: { className: 'org.egov.contract.Role', fields: COMMON_ROLE.fields } },
    actions: { list: { className: 'Action', fields: { url: 'String' } } },
  },
};

/** zuul's org.egov.model.UserDetailResponse (the anonymous-user search). */
export const ZUUL_USER_DETAIL_RESPONSE = userResponse('org.egov.model.UserDetailResponse', ZUUL_USER);

const HRMS_ROLE: JavaClass = {
  className: 'org.egov.hrms.model.Role',
  fields: { name: 'String', code: 'String', description: 'String', tenantId: 'String' },
};

/** The fields hrms' and pt's User classes declare alike, up to `roles` (dates are Longs after parseResponse). */
const USER_FIELDS_BEFORE_ROLES: Record<string, JavaType> = {
  id: 'Long',
  uuid: 'String',
  userName: 'String',
  password: 'String',
  salutation: 'String',
  name: 'String',
  gender: 'String',
  mobileNumber: 'String',
  emailId: 'String',
  altContactNumber: 'String',
  pan: 'String',
  aadhaarNumber: 'String',
  permanentAddress: 'String',
  permanentCity: 'String',
  permanentPinCode: 'String',
  correspondenceCity: 'String',
  correspondencePinCode: 'String',
  correspondenceAddress: 'String',
  active: 'Boolean',
  dob: 'Long',
  pwdExpiryDate: 'Long',
  locale: 'String',
  type: 'String',
  signature: 'String',
  accountLocked: 'Boolean',
};

/** The fields hrms' and pt's User classes declare alike from `bloodGroup` to `lastModifiedDate`. */
const USER_FIELDS_BLOOD_GROUP_TO_AUDIT: Record<string, JavaType> = {
  bloodGroup: 'String',
  identificationMark: 'String',
  photo: 'String',
  createdBy: 'String',
  createdDate: 'Long',
  lastModifiedBy: 'String',
  lastModifiedDate: 'Long',
};

/** org.egov.hrms.web.contract.User; dates are Longs after parseResponse. */
export const HRMS_USER: JavaClass = {
  className: 'org.egov.hrms.web.contract.User',
  fields: {
    ...USER_FIELDS_BEFORE_ROLES,
    roles: { list: HRMS_ROLE },
    fatherOrHusbandName: 'String',
    // GuardianRelation has no @JsonCreator: an unknown name throws.
    relationship: { enum: ['FATHER', 'MOTHER', 'HUSBAND', 'OTHER'], unknown: 'throw' },
    ...USER_FIELDS_BLOOD_GROUP_TO_AUDIT,
    otpReference: 'String',
    tenantId: 'String',
  },
};

export const HRMS_USER_RESPONSE = userResponse('org.egov.hrms.web.contract.UserResponse', HRMS_USER);

/** org.egov.pgr.web.models.User: ten fields, the rest ignored after the date conversion. */
export const PGR_USER: JavaClass = {
  className: 'org.egov.pgr.web.models.User',
  fields: {
    id: 'Long',
    userName: 'String',
    name: 'String',
    type: 'String',
    mobileNumber: 'String',
    emailId: 'String',
    roles: { list: COMMON_ROLE },
    tenantId: 'String',
    uuid: 'String',
    active: 'Boolean',
  },
};

export const PGR_USER_DETAIL_RESPONSE = userResponse('org.egov.pgr.web.models.user.UserDetailResponse', PGR_USER);

/** org.egov.pt.models.OwnerInfo (extends pt's User). */
export const PT_OWNER_INFO: JavaClass = {
  className: 'org.egov.pt.models.OwnerInfo',
  fields: {
    ...USER_FIELDS_BEFORE_ROLES,
    roles: { list: COMMON_ROLE },
    fatherOrHusbandName: 'String',
    ...USER_FIELDS_BLOOD_GROUP_TO_AUDIT,
    tenantId: 'String',
    alternatemobilenumber: 'String',
    ownerInfoUuid: 'String',
    isPrimaryOwner: 'Boolean',
    ownerShipPercentage: 'Double',
    ownerType: 'String',
    institutionId: 'String',
    // @JsonCreator fromValue, case-insensitive; an unknown value becomes null.
    status: { enum: ['ACTIVE', 'INACTIVE', 'INWORKFLOW', 'CANCELLED', 'REJECTED'], unknown: 'null' },
    documents: {
      list: {
        className: 'Document',
        fields: {
          id: 'String',
          documentType: 'String',
          fileStoreId: 'String',
          documentUid: 'String',
          status: 'String',
        },
      },
    },
    relationship: { enum: ['FATHER', 'HUSBAND'], unknown: 'null' },
  },
};

export const PT_USER_DETAIL_RESPONSE = userResponse('org.egov.pt.models.user.UserDetailResponse', PT_OWNER_INFO);

/**
 * A service's `userCall`: the answer as a Map, `parseResponse` with the endpoint's dob pattern, then
 * `convertValue` into the client's response class. Answers the typed users (dates as epoch ms).
 */
export function readUsersAs<T = Record<string, any>>(
  answerBody: unknown,
  responseClass: JavaClass,
  dobFormat: 'dd/MM/yyyy' | 'yyyy-MM-dd',
  caseInsensitive: boolean,
): { responseInfo: Record<string, unknown> | null; user: T[] } {
  const parsed = parseUserDates(answerBody, dobFormat);
  return jacksonConvert(parsed, responseClass, '$', caseInsensitive) as {
    responseInfo: Record<string, unknown> | null;
    user: T[];
  };
}
