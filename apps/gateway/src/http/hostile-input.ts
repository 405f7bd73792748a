import { RequestInputError } from '../problems/request-input-error';

/**
 * How deep a JSON body may nest. Roster's deepest real body (an egov RequestInfo's userInfo with its roles) nests
 * 5 levels; validation walks a body recursively, and ~2,000 levels overflowed its stack.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Control characters refused in text: C0 controls but tab, line feed and carriage return (free text such as an
 * address may span lines, and JSON writes them as escapes), DEL and the C1 controls; and UTF-16 surrogates that
 * are not part of a pair, which no UTF-8 encoder can write.
 */
const UNSAFE_TEXT =
  // eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether `text` holds a control character (other than tab, LF, CR) or a lone surrogate. */
export function hasUnsafeText(text: string): boolean {
  return UNSAFE_TEXT.test(text);
}

/**
 * Whether the JSON text nests arrays and objects deeper than `maxDepth`: one pass over the characters, skipping
 * strings, so nothing recursive ever sees a body that is too deep.
 */
export function jsonNestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c)
        i++; // a backslash escapes the next character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b || char === 0x7b) {
      if (++depth > maxDepth) return true;
    } else if (char === 0x5d || char === 0x7d) {
      depth--;
    }
  }
  return false;
}

/** A JSON request body: empty is no body; too deep or malformed is refused naming `body`, with no part of it quoted. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  if (jsonNestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw new RequestInputError(
      'body_too_deep',
      'body',
      `nests deeper than ${MAX_JSON_DEPTH} levels of arrays and objects`,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the body, and with it maybe a password.
    throw new RequestInputError('malformed_body', 'body', 'is not valid JSON');
  }
}

/** One value met by `walkJson`: where it is, and under which key of its parent (null for array items and the root). */
export interface JsonVisit {
  path: string;
  key: string | null;
  value: unknown;
}

/**
 * Every value inside `root`, parents before children, without recursion. Paths are written as both faces name
 * fields: `address.line1`, `users[1].roles[0].code`; `rootPath` prefixes them (empty for a body).
 */
export function* walkJson(root: unknown, rootPath = ''): Generator<JsonVisit> {
  const pending: JsonVisit[] = [{ path: rootPath, key: null, value: root }];
  for (let visit = pending.pop(); visit !== undefined; visit = pending.pop()) {
    yield visit;
    const { path, value } = visit;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pending.push({ path: `${path}[${i}]`, key: null, value: value[i] });
    } else if (typeof value === 'object' && value !== null) {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i];
        pending.push({ path: path ? `${path}.${key}` : key, key, value: (value as Record<string, unknown>)[key] });
      }
    }
  }
}

/**
 * The first hostile part of a parsed body or query: a `__proto__` key (named: it would be a prototype were it
 * assigned), a key or a text with a control character or a lone surrogate (the field it is in named, never the
 * text). Null when there is none. Both faces call this on every request before any handler runs.
 */
export function hostileInputIn(value: unknown, rootPath = ''): RequestInputError | null {
  for (const { path, key, value: item } of walkJson(value, rootPath)) {
    if (key === '__proto__') return new RequestInputError('forbidden_field', path, 'is not an accepted field name');
    if (key !== null && hasUnsafeText(key)) {
      const parent = path.slice(0, Math.max(0, path.length - key.length - 1)) || 'body';
      return new RequestInputError(
        'invalid_characters',
        parent,
        'has a field name with a control character or a lone surrogate',
      );
    }
    if (typeof item === 'string' && hasUnsafeText(item)) {
      return new RequestInputError(
        'invalid_characters',
        path || 'body',
        'must not contain control characters (other than tab and line breaks) or lone surrogates',
      );
    }
  }
  return null;
}
