import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ExistingUser, pickProfile, sameTenantFamily, stateTenantOf } from '@roster/domain';
import { EventStore } from '@roster/event-store';
import { EgovReadCriteria, TenantScope, UserReadModel, UserView } from '@roster/read-model';
import { ConsistencyTimeoutError, EgovCaller, EgovSearchCriteria, EgovUserRecord } from '@roster/user-service-contract';
import { ReadModelFreshness } from '../../consistency/read-model-freshness';
import { callingUser, requireMayRead } from '../egov-access';
import { required } from '../egov-input';
import { EgovUserLookup } from '../egov-user-lookup';
import { EgovUserPresenter } from '../egov-user-presenter';
import { EgovSearchUsersQuery } from './search-users.query';

/**
 * The egov searches. A caller only ever sees users of its own tenant family; a citizen only itself; anyone
 * else needs `user:read`. egov clients carry no consistency token and expect to find what they just wrote,
 * so the search first waits (within the configured bound) for the read model to reach the log's head.
 */
@QueryHandler(EgovSearchUsersQuery)
export class EgovSearchUsersHandler implements IQueryHandler<EgovSearchUsersQuery, EgovUserRecord[]> {
  constructor(
    private readonly readModel: UserReadModel,
    private readonly store: EventStore,
    private readonly freshness: ReadModelFreshness,
    private readonly presenter: EgovUserPresenter,
    private readonly lookup: EgovUserLookup,
  ) {}

  async execute({ caller, criteria }: EgovSearchUsersQuery): Promise<EgovUserRecord[]> {
    requireMayRead(caller);
    const readCriteria = visibleCriteria(caller, criteria, await this.tenantsOfUsersAskedFor(caller, criteria));
    if (!readCriteria) return [];
    await this.catchUp();
    const { pageSize, pageNumber, sort } = criteria;
    const views = await this.readModel.searchEgov(readCriteria, { pageSize, pageNumber, sort });
    return this.presenter.records(views.map(userOfView));
  }

  /**
   * An in-cluster service (pgr-services enriching complaints) may look users up by uuid alone, with neither a
   * tenant nor a caller that has one: their tenants are read from their streams, so the search stays within
   * known tenants. Null when a tenant is at hand anyway.
   */
  private async tenantsOfUsersAskedFor(caller: EgovCaller, criteria: EgovSearchCriteria): Promise<string[] | null> {
    if (criteria.tenantId || caller.tenantId || !criteria.uuids?.length) return null;
    const found = await Promise.all(criteria.uuids.map((uuid) => this.lookup.find(uuid)));
    return [...new Set(found.flatMap((user) => (user ? [user.state.tenantId] : [])))];
  }

  /** Stale answers beat failed ones: when the projector is slow, the search answers what it has. */
  private async catchUp(): Promise<void> {
    try {
      await this.freshness.waitFor((await this.store.headPosition()) ?? undefined);
    } catch (error) {
      if (!(error instanceof ConsistencyTimeoutError)) throw error;
    }
  }
}

/**
 * The criteria narrowed to what the caller may see; null when that is nobody. `tenantsOfUsers`: the tenants
 * of the users asked for by uuid, for a search that names no tenant by a caller that has none.
 */
export function visibleCriteria(
  caller: EgovCaller,
  criteria: EgovSearchCriteria,
  tenantsOfUsers: string[] | null = null,
): EgovReadCriteria | null {
  const tenants = tenantScope(caller, criteria, tenantsOfUsers);
  if (!tenants) return null;
  let ids = criteria.uuids?.length ? criteria.uuids : undefined;
  if (caller.userType === 'CITIZEN' && !caller.trusted) {
    const self = callingUser(caller);
    if (ids && !ids.includes(self)) return null;
    ids = [self];
  }
  const {
    uuids: _uuids,
    tenantId: _tenantId,
    pageSize: _pageSize,
    pageNumber: _pageNumber,
    sort: _sort,
    ...rest
  } = criteria;
  return { ...rest, tenants, ids };
}

/**
 * A tenant asked for is searched as egov-user does, citizens at its state level (where they live); no
 * tenant: the caller's whole family. A tenant outside the caller's family finds nobody, unless DIGIT's
 * gateway vouches for the caller (then egov-user's rules alone apply). Roster never searches every tenant at
 * once: a caller without a tenant (an in-cluster service) names one, or asks for users by uuid.
 */
function tenantScope(
  caller: EgovCaller,
  criteria: EgovSearchCriteria,
  tenantsOfUsers: string[] | null,
): TenantScope | null {
  const asked = criteria.tenantId;
  if (!asked && !caller.tenantId && tenantsOfUsers) return { tenantIds: tenantsOfUsers };
  if (!asked) return { family: stateTenantOf(required(caller.tenantId, 'tenantId')) };
  if (!caller.trusted && !sameTenantFamily(asked, caller.tenantId ?? '')) return null;
  if (criteria.userType === 'CITIZEN') return { tenantIds: [stateTenantOf(asked)] };
  if (criteria.userType) return { tenantIds: [asked] };
  return { tenantIds: [...new Set([asked, stateTenantOf(asked)])] };
}

/** The view has every public field of the state (absent ones as null); the credentials it lacks never enter a record anyway. */
function userOfView(view: UserView): ExistingUser {
  const profile = pickProfile(view, (value) => value !== null);
  return {
    status: 'existing',
    id: view.id,
    tenantId: view.tenantId,
    userType: view.userType,
    userName: view.userName,
    numericId: view.numericId,
    profile,
    parentId: view.parentId,
    roles: view.roles,
    active: view.active,
    passwordHash: null,
    passwordChangedAt: view.passwordChangedAt,
    passwordExpiryApplies: true,
    otpVerified: view.otpVerified,
    failedLogins: [],
    lockedUntil: view.lockedUntil,
    credentialsChangedAt: null,
    createdBy: view.createdBy,
    lastModifiedBy: view.lastModifiedBy,
    createdAt: view.createdAt,
    updatedAt: view.updatedAt,
  };
}
