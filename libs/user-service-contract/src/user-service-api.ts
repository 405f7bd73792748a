import type { ApiKeyPrincipal, Profile, ProfileChanges, UserType } from '@roster/domain';
import type { Page, PageRequest, UserSearchCriteria } from '@roster/read-model';
import type { ChangePage, ChangesRequest } from './changes';
import type { HealthReport } from './health-report';
import type { HistoryRequest, PointInTime, UserHistoryEntry } from './user-history';
import type { Relation, UserRecord, VersionedUser } from './user-record';
import type { Erasure, IdempotencyKey, Written } from './written';

export interface NewUserInput {
  userType: UserType;
  userName: string | null;
  profile: Profile;
  parentId: string | null;
  /** The acting API key's public id (`apiKeyIdOf`), recorded in the events' metadata as the history's actor. */
  apiKeyId?: string;
  /** The request's Idempotency-Key: a repeated request answers the first answer and writes nothing. */
  idempotencyKey?: IdempotencyKey;
}

export interface ErasureInput {
  /** As in NewUserInput. */
  apiKeyId?: string;
}

export interface UserChangesInput {
  changes: ProfileChanges;
  parentId: string | null | undefined;
  expectedRevision?: number;
  /** As in NewUserInput. */
  apiKeyId?: string;
  /** As in NewUserInput. */
  idempotencyKey?: IdempotencyKey;
}

/**
 * Everything the gateway asks of the user-service. The gateway holds no store: this port is its only way
 * to the domain, either through the buses in the same process or over the network (TCP transport).
 */
export abstract class UserServiceApi {
  abstract health(): Promise<HealthReport>;
  abstract authenticateApiKey(key: string): Promise<ApiKeyPrincipal | null>;
  abstract createUser(tenantId: string, input: NewUserInput): Promise<Written<UserRecord>>;
  abstract updateUser(tenantId: string, userId: string, input: UserChangesInput): Promise<Written<UserRecord>>;
  /**
   * Erases the user: its personal data can never be read again, its userName and mobile number are free. Refused
   * (DomainError) when unknown (`user_not_found`), erased before (`user_erased`) or a parent (`user_has_children`).
   */
  abstract eraseUser(tenantId: string, userId: string, input: ErasureInput): Promise<Erasure>;
  /** The user as the read model shows it; null when unknown. DomainError `user_erased` for an erased user. */
  abstract getUser(tenantId: string, userId: string, minPosition?: bigint): Promise<VersionedUser | null>;
  /** The user as it was at `at`, folded from its stream; null when it did not exist then (or is another tenant's). */
  abstract getUserAsOf(tenantId: string, userId: string, at: PointInTime): Promise<VersionedUser | null>;
  /** The user's changes, oldest first, from its stream; null for an unknown user (or another tenant's). */
  abstract getUserHistory(
    tenantId: string,
    userId: string,
    request: HistoryRequest,
  ): Promise<Page<UserHistoryEntry> | null>;
  abstract listUsers(tenantId: string, page: PageRequest, minPosition?: bigint): Promise<Page<UserRecord>>;
  abstract searchUsers(
    tenantId: string,
    criteria: UserSearchCriteria,
    page: PageRequest,
    minPosition?: bigint,
  ): Promise<Page<UserRecord>>;
  abstract listRelatives(
    tenantId: string,
    relation: Relation,
    userId: string,
    page: PageRequest,
    minPosition?: bigint,
  ): Promise<Page<UserRecord>>;
  /** The tenant's change feed: its user events in log order after a cursor, held up to `waitMs` when there are none. */
  abstract readChanges(tenantId: string, request: ChangesRequest): Promise<ChangePage>;
}
