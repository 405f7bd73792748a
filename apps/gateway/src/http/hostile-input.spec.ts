import { RequestInputError } from '../problems/request-input-error';
import {
  hasUnsafeText,
  hostileInputIn,
  jsonNestsDeeperThan,
  MAX_JSON_DEPTH,
  parseJsonBody,
  walkJson,
} from './hostile-input';

describe('jsonNestsDeeperThan', () => {
  const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

  it('counts arrays and objects, not brackets inside strings or escaped quotes', () => {
    expect(jsonNestsDeeperThan(nested(3), 3)).toBe(false);
    expect(jsonNestsDeeperThan(nested(4), 3)).toBe(true);
    expect(jsonNestsDeeperThan('{"a":{"b":[1]}}', 3)).toBe(false);
    expect(jsonNestsDeeperThan('{"a":{"b":[{}]}}', 3)).toBe(true);
    expect(jsonNestsDeeperThan(`{"a":"${'['.repeat(50)}"}`, 1)).toBe(false);
    expect(jsonNestsDeeperThan(`{"a":"\\"${'{'.repeat(50)}"}`, 1)).toBe(false);
  });

  it('scans 100,000 levels in one pass without recursion', () => {
    expect(jsonNestsDeeperThan(nested(100_000), MAX_JSON_DEPTH)).toBe(true);
  });
});

describe('parseJsonBody', () => {
  it('parses JSON, reads an empty body as none', () => {
    expect(parseJsonBody('{"a":[1,{"b":null}]}')).toEqual({ a: [1, { b: null }] });
    expect(parseJsonBody('  ')).toBeUndefined();
  });

  it('refuses a body nested too deep before parsing it, naming body', () => {
    const deep = '{"a":'.repeat(2000) + '1' + '}'.repeat(2000);
    expect(() => parseJsonBody(deep)).toThrow(expect.objectContaining({ code: 'body_too_deep', field: 'body' }));
  });

  it('refuses malformed JSON without quoting it', () => {
    let thrown: unknown;
    try {
      parseJsonBody('{"password": "Secret@123",');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RequestInputError);
    expect(thrown).toMatchObject({ code: 'malformed_body', field: 'body' });
    expect((thrown as Error).message).not.toContain('Secret');
  });

  it('keeps a __proto__ key as an own field, for the walk to name', () => {
    const parsed = parseJsonBody('{"__proto__": {"admin": true}}') as object;
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(({} as { admin?: boolean }).admin).toBeUndefined();
  });
});

describe('hasUnsafeText', () => {
  it.each([
    ['NUL', 'a\u0000b'],
    ['a C0 control', 'a\u0007b'],
    ['vertical tab', 'a\u000Bb'],
    ['DEL', 'a\u007Fb'],
    ['a C1 control', 'a\u0085b'],
    ['a lone high surrogate', 'a\uD800b'],
    ['a lone high surrogate at the end', 'a\uDBFF'],
    ['a lone low surrogate', '\uDC00a'],
    ['two high surrogates', '\uD800\uD800\uDC00'],
  ])('refuses %s', (_label, text) => expect(hasUnsafeText(text)).toBe(true));

  it.each([
    ['plain text', 'Ravi Kumar'],
    ['tab and line breaks', 'line 1\r\nline 2\tend'],
    ['non-Latin scripts', 'रवि कुमार'],
    ['a surrogate pair (emoji)', 'ok 😀'],
  ])('accepts %s', (_label, text) => expect(hasUnsafeText(text)).toBe(false));
});

describe('walkJson', () => {
  it('visits every value with the path both faces name fields by', () => {
    const paths = [...walkJson({ users: [{ name: 'a', roles: [{ code: 'X' }] }], tenantId: 'pb' })].map(
      (visit) => visit.path,
    );
    expect(paths).toEqual([
      '',
      'users',
      'users[0]',
      'users[0].name',
      'users[0].roles',
      'users[0].roles[0]',
      'users[0].roles[0].code',
      'tenantId',
    ]);
  });
});

describe('hostileInputIn', () => {
  it('names a __proto__ key wherever it is', () => {
    expect(hostileInputIn(parseJsonBody('{"user":{"__proto__":{}}}'))).toMatchObject({
      code: 'forbidden_field',
      field: 'user.__proto__',
    });
  });

  it('names the field holding a control character or a lone surrogate, never the text', () => {
    const found = hostileInputIn({ users: [{ name: 'ok' }, { name: 'bad\uD800' }] });
    expect(found).toMatchObject({ kind: 'invalid', code: 'invalid_characters', field: 'users[1].name' });
    expect(found?.message).not.toContain('bad');
    expect(hostileInputIn({ roleCodes: ['A', 'B\u0000'] }, '')).toMatchObject({ field: 'roleCodes[1]' });
    expect(hostileInputIn('\u0000')).toMatchObject({ field: 'body' });
  });

  it('names the object whose field name is unsafe', () => {
    expect(hostileInputIn({ address: { ['line\u0000']: 'x' } })).toMatchObject({
      code: 'invalid_characters',
      field: 'address',
    });
    expect(hostileInputIn({ ['\uDC00']: 1 })).toMatchObject({ field: 'body' });
  });

  it('finds nothing in ordinary input, constructor and prototype keys included (each face judges those)', () => {
    expect(hostileInputIn({ name: 'Asha', address: { line1: 'a\nb' }, constructor: 1, prototype: 2 })).toBeNull();
    expect(hostileInputIn(undefined)).toBeNull();
  });
});
