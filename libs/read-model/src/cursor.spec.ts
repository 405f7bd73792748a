import { decodeCursor, encodeCursor } from './cursor';
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
