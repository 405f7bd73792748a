import type { ExistingUser, UserEvent, UserState } from '@roster/domain';
import { evolveUser, initialUserState, isUserEvent, isUserStream } from '@roster/domain';
import type { EventStore, Position } from '@roster/event-store';
import type { ExportedUser, ExportHeader } from './export-format';
import { EXPORT_FORMAT, EXPORT_VERSION, exportedUserOf, tenantSelector } from './export-format';

/** Events per readAll page: large, the export reads the whole log once. */
const READ_PAGE = 10_000;

export interface ExportProgress {
  events: number;
  users: number;
  elapsedMs: number;
}

export interface ExportOptions {
  /** Tenants to export, each with its sub-tenants; empty: every tenant. */
  tenants: string[];
  onProgress?: (progress: ExportProgress) => void;
  /** When the export is taken (the header's exportedAt); now by default. */
  now?: () => Date;
}

export interface UserExport {
  header: ExportHeader;
  /** Parents before children. */
  users: ExportedUser[];
  events: number;
}

/**
 * Reads the whole event log and folds every user stream with the domain's evolveUser into the user's full
 * state — password hash included: the read model keeps no hashes, the log is the truth. Only the folded
 * states are kept in memory (about a kilobyte a user), not the events.
 */
export async function collectUsers(store: EventStore, options: ExportOptions): Promise<UserExport> {
  const started = Date.now();
  const states = new Map<string, UserState>();
  let events = 0;
  let after: Position | null = null;
  for (
    let page = await store.readAll(after, READ_PAGE);
    page.length > 0;
    page = await store.readAll(after, READ_PAGE)
  ) {
    for (const event of page) {
      if (!isUserStream(event.stream) || !isUserEvent(event)) continue;
      states.set(event.stream, evolveUser(states.get(event.stream) ?? initialUserState, event as UserEvent));
    }
    events += page.length;
    after = page[page.length - 1].position;
    options.onProgress?.({ events, users: states.size, elapsedMs: Date.now() - started });
  }
  const selected = tenantSelector(options.tenants);
  const users = [...states.values()].filter(
    (state): state is ExistingUser => state.status === 'existing' && selected(state.tenantId),
  );
  return {
    header: {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: (options.now?.() ?? new Date()).toISOString(),
      tenants: options.tenants.length > 0 ? options.tenants : null,
      users: users.length,
    },
    users: parentsFirst(users).map(exportedUserOf),
    events,
  };
}

/**
 * Orders users by their depth in the hierarchy (roots first), keeping log order within a depth, so every
 * parent comes before its children. A parent outside the export (another tenant) counts as no parent here;
 * the import decides what to do with such a link.
 */
export function parentsFirst(users: ExistingUser[]): ExistingUser[] {
  const byId = new Map(users.map((user) => [user.id, user]));
  const depths = new Map<string, number>();
  const depthOf = (user: ExistingUser): number => {
    // Iterative, so a 10,000-deep chain does not overflow the stack; the domain refuses cycles, the guard is for a corrupt log.
    const chain: ExistingUser[] = [];
    const seen = new Set<string>();
    let current: ExistingUser | undefined = user;
    while (current && !depths.has(current.id) && !seen.has(current.id)) {
      chain.push(current);
      seen.add(current.id);
      current = current.parentId === null ? undefined : byId.get(current.parentId);
    }
    let depth = current && depths.has(current.id) ? (depths.get(current.id) as number) : -1;
    for (const link of chain.reverse()) depths.set(link.id, ++depth);
    return depths.get(user.id) as number;
  };
  const ordered = users.map((user, index) => ({ user, index, depth: depthOf(user) }));
  ordered.sort((a, b) => a.depth - b.depth || a.index - b.index);
  return ordered.map(({ user }) => user);
}

/** The export as JSON lines (header first), in pieces of about `chunkBytes` for a writer. */
export function* exportLines(userExport: UserExport, chunkBytes = 1 << 20): Generator<string> {
  let chunk = `${JSON.stringify(userExport.header)}\n`;
  for (const user of userExport.users) {
    chunk += `${JSON.stringify(user)}\n`;
    if (chunk.length >= chunkBytes) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}
