import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ExistingUser,
  evolveUser,
  initialUserState,
  ParentFacts,
  USER_EVENT_SCHEMA_VERSION,
  UserEvent,
  userStream,
  userErased,
  UserState,
} from '@roster/domain';
import {
  Aggregate,
  CommandResult,
  Decide,
  EventStore,
  handleCommand,
  NewEvent,
  StreamAppend,
} from '@roster/event-store';

export type LoadedUser = Aggregate<UserState>;

export interface ParentLookup {
  facts: ParentFacts;
  /** Empty appends that assert every stream of the lineage is unchanged when the decision is written. */
  guards: StreamAppend[];
}

/** Deeper chains than this mean corrupted data, not a real organisation. */
const MAX_LINEAGE_DEPTH = 10_000;

/** Reads and writes user streams for the command handlers. */
@Injectable()
export class UserStreams {
  constructor(private readonly store: EventStore) {}

  load(userId: string): Promise<LoadedUser> {
    return this.store.aggregate(userStream(userId), evolveUser, initialUserState);
  }

  /**
   * Refuses (`user_erased`, 410 at the edges) an erased user of the tenant. For reads that found no user in the
   * read model, which forgets erased users: their stream still says they existed. `field` names the input.
   */
  async assertNotErased(tenantId: string, userId: string, field?: string): Promise<void> {
    const { state } = await this.load(userId);
    if (state.status === 'erased' && state.tenantId === tenantId) throw userErased(field);
  }

  /**
   * Walks from the would-be parent up to its root. The guards make the append fail if any user on
   * that path changed meanwhile, so two concurrent re-parentings can never close a cycle.
   */
  async lookUpParent(parentId: string): Promise<ParentLookup> {
    const lineage: string[] = [];
    const guards: StreamAppend[] = [];
    let tenantId: string | null = null;
    for (let id: string | null = parentId; id !== null;) {
      if (lineage.length >= MAX_LINEAGE_DEPTH || lineage.includes(id)) {
        throw new DomainError('parent_cycle', 'the parent chain is corrupt or too deep', 'parentId');
      }
      const { state, revision } = await this.load(id);
      if (state.status !== 'existing') {
        if (lineage.length === 0) return { facts: { id: parentId, found: false }, guards };
        break;
      }
      tenantId ??= state.tenantId;
      lineage.push(id);
      guards.push({ stream: userStream(id), events: [], expectedRevision: revision });
      id = state.parentId;
    }
    return { facts: { id: parentId, found: true, tenantId: tenantId as string, lineage }, guards };
  }

  /**
   * Runs a command on one user's stream (see handleCommand); `expectedRevision` is the caller's If-Match,
   * `apiKeyId` the acting API key's public id, kept in the events' metadata (the domain's events record acting
   * users only) so the user's history can name the key.
   */
  run(
    userId: string,
    decide: Decide<UserState, UserEvent>,
    expectedRevision?: number,
    apiKeyId?: string,
  ): Promise<CommandResult<UserState, UserEvent>> {
    const metadata = (state: UserState) => ({
      ...userEventMetadata(decidedTenantOf(state)),
      ...(apiKeyId === undefined ? {} : { apiKeyId }),
    });
    return handleCommand(this.store, userStream(userId), decide, {
      evolve: evolveUser,
      initialState: initialUserState,
      metadata,
      expectedRevision,
    });
  }

  /** A user's new events as appended beside another stream's command (the other users of a batch). */
  toNewEvents(events: UserEvent[], tenantId: string): NewEvent<UserEvent>[] {
    return events.map((event) => ({ ...event, metadata: userEventMetadata(tenantId) }));
  }
}

function userEventMetadata(tenantId: string): Record<string, unknown> {
  return { schemaVersion: USER_EVENT_SCHEMA_VERSION, tenantId };
}

/** The tenant of a user its decided events left existing or erased. */
function decidedTenantOf(state: UserState): string {
  if (state.status === 'absent') throw new Error('decided events did not produce a user');
  return state.tenantId;
}

export function asExisting(state: UserState): ExistingUser {
  if (state.status !== 'existing') throw new Error('decided events did not produce a user');
  return state;
}
