import { decodeCursor, encodeCursor, signCursor, verifiedCursor } from './cursor';
import { InvalidCursorError } from './user-read-model';

describe('page cursors', () => {
  const asBase64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

  it('give back the keyset values they were made with, to the same query kind', () => {
    const cursor = encodeCursor('descendants', ['a/b/', 'id-1']);

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 'descendants', ['string', 'string'])).toEqual(['a/b/', 'id-1']);
    expect(decodeCursor(encodeCursor('changed', [1700000000000, 'id']), 'changed', ['integer', 'string'])).toEqual([
      1700000000000,
      'id',
    ]);
  });

  it('refuse a cursor of another query kind', () => {
    expect(() => decodeCursor(encodeCursor('users', ['id']), 'children', ['string'])).toThrow(InvalidCursorError);
  });

  it('refuse values of another shape than the query expects', () => {
    const cursor = encodeCursor('users', ['id']);
    expect(() => decodeCursor(cursor, 'users', ['string', 'string'])).toThrow(InvalidCursorError);
    expect(() => decodeCursor(cursor, 'users', ['integer'])).toThrow(InvalidCursorError);
    expect(() => decodeCursor(encodeCursor('ancestors', [1.5]), 'ancestors', ['integer'])).toThrow(InvalidCursorError);
  });

  it('refuse malformed text', () => {
    for (const cursor of [
      '',
      'has spaces',
      'plus+slash/',
      asBase64url('{"k":"users"'),
      asBase64url('"users"'),
      asBase64url('null'),
    ]) {
      expect(() => decodeCursor(cursor, 'users', ['string'])).toThrow(InvalidCursorError);
    }
  });
});

describe('signed cursors', () => {
  const key = Buffer.alloc(32, 7);
  const otherKey = Buffer.alloc(32, 8);

  it('give back the cursor they signed', () => {
    const cursor = encodeCursor('users', ['id-1']);
    const signed = signCursor(cursor, key);
    expect(signed).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(verifiedCursor(signed, key)).toBe(cursor);
  });

  it('refuse a cursor without a signature, with another key’s, or altered', () => {
    const cursor = encodeCursor('users', ['id-1']);
    const signed = signCursor(cursor, key);
    const forged = encodeCursor('users', ['id-0']);
    for (const bad of [
      cursor,
      signCursor(cursor, otherKey),
      `${forged}${signed.slice(signed.indexOf('.'))}`,
      `${signed.slice(0, -1)}${signed.endsWith('A') ? 'B' : 'A'}`,
      `${signed.slice(0, -22)}${signed.at(-22) === 'A' ? 'B' : 'A'}${signed.slice(-21)}`,
      `${signed}AA`,
      `${cursor}.`,
      'x'.repeat(5000) + signed,
    ]) {
      expect(() => verifiedCursor(bad, key)).toThrow(InvalidCursorError);
    }
  });
});
