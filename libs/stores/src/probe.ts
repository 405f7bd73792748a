import { UnreachableStoreError } from '@roster/config';

/**
 * Start-up waits for a store's first answer, bounded: a wrong address fails the start with one clear
 * line instead of a process that serves only errors.
 */
export async function probeStore(
  check: () => Promise<unknown>,
  variable: string,
  target: string,
  timeoutMs: number,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
  } catch (error) {
    throw new UnreachableStoreError(variable, target, error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
  }
}
