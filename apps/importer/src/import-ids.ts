import type { IdBlockReserved } from '@roster/domain';
import { isNumericUserId, lastReservedBy, MAX_NUMERIC_USER_ID, NUMERIC_USER_ID_SEQUENCE_STREAM } from '@roster/domain';
import type { EventStore } from '@roster/event-store';
import { unchangedSince, WrongExpectedRevisionError } from '@roster/event-store';

/** A block of the id sequence taken for an import: `importedBy` names the import's checkpoint stream. */
export interface ImportIdBlock {
  type: 'IdBlockReserved';
  data: IdBlockReserved['data'] & { importedBy: string };
}

type IdBlock = IdBlockReserved['data'];

/** Each conflict means a running Roster process took a block meanwhile; the import's block then goes above it. */
const MAX_RESERVE_ATTEMPTS = 20;

/**
 * The numeric ids an import may give its users. Running Roster processes hand ids out of blocks they reserved
 * on the sequence stream (numeric-user-id.ts), so an imported user may only keep an id inside a block this
 * import reserved: any other id at or below the sequence's end may already belong to a user Roster created.
 */
export class ImportIds {
  private readonly given = new Set<number>();

  constructor(
    readonly blocks: readonly IdBlock[],
    /** The sequence's end when the run started, without the import's own blocks. */
    readonly lastReservedBefore: number,
    /** The block this run reserved, or null. */
    readonly reservedNow: IdBlock | null,
  ) {}

  /**
   * Reads the sequence stream and, when the source's highest id lies above everything reserved so far, reserves
   * the ids up to it for this import, so Roster's processes continue above the imported ids.
   */
  static async reserve(store: EventStore, importedBy: string, maxSourceId: number | null): Promise<ImportIds> {
    for (let attempt = 1; ; attempt++) {
      const events = await store.readStream(NUMERIC_USER_ID_SEQUENCE_STREAM);
      const own: IdBlock[] = [];
      let lastReserved = 0;
      let lastReservedByOthers = 0;
      for (const event of events) {
        const last = lastReservedBy(event);
        lastReserved = Math.max(lastReserved, last);
        if (event.data.importedBy === importedBy) own.push({ first: event.data.first as number, last });
        else lastReservedByOthers = Math.max(lastReservedByOthers, last);
      }
      const wanted = maxSourceId === null ? 0 : Math.min(maxSourceId, MAX_NUMERIC_USER_ID);
      if (wanted <= lastReserved) return new ImportIds(own, lastReservedByOthers, null);
      const block: ImportIdBlock = {
        type: 'IdBlockReserved',
        data: { first: lastReserved + 1, last: wanted, importedBy },
      };
      try {
        await store.append(NUMERIC_USER_ID_SEQUENCE_STREAM, [block], unchangedSince(events.length - 1));
        const blockIds = { first: block.data.first, last: block.data.last };
        return new ImportIds([...own, blockIds], lastReservedByOthers, blockIds);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_RESERVE_ATTEMPTS) throw error;
      }
    }
  }

  /** Why `id` cannot be given to an imported user, or null when it can (and then it counts as given). */
  problemOf(id: number | null): { reason: string; message: string } | null {
    if (id === null) return null;
    if (!isNumericUserId(id)) {
      return { reason: 'invalid_numeric_id', message: `must be an integer from 1 to ${MAX_NUMERIC_USER_ID}` };
    }
    if (this.given.has(id)) {
      return { reason: 'duplicate_numeric_id', message: `numeric id ${id} is given to an earlier user of the import` };
    }
    if (!this.blocks.some((block) => block.first <= id && id <= block.last)) {
      return {
        reason: 'numeric_id_reserved',
        message: `numeric id ${id} was reserved by Roster before the import and may belong to a user it created`,
      };
    }
    this.given.add(id);
    return null;
  }

  /** Gives an id back when the user that held it was not written after all (skipped later, or already present). */
  release(id: number | null): void {
    if (id !== null) this.given.delete(id);
  }
}
