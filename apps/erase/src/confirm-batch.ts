import { createInterface } from 'node:readline';

/** Where the prompt is asked: stdin and stdout of the CLI, or streams of a test. */
export interface Prompt {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
}

export type Confirmation = { confirmed: true } | { confirmed: false; reason: string };

/**
 * Erasing a batch read from a file cannot be undone, so it waits for the operator to type the tenant (a `y` is typed
 * without reading). Without a terminal on stdin (CI, a pipe) nobody can answer, so only `--yes` lets the batch run.
 */
export async function confirmBatch(
  batch: { count: number; tenantId: string; yes: boolean },
  prompt: Prompt,
): Promise<Confirmation> {
  if (batch.yes) return { confirmed: true };
  if (!prompt.input.isTTY) {
    return {
      confirmed: false,
      reason: 'stdin is no terminal to confirm on: give --yes to erase the users in the file',
    };
  }
  const users = batch.count === 1 ? '1 user' : `${batch.count} users`;
  const answer = await askLine(prompt, `Erase ${users} of tenant ${batch.tenantId}? Type the tenant to confirm: `);
  if (answer?.trim() === batch.tenantId) return { confirmed: true };
  return { confirmed: false, reason: 'not confirmed: nobody was erased' };
}

/** One line typed at the prompt, or null when the input ends first (Ctrl-D). */
function askLine({ input, output }: Prompt, question: string): Promise<string | null> {
  const lines = createInterface({ input, output });
  return new Promise<string | null>((resolve) => {
    lines.once('close', () => resolve(null));
    lines.question(question, (answer) => {
      resolve(answer);
      lines.close();
    });
  });
}
