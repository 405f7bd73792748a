import { ProblemException } from '../problems/problem';

export const CONSISTENCY_HEADER = 'x-consistency-token';

/** The consistency token a client got from a command answer; the query waits until it is projected. */
export function consistencyTokenOf(value: string | string[] | undefined): bigint | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{1,20}$/.test(value)) {
    throw ProblemException.badRequest(
      'X-Consistency-Token',
      'must be the token of an earlier answer (a decimal number)',
    );
  }
  return BigInt(value);
}

/** `If-Match: "<revision>"` as sent back from an ETag. */
export function expectedRevisionOf(value: string | string[] | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = typeof value === 'string' ? /^(?:W\/)?"(\d{1,9})"$/.exec(value.trim()) : null;
  if (!match) throw ProblemException.badRequest('If-Match', 'must be an ETag of this user, such as "3"');
  return Number(match[1]);
}

export function etagOf(revision: number): string {
  return `"${revision}"`;
}
