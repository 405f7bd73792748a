import { decodeCursor } from '../cursor';
import {
  ancestorIdsPage,
  criteriaFilters,
  keysetFilter,
  mergeByKeyset,
  nameArmExclusion,
  prefixFilter,
} from './keyset-queries';
import type { UserViewDocument } from './user-view-document';

describe('keysetFilter', () => {
  const range = { from: 'ab', to: 'ac' };

  it('is the bare range on a first page', () => {
    expect(keysetFilter('emailLc', range, null)).toEqual({ emailLc: { $gte: 'ab', $lt: 'ac' } });
  });

  it('starts at the cursor key and takes rows after the cursor row', () => {
    expect(keysetFilter('emailLc', range, ['abx', 'id-5'])).toEqual({
      emailLc: { $gte: 'abx', $lt: 'ac' },
      $or: [{ emailLc: { $gt: 'abx' } }, { _id: { $gt: 'id-5' } }],
    });
  });

  it('never starts before the range when the cursor points before it', () => {
    expect(keysetFilter('path', range, ['', ''])).toMatchObject({ path: { $gte: 'ab', $lt: 'ac' } });
  });

  it('has no upper bound for an unbounded range', () => {
    expect(keysetFilter('updatedMs', { from: 100, to: null }, [250, 'id-1'])).toEqual({
      updatedMs: { $gte: 250 },
      $or: [{ updatedMs: { $gt: 250 } }, { _id: { $gt: 'id-1' } }],
    });
  });
});

describe('search filters', () => {
  it('match prefixes as anchored ranges, never regexes', () => {
    expect(prefixFilter('mobile', '+44')).toEqual({ mobile: { $gte: '+44', $lt: '+45' } });
    expect(prefixFilter('fullNameLc', '\u{10FFFF}')).toEqual({ fullNameLc: { $gte: '\u{10FFFF}' } });
  });

  it('filter by every criterion but the one driving the scan', () => {
    const criteria = { email: 'a', mobile: '+1', name: 'bo' };
    expect(criteriaFilters(criteria, 'email')).toEqual([
      { mobile: { $gte: '+1', $lt: '+2' } },
      { $or: [{ fullNameLc: { $gte: 'bo', $lt: 'bp' } }, { lastNameLc: { $gte: 'bo', $lt: 'bp' } }] },
    ]);
    expect(criteriaFilters({ name: 'bo' }, 'name')).toEqual([]);
  });

  it('leave a user matching both name keys to the arm of its smaller key', () => {
    expect(nameArmExclusion('fullNameLc', 'sa')).toEqual({
      $nor: [{ lastNameLc: { $gte: 'sa', $lt: 'sb' }, lastNameFirst: true }],
    });
    expect(nameArmExclusion('lastNameLc', 'sa')).toEqual({
      $nor: [{ fullNameLc: { $gte: 'sa', $lt: 'sb' }, lastNameFirst: false }],
    });
  });
});

describe('mergeByKeyset', () => {
  const row = (key: string, id: string) => ({ key, document: { _id: id } as UserViewDocument });

  it('merges ordered lists by key then id, in code-point order, and keeps the first rows', () => {
    const merged = mergeByKeyset(
      [
        [row('a', '2'), row('\u{1F600}', '1')],
        [row('a', '1'), row('\uFFFD', '3')],
      ],
      3,
    );
    expect(merged.map((r) => `${r.key}:${r.document._id}`)).toEqual(['a:1', 'a:2', '\uFFFD:3']);
  });
});

describe('ancestorIdsPage', () => {
  const user = { ancestors: ['r', 'a', 'b', 'c'], depth: 4 };

  it('pages the ancestors nearest first, the cursor being the depth last served', () => {
    const first = ancestorIdsPage(user, null, 3, 'ancestors');
    expect(first.items).toEqual(['c', 'b', 'a']);
    const [depth] = decodeCursor(first.after as string, 'ancestors', ['integer']);
    expect(ancestorIdsPage(user, depth, 3, 'ancestors')).toEqual({ items: ['r'], after: null });
  });

  it('clamps a forged depth to the list', () => {
    expect(ancestorIdsPage(user, 99, 10, 'ancestors').items).toEqual(['c', 'b', 'a', 'r']);
    expect(ancestorIdsPage(user, -5, 10, 'ancestors').items).toEqual([]);
  });
});
