import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Position } from '@roster/event-store';
import { RelayCheckpointStore } from './relay-checkpoint-store';

interface CheckpointFile {
  /** Decimal string: positions are 64-bit. */
  position: string;
}

/**
 * The checkpoint as a small JSON file (`relay-checkpoint.json` in DATA_DIR). Each save writes a temporary
 * file, fsyncs it, renames it over the old one and fsyncs the directory, so after a crash the file holds
 * either the old or the new position, never a torn one.
 */
export class FileRelayCheckpointStore extends RelayCheckpointStore {
  private readonly temporaryFile: string;

  constructor(private readonly file: string) {
    super();
    this.temporaryFile = `${file}.tmp`;
  }

  async load(): Promise<Position | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return parseCheckpoint(text, this.file);
  }

  async save(position: Position): Promise<void> {
    const content: CheckpointFile = { position: position.toString() };
    await mkdir(dirname(this.file), { recursive: true });
    const temporary = await open(this.temporaryFile, 'w');
    try {
      await temporary.writeFile(JSON.stringify(content));
      await temporary.sync();
    } finally {
      await temporary.close();
    }
    await rename(this.temporaryFile, this.file);
    await syncDirectory(dirname(this.file));
  }
}

// Saves are atomic, so a bad file was edited by hand: refuse to guess rather than skip or repeat the log.
function parseCheckpoint(text: string, file: string): Position {
  try {
    const { position } = JSON.parse(text) as CheckpointFile;
    if (typeof position === 'string' && /^\d+$/.test(position)) return BigInt(position);
  } catch {
    // reported below
  }
  throw new Error(
    `relay checkpoint ${file} is not {"position":"<digits>"}; fix or delete it (deleting re-publishes the whole log)`,
  );
}

// Makes the rename itself durable.
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
