import type { ErasureOutcome } from './erasure-report';
import { eraseEach, exitCodeOf, outcomeLine, summaryLine } from './erasure-report';

const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
const outcomes: ErasureOutcome[] = [
  { id: 'a', result: 'erased' },
  { id: 'b', result: 'already erased' },
  { id: 'c', result: 'not found' },
  { id: 'd', result: 'refused', reason: 'belongs to another tenant' },
  { id: 'e', result: 'refused', reason: 'the user has 2 children: erase them or give them another parent first' },
  { id: 'f', result: 'failed', reason: 'database is locked' },
];

describe('the erasure report', () => {
  it('says per id what became of it: the id, and why it was refused or failed', () => {
    expect(outcomes.map(outcomeLine)).toEqual([
      'a erased',
      'b already erased',
      'c not found',
      'd refused: belongs to another tenant',
      'e refused: the user has 2 children: erase them or give them another parent first',
      'f failed: database is locked',
    ]);
  });

  it('sums the outcomes up and counts the ids an interrupted run never reached', () => {
    expect(summaryLine(outcomes, 6)).toBe('6 requested: 1 erased, 1 already erased, 1 not found, 2 refused, 1 failed');
    expect(summaryLine(outcomes.slice(0, 2), 6)).toBe(
      '6 requested: 1 erased, 1 already erased, 0 not found, 0 refused, 0 failed, 4 not attempted',
    );
  });

  it('exits 0 only when every requested user is erased now, by this run or an earlier one', () => {
    expect(exitCodeOf(outcomes.slice(0, 2), 2)).toBe(0);
    expect(exitCodeOf(outcomes.slice(0, 2), 3)).toBe(1);
    for (const refused of outcomes.slice(2)) expect(exitCodeOf([outcomes[0], refused], 2)).toBe(1);
  });
});

describe('eraseEach', () => {
  it('erases one id after the other, reporting each as it is done; a thrown error fails that id only', async () => {
    const order: string[] = [];
    const reported: ErasureOutcome[] = [];
    const result = await eraseEach(
      ['a', 'b', 'c'],
      async (id) => {
        order.push(id);
        if (id === 'b') throw new Error('database is locked');
        return { id, result: 'erased' };
      },
      (outcome) => reported.push(outcome),
    );
    expect(order).toEqual(['a', 'b', 'c']);
    expect(result).toEqual([
      { id: 'a', result: 'erased' },
      { id: 'b', result: 'failed', reason: 'database is locked' },
      { id: 'c', result: 'erased' },
    ]);
    expect(reported).toEqual(result);
  });

  it('finishes the id being erased when interrupted and starts no other', async () => {
    const stop = new AbortController();
    const result = await eraseEach(
      ids,
      async (id) => {
        if (id === 'b') stop.abort();
        return { id, result: 'erased' };
      },
      () => undefined,
      stop.signal,
    );
    expect(result.map((outcome) => outcome.id)).toEqual(['a', 'b']);
  });
});
