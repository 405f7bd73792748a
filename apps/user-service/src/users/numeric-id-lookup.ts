import { Inject, Injectable, Optional } from '@nestjs/common';
import { UserStreams } from './user-streams';

/** DI token of the cache size; not provided: DEFAULT_NUMERIC_ID_CACHE_SIZE. */
export const NUMERIC_ID_CACHE_SIZE = Symbol('NUMERIC_ID_CACHE_SIZE');

/**
 * Actors are few (operators, administrators, the users changing themselves) and recur on every page, so a
 * few thousand entries (well under a megabyte) keep almost every lookup in memory.
 */
export const DEFAULT_NUMERIC_ID_CACHE_SIZE = 5_000;

/**
 * The numeric id of a user known by uuid, e.g. the actor behind `createdBy`, which egov answers as a number.
 * Read from the user's own stream (never stale, never waiting for the projector) and cached: a user's
 * numeric id never changes. The cache forgets the least recently used entry when full.
 */
@Injectable()
export class NumericIdLookup {
  /** Least recently used first: a Map iterates in insertion order, and a hit is moved to the end. */
  private readonly cache = new Map<string, number | null>();

  constructor(
    private readonly streams: UserStreams,
    @Optional() @Inject(NUMERIC_ID_CACHE_SIZE) private readonly capacity: number = DEFAULT_NUMERIC_ID_CACHE_SIZE,
  ) {}

  /**
   * The numeric id of each of `userIds`, each distinct one read once; null for an id that is no user (an API
   * key, the system) and for a user created before numeric ids existed.
   */
  async of(userIds: Iterable<string>): Promise<Map<string, number | null>> {
    const distinct = [...new Set(userIds)];
    return new Map(await Promise.all(distinct.map(async (userId) => [userId, await this.one(userId)] as const)));
  }

  private async one(userId: string): Promise<number | null> {
    const cached = this.cache.get(userId);
    if (cached !== undefined) {
      this.cache.delete(userId);
      this.cache.set(userId, cached);
      return cached;
    }
    const { state } = await this.streams.load(userId);
    // An id that is no user is not cached: it is rare, and the cache stays a list of real users.
    if (state.status !== 'existing') return null;
    this.remember(userId, state.numericId);
    return state.numericId;
  }

  private remember(userId: string, numericId: number | null): void {
    this.cache.set(userId, numericId);
    if (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value as string);
  }
}
