import type { ClientProxy } from '@nestjs/microservices';
import { DomainError, RequestRejectedError } from '@roster/domain';
import type { Observable } from 'rxjs';
import { NEVER, of, throwError } from 'rxjs';
import type { EgovSearchCriteria, EgovUserApi } from '@roster/user-service-contract';
import {
  EGOV_USER_OPERATIONS,
  EGOV_USER_PATTERNS,
  searchCriteriaFromWire,
  toRpcError,
  USER_SERVICE_OPERATIONS,
  USER_SERVICE_PATTERNS,
  UserServiceUnavailableError,
} from '@roster/user-service-contract';
import { rpcClient } from './rpc-client';
import { testDouble } from '../testing/test-double';

/** A transport that answers each send with what the test says, and remembers what was sent. */
function transport(answer: (pattern: string, payload: unknown) => Observable<unknown>) {
  const sent: Array<{ pattern: string; payload: unknown }> = [];
  const proxy = testDouble<ClientProxy>({
    send: <T>(pattern: string, payload: unknown) => {
      sent.push({ pattern, payload: JSON.parse(JSON.stringify(payload)) });
      return answer(pattern, payload) as Observable<T>;
    },
  });
  return { proxy, sent };
}

/** The egov port over a test transport, as the gateway builds it over TCP. */
function egovClient(proxy: ClientProxy, timeoutMs: number): EgovUserApi {
  return rpcClient(EGOV_USER_OPERATIONS, proxy, timeoutMs);
}

const caller = {
  userId: 'u1',
  tenantId: 'pb',
  userType: 'EMPLOYEE' as const,
  userName: 'e',
  roles: [],
  permissions: ['user:read'],
  trusted: false,
};

describe('rpcClient (the egov port over TCP)', () => {
  it('sends search criteria as JSON and the service reads the same criteria back', async () => {
    const { proxy, sent } = transport(() => of([]));
    const criteria: EgovSearchCriteria = {
      lastChangedSince: new Date('2026-01-02T03:04:05.678Z'),
      roleCodes: ['HR'],
      pageSize: 10,
      pageNumber: 0,
      sort: ['name'],
    };
    await egovClient(proxy, 1000).searchUsers(caller, criteria);
    expect(sent[0].pattern).toBe(EGOV_USER_PATTERNS.searchUsers);
    expect(searchCriteriaFromWire((sent[0].payload as { criteria: never }).criteria)).toEqual(criteria);
  });

  it('a rejection of the service arrives as the same RequestRejectedError', async () => {
    const rejection = new RequestRejectedError('unauthorized', 'invalid_grant', 'Invalid login credentials');
    const { proxy } = transport(() => throwError(() => JSON.parse(JSON.stringify(toRpcError(rejection)))));
    const error = await egovClient(proxy, 1000)
      .login({ userName: 'x', password: 'y', tenantId: 'pb', userType: 'CITIZEN' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RequestRejectedError);
    expect(error).toEqual(rejection);
  });

  it('no answer in time or no connection means the user-service is unavailable', async () => {
    await expect(egovClient(transport(() => NEVER).proxy, 20).details('t')).rejects.toBeInstanceOf(
      UserServiceUnavailableError,
    );
    const refused = transport(() => throwError(() => new Error('connect ECONNREFUSED 127.0.0.1:3001'))).proxy;
    await expect(egovClient(refused, 1000).logout('t')).rejects.toBeInstanceOf(UserServiceUnavailableError);
  });
});

describe('rpcClient (the nCore port over TCP): erasure', () => {
  it('sends the erasure and answers its consistency token', async () => {
    const { proxy, sent } = transport(() => of({ position: '42', revision: 3 }));
    const users = rpcClient(USER_SERVICE_OPERATIONS, proxy, 1000);
    await expect(users.eraseUser('pb', 'u1', { apiKeyId: 'k1' })).resolves.toEqual({ position: '42', revision: 3 });
    expect(sent).toEqual([
      {
        pattern: USER_SERVICE_PATTERNS.eraseUser,
        payload: { tenantId: 'pb', userId: 'u1', input: { apiKeyId: 'k1' } },
      },
    ]);
  });

  it('a user erased before arrives as the same gone refusal', async () => {
    const gone = new DomainError('user_erased', 'the user was erased', 'id');
    const { proxy } = transport(() => throwError(() => JSON.parse(JSON.stringify(toRpcError(gone)))));
    const error = await rpcClient(USER_SERVICE_OPERATIONS, proxy, 1000)
      .eraseUser('pb', 'u1', {})
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'gone', code: 'user_erased', field: 'id' });
  });
});
