import type { ExistingUser } from '@roster/domain';
import { SqliteUserReadModel } from '@roster/read-model/sqlite';
import type { EgovCaller, EgovSearchCriteria } from '@roster/user-service-contract';
import { IN_CLUSTER_SERVICE } from '@roster/user-service-contract';
import { ReadModelFreshness } from '../../consistency/read-model-freshness';
import type { EgovFixture } from '../testing/egov-fixture';
import { egovFixture } from '../testing/egov-fixture';
import { EgovSearchUsersQuery } from './search-users.query';
import { EgovSearchUsersHandler } from './search-users.handler';

describe('egov search', () => {
  let fx: EgovFixture;
  let readModel: SqliteUserReadModel;
  let search: EgovSearchUsersHandler;
  let hr: ExistingUser;
  let clerk: ExistingUser;
  let citizen: ExistingUser;
  let other: ExistingUser;
  let foreign: ExistingUser;

  beforeEach(async () => {
    fx = egovFixture();
    readModel = new SqliteUserReadModel({ file: ':memory:' });
    search = new EgovSearchUsersHandler(
      readModel,
      fx.store,
      new ReadModelFreshness(readModel, fx.store, fx.config),
      fx.presenter,
      fx.lookup,
    );
    hr = await fx.given({
      userType: 'EMPLOYEE',
      tenantId: 'pb.amritsar',
      userName: 'hr',
      roles: [
        { code: 'HR', tenantId: 'pb.amritsar' },
        { code: 'EMPLOYEE', tenantId: 'pb.amritsar' },
      ],
    });
    clerk = await fx.given({
      userType: 'EMPLOYEE',
      tenantId: 'pb.jalandhar',
      userName: 'clerk',
      roles: [{ code: 'EMPLOYEE', tenantId: 'pb.jalandhar' }],
    });
    citizen = await fx.given({
      userType: 'CITIZEN',
      tenantId: 'pb',
      userName: 'asha',
      profile: { firstName: 'Asha', lastName: 'Rani', mobile: '9876543210' },
    });
    other = await fx.given({
      userType: 'CITIZEN',
      tenantId: 'pb',
      userName: 'bela',
      profile: { firstName: 'Bela', lastName: 'Rani', mobile: '9000000000', altContactNumber: '9876543210' },
    });
    foreign = await fx.given({
      userType: 'EMPLOYEE',
      tenantId: 'hr.gurgaon',
      userName: 'hr',
      roles: [{ code: 'HR', tenantId: 'hr.gurgaon' }],
    });
    await readModel.apply(await fx.store.readAll(null, 10_000));
  });
  afterEach(async () => {
    await readModel.close();
    await fx.store.close();
  });

  const find = async (by: ExistingUser | EgovCaller, criteria: Partial<EgovSearchCriteria> = {}) => {
    const caller = 'status' in by ? fx.callerOf(by) : by;
    const found = await search.execute(
      new EgovSearchUsersQuery(caller, { pageSize: 100, pageNumber: 0, sort: ['name'], ...criteria }),
    );
    return found.map((user) => user.uuid);
  };

  it('a caller with user:read sees its whole tenant family, never another state', async () => {
    expect(new Set(await find(hr))).toEqual(new Set([hr.id, clerk.id, citizen.id, other.id]));
    expect(await find(hr, { tenantId: 'hr.gurgaon' })).toEqual([]);
    expect(await find(hr, { uuids: [foreign.id] })).toEqual([]);
    expect(await find(foreign)).toEqual([foreign.id]);
  });

  it('a tenant asked for narrows to it, its citizens found at the state level', async () => {
    expect(new Set(await find(hr, { tenantId: 'pb.jalandhar' }))).toEqual(new Set([clerk.id, citizen.id, other.id]));
    expect(await find(hr, { tenantId: 'pb.jalandhar', userType: 'EMPLOYEE' })).toEqual([clerk.id]);
    expect(new Set(await find(hr, { tenantId: 'pb.amritsar', userType: 'CITIZEN' }))).toEqual(
      new Set([citizen.id, other.id]),
    );
  });

  it('criteria: role codes (all of them), mobile matching the alternate number, lastChangedSince', async () => {
    expect(await find(hr, { roleCodes: ['HR', 'EMPLOYEE'] })).toEqual([hr.id]);
    expect(new Set(await find(hr, { roleCodes: ['EMPLOYEE'] }))).toEqual(new Set([hr.id, clerk.id]));
    expect(await find(hr, { mobileNumber: '9876543210' })).toEqual([citizen.id, other.id]);
    expect(await find(hr, { lastChangedSince: new Date(fx.clock.now().getTime() + 1) })).toEqual([]);
  });

  it('a citizen sees only itself, whatever it asks for', async () => {
    expect(await find(citizen)).toEqual([citizen.id]);
    expect(await find(citizen, { uuids: [other.id] })).toEqual([]);
    expect(await find(citizen, { mobileNumber: '9876543210' })).toEqual([citizen.id]);
  });

  it('an employee without user:read is refused', async () => {
    const plain = await fx.given({ userType: 'EMPLOYEE', tenantId: 'pb', userName: 'plain' });
    await expect(find(plain)).rejects.toMatchObject({ kind: 'forbidden' });
  });

  it('finds by numeric ids (egov id[]), ANDed with uuids; a citizen still finds only itself', async () => {
    expect(await find(hr, { numericIds: [clerk.numericId!, foreign.numericId!] })).toEqual([clerk.id]);
    expect(await find(hr, { numericIds: [clerk.numericId!], uuids: [hr.id] })).toEqual([]);
    expect(await find(citizen, { numericIds: [other.numericId!] })).toEqual([]);
    expect(await find(citizen, { numericIds: [citizen.numericId!, other.numericId!] })).toEqual([citizen.id]);
  });

  it("answers each user's numeric id and its actors', every actor read once for the whole page", async () => {
    const made = await fx.given({ userType: 'EMPLOYEE', tenantId: 'pb.amritsar', userName: 'made', by: hr.id });
    await fx.updates.update(made.id, [
      (user) => ({
        type: 'UpdateProfile',
        data: {
          userId: user.id,
          tenantId: user.tenantId,
          changes: { lastName: 'Changed' },
          by: clerk.id,
          at: user.updatedAt,
        },
      }),
    ]);
    const second = await fx.given({ userType: 'EMPLOYEE', tenantId: 'pb.amritsar', userName: 'second', by: hr.id });
    await readModel.apply(await fx.store.readAll(null, 10_000));
    const reads = jest.spyOn(fx.streams, 'load');

    const records = await search.execute(
      new EgovSearchUsersQuery(fx.callerOf(hr), { pageSize: 100, pageNumber: 0, sort: ['name'] }),
    );
    const recordOf = (user: ExistingUser) => records.find((record) => record.uuid === user.id);

    expect(recordOf(made)).toMatchObject({
      numericId: made.numericId,
      createdBy: hr.id,
      createdByNumericId: hr.numericId,
      lastModifiedBy: clerk.id,
      lastModifiedByNumericId: clerk.numericId,
    });
    expect(recordOf(second)).toMatchObject({ createdByNumericId: hr.numericId, lastModifiedByNumericId: hr.numericId });
    expect(recordOf(hr)).toMatchObject({
      numericId: hr.numericId,
      createdByNumericId: null,
      lastModifiedByNumericId: null,
    });
    expect(reads.mock.calls.map(([userId]) => userId).sort()).toEqual([hr.id, clerk.id].sort());
  });

  describe("behind DIGIT's gateway (trusted callers)", () => {
    const service = IN_CLUSTER_SERVICE;
    const trustedCitizen = (): EgovCaller => ({ ...fx.callerOf(citizen), trusted: true, permissions: [] });

    it('applies no permission or tenant-family check of its own', async () => {
      expect(await find(service, { tenantId: 'hr.gurgaon', userType: 'EMPLOYEE' })).toEqual([foreign.id]);
      expect(new Set(await find(trustedCitizen(), { tenantId: 'pb', userType: 'CITIZEN' }))).toEqual(
        new Set([citizen.id, other.id]),
      );
    });

    it('finds users by uuid alone for a service that names no tenant (pgr-services), within their own tenants', async () => {
      expect(new Set(await find(service, { uuids: [citizen.id, foreign.id, 'no-such-user'] }))).toEqual(
        new Set([citizen.id, foreign.id]),
      );
      expect(await find(service, { uuids: [citizen.id], userType: 'EMPLOYEE' })).toEqual([]);
    });

    it('refuses any other search that names no tenant, naming tenantId (Roster never searches every tenant)', async () => {
      await expect(find(service, { mobileNumber: '9876543210' })).rejects.toMatchObject({
        kind: 'invalid',
        field: 'tenantId',
      });
    });
  });

  it('answers records without any credential', async () => {
    const [record] = await search.execute(
      new EgovSearchUsersQuery(fx.callerOf(hr), { uuids: [citizen.id], pageSize: 10, pageNumber: 0, sort: [] }),
    );
    expect(record).toMatchObject({
      uuid: citizen.id,
      name: 'Asha Rani',
      type: 'CITIZEN',
      accountLocked: false,
      profile: { mobile: '9876543210' },
    });
    expect(JSON.stringify(record)).not.toMatch(/passwordHash|fake\$/);
  });
});
