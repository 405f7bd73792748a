import { Injectable } from '@nestjs/common';
import { decideUser, ExistingUser, foldUser, UserCommand, UserEvent } from '@roster/domain';
import { StreamAppend } from '@roster/event-store';
import { asExisting, UserStreams } from '../users/user-streams';
import { userNotFound } from './egov-errors';

/** Builds the next command from the user as it is now; null: nothing to decide. */
export type NextCommand = (user: ExistingUser) => UserCommand | null;

/** The unit of work of the egov use cases that change an existing user: several decisions, one append. */
@Injectable()
export class EgovUserUpdates {
  constructor(private readonly streams: UserStreams) {}

  /**
   * Decides the commands in order, each on the user as the ones before it left it, and appends every event
   * in one append with the `extra` appends (reservations) of the user as it ends up (see handleCommand).
   */
  async update(
    userId: string,
    commands: NextCommand[],
    extra: (user: ExistingUser) => Promise<StreamAppend[]> = async () => [],
  ): Promise<ExistingUser> {
    const { state } = await this.streams.run(userId, async ({ state: current }) => {
      if (current.status !== 'existing') throw userNotFound();
      let user: ExistingUser = current;
      const events: UserEvent[] = [];
      for (const next of commands) {
        const command = next(user);
        if (!command) continue;
        const decided = decideUser(command, user);
        events.push(...decided);
        user = asExisting(foldUser(decided, user));
      }
      return { events, alsoAppend: await extra(user) };
    });
    return asExisting(state);
  }
}
