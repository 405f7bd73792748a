import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Notification } from './notifier';
import { Notifier } from './notifier';

/**
 * For development, and for tests that run the service as its own process (ROSTER_NOTIFIER=file): each
 * notification, code included, becomes one JSON line of `path`, which the test (or the developer, see
 * README.md) reads to learn the code. Never for production: whoever can read the file can use the codes.
 */
export class FileNotifier extends Notifier {
  constructor(private readonly path: string) {
    super();
  }

  async send(notification: Notification): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    // One appendFile per line: O_APPEND writes of a short line do not interleave between processes.
    await appendFile(this.path, `${JSON.stringify(notification)}\n`, { encoding: 'utf8', mode: 0o600 });
  }
}

/** Reads back what a FileNotifier wrote (dates stay ISO strings). */
export async function readNotificationFile(path: string): Promise<Array<Record<string, unknown>>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
