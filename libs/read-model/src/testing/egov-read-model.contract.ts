import type { UserReadModel } from '../user-read-model';
import type { EgovPageRequest, EgovReadCriteria, UserView } from '../user-view';
import type { UserEventLog } from './fixtures';
import { instant, OTHER_TENANT, TENANT, UNSET_EGOV_FIELDS, userId } from './fixtures';

/** What the egov part of the contract needs from the suite around it: a fresh model and log per test. */
export interface EgovContractContext {
  readModel(): UserReadModel;
  log(): UserEventLog;
}

const idsOf = (views: readonly UserView[]) => views.map((view) => view.id);
const HASH = '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA';

/**
 * The egov face's part of the UserReadModel contract: the fields and events it added to the view, and
 * `searchEgov`. Registered by describeUserReadModelContract, so every adapter runs it.
 */
export function describeEgovContract(context: EgovContractContext): void {
  const readModel = () => context.readModel();
  const log = () => context.log();
  const applyLog = () => readModel().apply(log().events);
  const view = async (id: string) => (await readModel().getUser(TENANT, id)) as UserView;

  describe('egov fields and events', () => {
    it('projects the egov profile fields, roles, activation and the creating actor', async () => {
      const id = log().create({
        userId: userId(1),
        userType: 'EMPLOYEE',
        firstName: 'Ravi',
        lastName: 'Kumar',
        profile: {
          salutation: 'Mr',
          altContactNumber: '9800000009',
          bloodGroup: 'O+',
          relationship: 'FATHER',
          pinCodeIgnored: 1,
        } as object,
        roles: [{ code: 'EMPLOYEE', tenantId: TENANT }],
        active: false,
        by: userId(9),
      });
      await applyLog();

      expect(await view(id)).toEqual(
        expect.objectContaining({
          ...UNSET_EGOV_FIELDS,
          salutation: 'Mr',
          altContactNumber: '9800000009',
          bloodGroup: 'O+',
          relationship: 'FATHER',
          roles: [{ code: 'EMPLOYEE', tenantId: TENANT }],
          active: false,
          createdBy: userId(9),
          lastModifiedBy: userId(9),
        }),
      );
      expect(await view(id)).not.toHaveProperty('pinCodeIgnored');
    });

    it('projects the numeric id, which no later event changes, and none for a user created before numeric ids', async () => {
      const numbered = log().create({ userId: userId(1), numericId: 2_147_483_647 });
      const older = log().create({ userId: userId(2) });
      log().update(numbered, { lastName: 'Changed' });
      log().record(numbered, 'RolesChanged', { roles: [{ code: 'EMPLOYEE', tenantId: TENANT }] });
      await applyLog();

      expect(await view(numbered)).toMatchObject({ numericId: 2_147_483_647, lastName: 'Changed' });
      expect(await view(older)).toMatchObject({ numericId: null });
    });

    it('applies roles, activation, password, OTP and lock events, and never stores a credential', async () => {
      const id = log().create({ userId: userId(1), roles: [{ code: 'CITIZEN', tenantId: TENANT }] }); // at 1
      log().record(id, 'RolesChanged', {
        roles: [
          { code: 'EMPLOYEE', tenantId: TENANT },
          { code: 'GRO', tenantId: TENANT },
        ],
        by: userId(9),
      }); // 2
      log().record(id, 'OtpVerified', { mobileNumber: '9800000001', purpose: 'register' }); // 3
      log().record(id, 'PasswordChanged', { passwordHash: HASH, reason: 'set' }); // 4
      log().record(id, 'UserDeactivated', { by: userId(8) }); // 5
      log().record(id, 'UserActivated', {}); // 6
      log().record(id, 'AccountLocked', { until: instant(3600) }); // 7
      await applyLog();

      const locked = await view(id);
      expect(locked).toMatchObject({
        roles: [
          { code: 'EMPLOYEE', tenantId: TENANT },
          { code: 'GRO', tenantId: TENANT },
        ],
        otpVerified: true,
        passwordChangedAt: instant(4),
        active: true,
        lockedUntil: instant(3600),
        revision: 6,
      });
      expect(JSON.stringify(locked)).not.toContain(HASH);
      expect(locked).not.toHaveProperty('passwordHash');
      expect(locked).not.toHaveProperty('failedLogins');

      log().record(id, 'AccountUnlocked', { reason: 'operator', by: userId(9) });
      await readModel().apply(log().events.slice(-1));
      expect(await view(id)).toMatchObject({ lockedUntil: null, revision: 7 });
    });

    it('moves updatedAt for data changes but not for login failures, their clearing or an OTP check', async () => {
      const id = log().create({ userId: userId(1) }); // at 1
      log().record(id, 'RolesChanged', { roles: [{ code: 'EMPLOYEE', tenantId: TENANT }] }); // at 2
      log().record(id, 'LoginFailed', {}); // at 3
      log().record(id, 'LoginFailuresCleared', {}); // at 4
      log().record(id, 'OtpVerified', { mobileNumber: '9800000001', purpose: 'login' }); // at 5
      await applyLog();

      expect(await view(id)).toMatchObject({ updatedAt: instant(2), revision: 4, otpVerified: true });
      expect((await readModel().changedSince(TENANT, new Date(instant(3)), { limit: 10 })).items).toEqual([]);
      expect(
        await readModel().searchEgov(
          { tenants: { family: TENANT }, lastChangedSince: new Date(instant(3)) },
          { pageSize: 10, pageNumber: 0 },
        ),
      ).toEqual([]);
    });

    it('gives the same views and role matches however the egov events are replayed or batched', async () => {
      const id = log().create({ userId: userId(1), roles: [{ code: 'A', tenantId: TENANT }] });
      log().create({
        userId: userId(2),
        roles: [
          { code: 'A', tenantId: TENANT },
          { code: 'B', tenantId: TENANT },
        ],
      });
      log().record(id, 'RolesChanged', { roles: [{ code: 'B', tenantId: TENANT }] });
      log().record(id, 'LoginFailed', {});
      log().record(id, 'AccountLocked', { until: instant(900) });
      log().record(userId(2), 'RolesChanged', {
        roles: [
          { code: 'A', tenantId: TENANT },
          { code: 'B', tenantId: TENANT },
          { code: 'C', tenantId: TENANT },
        ],
      });
      log().record(id, 'RolesChanged', {
        roles: [
          { code: 'A', tenantId: TENANT },
          { code: 'B', tenantId: TENANT },
        ],
      });
      const holdersOf = async (roleCodes: string[]) =>
        idsOf(
          await readModel().searchEgov({ tenants: { family: TENANT }, roleCodes }, { pageSize: 10, pageNumber: 0 }),
        );
      const state = async () => ({
        views: [await view(userId(1)), await view(userId(2))],
        ab: await holdersOf(['A', 'B']),
        c: await holdersOf(['C']),
      });

      await applyLog();
      const once = await state();
      expect(once.ab).toEqual([userId(1), userId(2)]);
      expect(once.c).toEqual([userId(2)]);
      await applyLog();
      expect(await state()).toEqual(once);
      for (const batchSize of [1, 3]) {
        await readModel().reset();
        expect(await holdersOf(['A'])).toEqual([]);
        for (let from = 0; from < log().events.length; from += batchSize)
          await readModel().apply(log().events.slice(from, from + batchSize));
        expect(await state()).toEqual(once);
      }
    });
  });

  describe('searchEgov', () => {
    const PB = 'pb';
    const AMRITSAR = 'pb.amritsar';
    const JALANDHAR = 'pb.jalandhar';
    const HARYANA = 'hr.karnal';
    const first = { pageSize: 100, pageNumber: 0 } satisfies EgovPageRequest;
    const search = async (
      criteria: Omit<EgovReadCriteria, 'tenants'> & Partial<Pick<EgovReadCriteria, 'tenants'>>,
      page: EgovPageRequest = first,
    ) => idsOf(await readModel().searchEgov({ tenants: { family: PB }, ...criteria }, page));
    const [asha, ravi, rani, aman, foreignRavi, admin, ada] = [1, 2, 3, 4, 5, 6, 7].map(userId);
    const role = (code: string, tenantId: string) => ({ code, tenantId });

    // In name order: ada augusta king, aman gill, asha kaur, rani singh, ravi kumar, sys admin. Ada was created
    // before numeric ids existed; the others have the number of their position in the log.
    beforeEach(async () => {
      log().create({
        userId: asha,
        numericId: 1,
        tenantId: PB,
        userName: '9800000001',
        firstName: 'Asha',
        lastName: 'Kaur',
        mobile: '9800000001',
        email: 'asha@x.test',
        roles: [role('CITIZEN', PB)],
      });
      log().create({
        userId: ravi,
        numericId: 2,
        tenantId: AMRITSAR,
        userType: 'EMPLOYEE',
        userName: 'Ravi.K',
        firstName: 'Ravi',
        lastName: 'Kumar',
        mobile: '9800000002',
        email: 'Ravi@Amritsar.test',
        profile: { altContactNumber: '9800000001' },
        roles: [role('EMPLOYEE', AMRITSAR), role('GRO', AMRITSAR)],
      });
      log().create({
        userId: rani,
        numericId: 3,
        tenantId: JALANDHAR,
        userType: 'EMPLOYEE',
        userName: 'rani',
        firstName: 'Rani',
        lastName: 'Singh',
        mobile: '9800000003',
        roles: [role('EMPLOYEE', JALANDHAR), role('GRO', PB)],
      });
      log().create({
        userId: aman,
        numericId: 4,
        tenantId: AMRITSAR,
        userType: 'EMPLOYEE',
        userName: 'aman',
        firstName: 'Aman',
        lastName: 'Gill',
        mobile: '9800000004',
        active: false,
        roles: [role('EMPLOYEE', AMRITSAR), role('GRO', AMRITSAR), role('PGR_LME', AMRITSAR)],
      });
      log().create({
        userId: foreignRavi,
        numericId: 5,
        tenantId: HARYANA,
        userType: 'EMPLOYEE',
        userName: 'Ravi.K',
        firstName: 'Ravi',
        lastName: 'Kumar',
        mobile: '9800000002',
        email: 'ravi@amritsar.test',
        roles: [role('EMPLOYEE', HARYANA), role('GRO', HARYANA)],
      });
      log().create({
        userId: admin,
        numericId: 6,
        tenantId: PB,
        userType: 'SYSTEM',
        userName: 'admin',
        firstName: 'Sys',
        lastName: 'Admin',
        roles: [role('SUPERUSER', PB)],
      });
      log().create({
        userId: ada,
        tenantId: AMRITSAR,
        firstName: 'Ada',
        lastName: 'King',
        profile: { middleName: 'Augusta' },
      });
      log().create({
        userId: userId(8),
        numericId: 8,
        tenantId: TENANT,
        firstName: 'Aaron',
        mobile: '9800000001',
        roles: [role('GRO', TENANT)],
      });
      await applyLog();
    });

    it("covers a whole state-level family, and never another family's users, ordered by name", async () => {
      expect(await search({})).toEqual([ada, aman, asha, rani, ravi, admin]);
      expect(await search({ tenants: { family: 'hr' } })).toEqual([foreignRavi]);
      expect(await search({ tenants: { family: 'pb.amritsar' } })).toEqual([]);
    });

    it('covers exactly the tenants listed, and nobody for an empty list', async () => {
      expect(await search({ tenants: { tenantIds: [AMRITSAR] } })).toEqual([ada, aman, ravi]);
      expect(await search({ tenants: { tenantIds: [PB] } })).toEqual([asha, admin]);
      expect(await search({ tenants: { tenantIds: [AMRITSAR, HARYANA] } })).toEqual([ada, aman, ravi, foreignRavi]);
      expect(await search({ tenants: { tenantIds: [] } })).toEqual([]);
    });

    it('finds by ids, only within the scope', async () => {
      expect(await search({ ids: [ravi, foreignRavi, userId(99), asha] })).toEqual([asha, ravi]);
      expect(await search({ ids: [] })).toHaveLength(6);
    });

    it('finds by numeric ids (egov id[]), only within the scope, ANDed with the ids and the other criteria', async () => {
      expect(await search({ numericIds: [2, 5, 99, 1] })).toEqual([asha, ravi]);
      expect(await search({ numericIds: [2, 2, 4], userType: 'EMPLOYEE', active: true })).toEqual([ravi]);
      expect(await search({ numericIds: [2], ids: [ravi, asha] })).toEqual([ravi]);
      expect(await search({ numericIds: [2], ids: [asha] })).toEqual([]);
      expect(await search({ tenants: { tenantIds: [PB] }, numericIds: [1, 2, 6] })).toEqual([asha, admin]);
      expect(await search({ numericIds: [0, -1, 1.5] })).toEqual([]);
      expect(await search({ numericIds: [] })).toHaveLength(6);
    });

    it('finds by exact user name, case-insensitively', async () => {
      expect(await search({ userName: 'RAVI.k' })).toEqual([ravi]);
      expect(await search({ userName: 'ravi' })).toEqual([]);
    });

    it('finds by a case-insensitive, anchored prefix of the full name, middle name included', async () => {
      expect(await search({ name: 'RA' })).toEqual([rani, ravi]);
      expect(await search({ name: 'ravi k' })).toEqual([ravi]);
      expect(await search({ name: 'ada augusta k' })).toEqual([ada]);
      expect(await search({ name: 'kumar' })).toEqual([]);
    });

    it('treats pattern and SQL characters in a criterion literally', async () => {
      for (const name of ['%', '_', '.*', "' OR '1'='1", 'R%']) expect(await search({ name })).toEqual([]);
      expect(await search({ userName: "admin' --" })).toEqual([]);
    });

    it('matches a mobile number against the mobile and the alternate contact number', async () => {
      expect(await search({ mobileNumber: '9800000001' })).toEqual([asha, ravi]);
      expect(await search({ mobileNumber: '9800000003' })).toEqual([rani]);
      expect(await search({ mobileNumber: '980000000' })).toEqual([]);
    });

    it('finds by exact e-mail, case-insensitively', async () => {
      expect(await search({ emailId: 'ravi@AMRITSAR.test' })).toEqual([ravi]);
      expect(await search({ emailId: 'ravi@' })).toEqual([]);
    });

    it('finds by active and by user type', async () => {
      expect(await search({ active: false })).toEqual([aman]);
      expect(await search({ active: true })).toEqual([ada, asha, rani, ravi, admin]);
      expect(await search({ userType: 'EMPLOYEE' })).toEqual([aman, rani, ravi]);
      expect(await search({ userType: 'SYSTEM' })).toEqual([admin]);
      expect(await search({ userType: 'BUSINESS' })).toEqual([]);
    });

    it('finds the users holding every role code asked for, in any tenant of their family', async () => {
      expect(await search({ roleCodes: ['EMPLOYEE', 'GRO'] })).toEqual([aman, rani, ravi]);
      expect(await search({ roleCodes: ['GRO', 'PGR_LME'] })).toEqual([aman]);
      expect(await search({ roleCodes: ['GRO', 'GRO'] })).toEqual([aman, rani, ravi]);
      expect(await search({ roleCodes: ['GRO', 'SUPERUSER'] })).toEqual([]);
      expect(await search({ roleCodes: ['NO_SUCH_ROLE'] })).toEqual([]);
      expect(await search({ tenants: { family: TENANT }, roleCodes: ['GRO'] })).toEqual([userId(8)]);
    });

    it('follows role changes', async () => {
      const mark = log().events.length;
      log().record(ravi, 'RolesChanged', { roles: [role('EMPLOYEE', AMRITSAR)] });
      log().record(asha, 'RolesChanged', { roles: [role('CITIZEN', PB), role('GRO', PB), role('EMPLOYEE', PB)] });
      await readModel().apply(log().since(mark));

      expect(await search({ roleCodes: ['GRO', 'EMPLOYEE'] })).toEqual([aman, asha, rani]);
      expect(await search({ roleCodes: ['CITIZEN'] })).toEqual([asha]);
    });

    it('never finds an erased user, by any criterion, and still finds the others', async () => {
      const mark = log().events.length;
      log().erase(ravi, { tenantId: AMRITSAR, userType: 'EMPLOYEE', numericId: 2 });
      await readModel().apply(log().since(mark));

      expect(await search({})).toEqual([ada, aman, asha, rani, admin]);
      expect(await search({ userName: 'ravi.k' })).toEqual([]);
      expect(await search({ name: 'ravi' })).toEqual([]);
      expect(await search({ mobileNumber: '9800000002' })).toEqual([]);
      expect(await search({ mobileNumber: '9800000001' })).toEqual([asha]); // ravi's alternate number
      expect(await search({ emailId: 'ravi@amritsar.test' })).toEqual([]);
      expect(await search({ ids: [ravi] })).toEqual([]);
      expect(await search({ numericIds: [2] })).toEqual([]);
      expect(await search({ roleCodes: ['EMPLOYEE', 'GRO'] })).toEqual([aman, rani]);
      expect(await search({ lastChangedSince: new Date(instant(0)) })).not.toContain(ravi);
      expect(await search({ tenants: { family: 'hr' } })).toEqual([foreignRavi]);
    });

    it('finds users created or changed at or after lastChangedSince', async () => {
      const since = log().nextInstant();
      const mark = log().events.length;
      log().update(rani, { lastName: 'Sandhu' });
      log().record(aman, 'UserActivated', { by: admin });
      log().record(asha, 'LoginFailed', {});
      log().record(asha, 'OtpVerified', { mobileNumber: '9800000001', purpose: 'login' });
      log().create({ userId: userId(9), tenantId: JALANDHAR, firstName: 'Zed' });
      await readModel().apply(log().since(mark));

      expect(await search({ lastChangedSince: new Date(since) })).toEqual([aman, rani, userId(9)]);
      expect(await search({ lastChangedSince: new Date(instant(100)) })).toEqual([]);
    });

    it('ANDs every criterion given', async () => {
      expect(await search({ userType: 'EMPLOYEE', active: true, roleCodes: ['GRO'], name: 'r' })).toEqual([rani, ravi]);
      expect(await search({ tenants: { tenantIds: [AMRITSAR] }, mobileNumber: '9800000001' })).toEqual([ravi]);
      expect(
        await search({ mobileNumber: '9800000002', emailId: 'ravi@amritsar.test', userName: 'ravi.k', ids: [ravi] }),
      ).toEqual([ravi]);
      expect(await search({ mobileNumber: '9800000002', userType: 'CITIZEN' })).toEqual([]);
      expect(await search({ name: 'a', active: true, roleCodes: ['EMPLOYEE'] })).toEqual([]);
    });

    it('pages by offset without duplicates or gaps, and answers nothing past the end', async () => {
      const pages = [];
      for (let pageNumber = 0; pageNumber < 3; pageNumber++) pages.push(await search({}, { pageSize: 2, pageNumber }));

      expect(pages).toEqual([
        [ada, aman],
        [asha, rani],
        [ravi, admin],
      ]);
      expect(await search({}, { pageSize: 4, pageNumber: 1 })).toEqual([ravi, admin]);
      expect(await search({}, { pageSize: 2, pageNumber: 3 })).toEqual([]);
    });

    it('sorts by each whitelisted field, ascending, absent values first, ties by id', async () => {
      const employees = { userType: 'EMPLOYEE' as const };
      expect(await search({}, { ...first, sort: ['userName'] })).toEqual([ada, asha, admin, aman, rani, ravi]);
      expect(await search(employees, { ...first, sort: ['mobileNumber'] })).toEqual([ravi, rani, aman]);
      expect(await search({}, { ...first, sort: ['emailId'] })).toEqual([rani, aman, admin, ada, asha, ravi]);
      expect(await search({}, { ...first, sort: ['createdDate'] })).toEqual([asha, ravi, rani, aman, admin, ada]);
      expect(await search({}, { ...first, sort: [] })).toEqual(await search({}, { ...first, sort: ['name'] }));
    });

    it('sorts by lastModifiedDate and then by the next fields given', async () => {
      const mark = log().events.length;
      log().update(asha, { email: 'asha@y.test' });
      await readModel().apply(log().since(mark));

      expect(await search({}, { ...first, sort: ['lastModifiedDate'] })).toEqual([ravi, rani, aman, admin, ada, asha]);
      expect(await search({}, { ...first, sort: ['emailId', 'name'] })).toEqual([ada, aman, rani, admin, asha, ravi]);
    });

    it('rejects a page size outside 1..100, a bad page number and a sort field off the whitelist', async () => {
      for (const page of [
        { pageSize: 0, pageNumber: 0 },
        { pageSize: 101, pageNumber: 0 },
        { pageSize: 10, pageNumber: -1 },
        { pageSize: 10, pageNumber: 1.5 },
        { pageSize: 10, pageNumber: 0, sort: ['password'] as never },
      ]) {
        await expect(readModel().searchEgov({ tenants: { family: PB } }, page)).rejects.toThrow(RangeError);
      }
      await expect(
        readModel().searchEgov({ tenants: { family: PB }, lastChangedSince: new Date('nope') }, first),
      ).rejects.toThrow(RangeError);
    });

    it('keeps the other family of the nCore tests apart as well', async () => {
      expect(await search({ tenants: { family: OTHER_TENANT } })).toEqual([]);
    });
  });
}
