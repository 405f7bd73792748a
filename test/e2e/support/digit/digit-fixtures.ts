import { newMobile, PASSWORDS, unique } from '../egov-client';
import type { HttpAnswer } from '../http-client';
import { uiRequestInfo } from './client-requests';
import type { DigitDeployment, Json } from './digit-deployment';
import { simpleDateFormat } from './java-readers';

/** Java's Integer.MAX_VALUE: zuul reads `id` into an Integer. */
export const JAVA_INT_MAX = 2147483647;

/** egov-user's `dd-MM-yyyy HH:mm:ss` (UTC), exactly as Roster writes it. */
export const EGOV_TIMESTAMP = /^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}$/;

/** Checks `answer` is 200 and says what came back when it is not (the failure message is the bug report). */
export function expectOk(answer: HttpAnswer, status = 200): any {
  if (answer.status !== status)
    throw new Error(`expected HTTP ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** egov-user's success `responseInfo`: `status` the string "200" (the DIGIT UI compares with `=== "200"`). */
export function expectSuccessEnvelope(answer: HttpAnswer): any[] {
  const body = expectOk(answer);
  expect(body.responseInfo).toMatchObject({ status: '200' });
  expect(Array.isArray(body.user)).toBe(true);
  return body.user;
}

/** A `dd-MM-yyyy HH:mm:ss` time that Java's SimpleDateFormat reads as an instant within [from - 1 s, to + 1 s]. */
export function expectTimestampBetween(text: unknown, from: number, to: number): void {
  expect(text).toMatch(EGOV_TIMESTAMP);
  const instant = simpleDateFormat(text as string, 'dd-MM-yyyy HH:mm:ss');
  expect(instant).toBeGreaterThanOrEqual(Math.floor(from / 1000) * 1000 - 1000);
  expect(instant).toBeLessThanOrEqual(to + 1000);
}

/** A whole positive number that fits a Java Integer (zuul) and so a Long (everyone else). */
export function expectJavaId(id: unknown): void {
  expect(typeof id).toBe('number');
  expect(Number.isInteger(id)).toBe(true);
  expect(id as number).toBeGreaterThan(0);
  expect(id as number).toBeLessThanOrEqual(JAVA_INT_MAX);
}

export interface Employee {
  uuid: string;
  id: number;
  userName: string;
  name: string;
  mobileNumber: string;
  emailId: string;
  tenantId: string;
  password: string;
  token: string;
}

/**
 * An EMPLOYEE of `pb.amritsar` with `roleCodes` and a password, created by the bootstrap admin (through the
 * gateway in `gateway` mode), logged in as the DIGIT UI logs an employee in.
 */
export async function employeeWithRoles(
  digit: DigitDeployment,
  roleCodes: string[],
  name = 'Meera Sharma',
): Promise<Employee> {
  const user = {
    userName: `EMP-${unique()}`,
    name,
    mobileNumber: newMobile(),
    emailId: `emp.${unique().toLowerCase()}@example.com`,
    gender: 'FEMALE',
    dob: '12/03/1988',
    type: 'EMPLOYEE',
    tenantId: 'pb.amritsar',
    active: true,
    password: PASSWORDS.employee,
    roles: roleCodes.map((code) => ({ code, tenantId: 'pb.amritsar' })),
  };
  const [created] = expectSuccessEnvelope(
    await digit.browser('/user/users/_createnovalidate', { RequestInfo: uiRequestInfo(digit.adminToken), user }),
  );
  const login = expectOk(
    await digit.uiLogin({
      username: user.userName,
      password: user.password,
      userType: 'EMPLOYEE',
      tenantId: 'pb.amritsar',
    }),
  );
  return {
    uuid: created.uuid,
    id: created.id,
    userName: user.userName,
    name,
    mobileNumber: user.mobileNumber,
    emailId: user.emailId,
    tenantId: user.tenantId,
    password: user.password,
    token: login.access_token,
  };
}

/** Creates one user through `_createnovalidate` as the bootstrap admin; answers the created user. */
export async function createAsAdmin(digit: DigitDeployment, user: Json): Promise<Json> {
  const [created] = expectSuccessEnvelope(
    await digit.browser('/user/users/_createnovalidate', { RequestInfo: uiRequestInfo(digit.adminToken), user }),
  );
  return created;
}

/** A registered CITIZEN the DIGIT UI way (register OTP, `/user/citizen/_create` with the code): its token body. */
export async function registeredCitizen(
  digit: DigitDeployment,
  mobileNumber = newMobile(),
  name = 'Kiran Bala',
): Promise<Json> {
  expectOk(
    await digit.browser(`/user-otp/v1/_send?tenantId=pb&_=${Date.now()}`, {
      otp: { mobileNumber, tenantId: 'pb', userType: 'citizen', name, type: 'register' },
      RequestInfo: uiRequestInfo(),
    }),
    201,
  );
  const otpReference = await digit.otps.next(mobileNumber);
  return expectOk(
    await digit.browser(`/user/citizen/_create?tenantId=pb&_=${Date.now()}`, {
      User: { name, username: mobileNumber, otpReference, tenantId: 'pb' },
      RequestInfo: uiRequestInfo(),
    }),
  );
}
