import { isUserStream } from './streams';
import {
  isNumericUserId,
  lastReservedBy,
  MAX_NUMERIC_USER_ID,
  nextIdBlock,
  NUMERIC_USER_ID_SEQUENCE_STREAM,
  NumericIdsExhaustedError,
} from './numeric-user-id';

describe('numeric user id blocks', () => {
  it('starts at 1 and continues after the last id reserved', () => {
    expect(nextIdBlock(0, 100)).toEqual({ first: 1, last: 100 });
    expect(nextIdBlock(100, 100)).toEqual({ first: 101, last: 200 });
    expect(nextIdBlock(7, 1)).toEqual({ first: 8, last: 8 });
  });

  it('cuts the last block at the largest Java Integer', () => {
    expect(nextIdBlock(MAX_NUMERIC_USER_ID - 3, 100)).toEqual({
      first: MAX_NUMERIC_USER_ID - 2,
      last: MAX_NUMERIC_USER_ID,
    });
  });

  it('is exhausted once the largest id is reserved', () => {
    expect(() => nextIdBlock(MAX_NUMERIC_USER_ID, 100)).toThrow(NumericIdsExhaustedError);
    expect(() => nextIdBlock(MAX_NUMERIC_USER_ID, 100)).toThrow(/exhausted.*2147483647/);
  });

  it('refuses a block size below one and a last reserved id out of range', () => {
    for (const size of [0, -1, 1.5, Number.NaN]) expect(() => nextIdBlock(0, size)).toThrow(RangeError);
    for (const last of [-1, 0.5, MAX_NUMERIC_USER_ID + 1]) expect(() => nextIdBlock(last, 10)).toThrow(RangeError);
  });

  it('reads the last reserved id from a block event, and refuses anything else', () => {
    expect(lastReservedBy({ type: 'IdBlockReserved', data: { first: 101, last: 200 } })).toBe(200);
    for (const event of [
      { type: 'Other', data: { first: 1, last: 2 } },
      { type: 'IdBlockReserved', data: { first: 5, last: 4 } },
      { type: 'IdBlockReserved', data: { first: 0, last: 4 } },
      { type: 'IdBlockReserved', data: { first: 1, last: '4' } },
      { type: 'IdBlockReserved', data: {} },
    ]) {
      expect(() => lastReservedBy(event)).toThrow(/malformed/);
    }
  });

  it('knows a numeric user id', () => {
    expect([1, 42, MAX_NUMERIC_USER_ID].every(isNumericUserId)).toBe(true);
    expect([0, -1, 1.5, MAX_NUMERIC_USER_ID + 1, '7', null, Number.NaN].some(isNumericUserId)).toBe(false);
  });

  it("keeps its sequence stream out of every reader's user streams", () => {
    expect(isUserStream(NUMERIC_USER_ID_SEQUENCE_STREAM)).toBe(false);
  });
});
