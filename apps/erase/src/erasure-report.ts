/**
 * What became of one id. Only ids and the reasons of refusals and failures (which name no one's data: a count of
 * children, a store's error) are printed, never a user's data:
 * the output of an erasure run may be kept as evidence where the erased data must not reappear.
 */
export type ErasureOutcome = { id: string } & (
  | { result: 'erased' }
  | { result: 'already erased' }
  | { result: 'not found' }
  | { result: 'refused'; reason: string }
  | { result: 'failed'; reason: string }
);

/** Erases one user and says how it went; an unexpected error may also be thrown (it becomes `failed`). */
export type EraseOne = (id: string) => Promise<ErasureOutcome>;

/**
 * Erases the ids one after the other, reporting each as it is done; after `signal` is aborted it stops before the next
 * id (the one being erased completes), so an interrupted batch can be run again with the ids not yet reported.
 */
export async function eraseEach(
  ids: readonly string[],
  eraseOne: EraseOne,
  report: (outcome: ErasureOutcome) => void,
  signal?: AbortSignal,
): Promise<ErasureOutcome[]> {
  const outcomes: ErasureOutcome[] = [];
  for (const id of ids) {
    if (signal?.aborted) break;
    let outcome: ErasureOutcome;
    try {
      outcome = await eraseOne(id);
    } catch (error) {
      outcome = { id, result: 'failed', reason: error instanceof Error ? error.message : String(error) };
    }
    outcomes.push(outcome);
    report(outcome);
  }
  return outcomes;
}

export function outcomeLine(outcome: ErasureOutcome): string {
  switch (outcome.result) {
    case 'erased':
    case 'already erased':
    case 'not found':
      return `${outcome.id} ${outcome.result}`;
    case 'refused':
    case 'failed':
      return `${outcome.id} ${outcome.result}: ${outcome.reason}`;
  }
}

/** The closing line: how many ids ended which way, and how many were never reached (an interrupted run). */
export function summaryLine(outcomes: readonly ErasureOutcome[], requested: number): string {
  const count = (result: ErasureOutcome['result']) => outcomes.filter((outcome) => outcome.result === result).length;
  const parts = [
    `${count('erased')} erased`,
    `${count('already erased')} already erased`,
    `${count('not found')} not found`,
    `${count('refused')} refused`,
    `${count('failed')} failed`,
  ];
  if (outcomes.length < requested) parts.push(`${requested - outcomes.length} not attempted`);
  return `${requested} requested: ${parts.join(', ')}`;
}

/** 0 when every requested user is erased now (by this run or before), 1 otherwise. */
export function exitCodeOf(outcomes: readonly ErasureOutcome[], requested: number): 0 | 1 {
  const done = outcomes.filter((outcome) => outcome.result === 'erased' || outcome.result === 'already erased');
  return done.length === requested ? 0 : 1;
}
