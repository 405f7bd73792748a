import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidCursorError } from './user-read-model';

/** The type of one keyset value a cursor carries. */
export type CursorValueType = 'string' | 'integer';

/** The keyset values of a cursor, typed after the shape the query expects. */
export type CursorValues<Shape extends readonly CursorValueType[]> = {
  -readonly [I in keyof Shape]: Shape[I] extends 'string' ? string : number;
};

// Far above any real cursor; keeps a hostile value from costing a large decode and parse.
const MAX_CURSOR_LENGTH = 4096;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * An opaque paging cursor: base64url JSON of the query kind and the keyset values of the last item served.
 * The kind tag keeps a cursor of one query from being accepted by another whose keys mean something else.
 */
export function encodeCursor(kind: string, values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify({ k: kind, v: values }), 'utf8').toString('base64url');
}

/**
 * The keyset values of a cursor that `encodeCursor` made for the same query kind, checked against the shape
 * the query expects. Anything else (malformed, tampered, another query's cursor) is an InvalidCursorError.
 */
export function decodeCursor<const Shape extends readonly CursorValueType[]>(
  cursor: string,
  kind: string,
  shape: Shape,
): CursorValues<Shape> {
  const payload = parsePayload(cursor);
  if (payload.k !== kind || !Array.isArray(payload.v) || payload.v.length !== shape.length) {
    throw new InvalidCursorError();
  }
  const values: unknown[] = payload.v;
  if (!values.every((value, i) => hasType(value, shape[i]))) throw new InvalidCursorError();
  return values as CursorValues<Shape>;
}

function parsePayload(cursor: string): { k?: unknown; v?: unknown } {
  if (cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) throw new InvalidCursorError();
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (typeof payload !== 'object' || payload === null) throw new InvalidCursorError();
  return payload;
}

/** Bytes of the HMAC-SHA256 a signed cursor carries: 128 bits, far beyond guessing. */
const MAC_BYTES = 16;

/**
 * A cursor as clients get it: `<cursor>.<mac>`, the MAC an HMAC-SHA256 under `key` (derived from the server
 * secret, so every process of a deployment signs and checks alike). Clients can continue only a page Roster made.
 */
export function signCursor(cursor: string, key: Buffer): string {
  return `${cursor}.${macOf(cursor, key)}`;
}

/** The cursor a client sent back, if `signCursor` signed it under `key`; anything else is an InvalidCursorError. */
export function verifiedCursor(signed: string, key: Buffer): string {
  const dot = signed.lastIndexOf('.');
  if (signed.length > MAX_CURSOR_LENGTH || dot < 0) throw new InvalidCursorError();
  const cursor = signed.slice(0, dot);
  // The MAC's text is compared, not its decoded bytes: base64url's spare bits must not let two texts pass.
  const given = Buffer.from(signed.slice(dot + 1), 'utf8');
  const expected = Buffer.from(macOf(cursor, key), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidCursorError();
  return cursor;
}

function macOf(cursor: string, key: Buffer): string {
  return createHmac('sha256', key).update(cursor).digest().subarray(0, MAC_BYTES).toString('base64url');
}

function hasType(value: unknown, type: CursorValueType): boolean {
  return type === 'string' ? typeof value === 'string' : Number.isSafeInteger(value);
}

// The query kinds a cursor is tagged with, shared by every adapter: a cursor is only accepted by the kind that issued it.
export const USERS_CURSOR = 'users';
export const CHILDREN_CURSOR = 'children';
export const DESCENDANTS_CURSOR = 'descendants';
export const ANCESTORS_CURSOR = 'ancestors';
export const CHANGED_SINCE_CURSOR = 'changed-since';

/** The search key that drives a search query (and so its order and its cursors). */
export type SearchDriver = 'email' | 'mobile' | 'name';

export function searchCursorKind(driver: SearchDriver | 'none'): string {
  return `search:${driver}`;
}
