import { normalizeSearchCriteria, prefixRange, searchKeysOf } from './search-keys';

describe('search keys', () => {
  it('fold e-mail and names to lower case; the full name is "first last"', () => {
    expect(
      searchKeysOf({ firstName: 'Ada', lastName: 'Lovelace', email: 'Ada@Example.COM', mobile: '+44 70' }),
    ).toEqual({
      emailLc: 'ada@example.com',
      mobile: '+44 70',
      fullNameLc: 'ada lovelace',
      lastNameLc: 'lovelace',
    });
    expect(searchKeysOf({ firstName: 'A', lastName: 'B', email: null, mobile: null })).toMatchObject({
      emailLc: null,
      mobile: null,
    });
  });

  it('fold criteria the same way and drop empty ones', () => {
    expect(normalizeSearchCriteria({ name: 'ADA L', email: '', mobile: '+44' })).toEqual({
      name: 'ada l',
      mobile: '+44',
    });
    expect(normalizeSearchCriteria({ email: 'X@Y' })).toEqual({ email: 'x@y' });
  });

  describe('prefix range', () => {
    it('ends at the prefix with its last character bumped, so wildcard characters are plain characters', () => {
      expect(prefixRange('abc')).toEqual({ from: 'abc', to: 'abd' });
      expect(prefixRange('a%')).toEqual({ from: 'a%', to: 'a&' });
      expect(prefixRange('id/')).toEqual({ from: 'id/', to: 'id0' });
    });

    it('bumps by code point, stepping over surrogates', () => {
      expect(prefixRange('a\u{1F600}').to).toBe('a\u{1F601}');
      expect(prefixRange('a\uD7FF').to).toBe('a\uE000');
      expect(prefixRange('a\u{10FFFF}').to).toBe('b');
    });

    it('has no upper bound for a prefix made only of the last code point', () => {
      expect(prefixRange('\u{10FFFF}\u{10FFFF}').to).toBeNull();
    });
  });
});
