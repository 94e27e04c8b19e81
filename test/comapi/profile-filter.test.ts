/**
 * The profile filter builder against the parser Comapi uses (mongo-querystring's rules, restated here from its
 * source): every operator, and values that contain operator, regex or URL characters.
 */
import { describe, expect, it } from 'vitest';
import { buildProfileFilter } from '../../src/comapi/profile-query.ts';
import { ValidationError } from '../../src/comapi/index.ts';

const query = (filter: Parameters<typeof buildProfileFilter>[0]) =>
  new URLSearchParams(buildProfileFilter(filter)).toString();
const pairs = buildProfileFilter;

describe('buildProfileFilter', () => {
  it.each([
    ['equals', { name: 'Jane' }, [['name', 'Jane']]],
    ['equals (explicit)', { name: { eq: 'Jane' } }, [['name', 'Jane']]],
    ['equals a number', { age: 30 }, [['age', '30']]],
    ['equals a boolean', { vip: true }, [['vip', 'true']]],
    ['not equals', { name: { ne: 'Jane' } }, [['name', '!Jane']]],
    ['greater than', { age: { gt: 17 } }, [['age', '>17']]],
    ['greater or equal', { age: { gte: 18 } }, [['age', '>=18']]],
    ['less than', { age: { lt: 65 } }, [['age', '<65']]],
    ['less or equal', { age: { lte: 64 } }, [['age', '<=64']]],
    ['starts with', { name: { startsWith: 'Ja' } }, [['name', '^Ja']]],
    ['ends with', { name: { endsWith: 'ne' } }, [['name', '$ne']]],
    ['contains', { name: { contains: 'an' } }, [['name', '~an']]],
    ['exists', { email: { exists: true } }, [['email', '']]],
    ['does not exist', { email: { exists: false } }, [['email', '!']]],
    [
      'in',
      { country: { in: ['GB', 'NL'] } },
      [
        ['country[]', 'GB'],
        ['country[]', 'NL'],
      ],
    ],
    [
      'not in',
      { country: { notIn: ['GB', 'NL'] } },
      [
        ['country[]', '!GB'],
        ['country[]', '!NL'],
      ],
    ],
    [
      'a range (two conditions, ANDed)',
      { age: { gte: 18, lt: 65 } },
      [
        ['age[]', '>=18'],
        ['age[]', '<65'],
      ],
    ],
    ['a nested field', { 'address.city': 'Leeds' }, [['address.city', 'Leeds']]],
  ])('%s', (_name, filter, expected) => {
    expect(pairs(filter as never)).toEqual(expected);
  });

  describe('values the parser would misread', () => {
    it('escapes regular-expression characters in startsWith, endsWith and contains', () => {
      expect(pairs({ email: { endsWith: '@example.com' } })).toEqual([['email', '$@example\\.com']]);
      expect(pairs({ code: { startsWith: 'a+b(c)' } })).toEqual([['code', '^a\\+b\\(c\\)']]);
      expect(pairs({ path: { contains: 'a\\b|[x]*?' } })).toEqual([['path', '~a\\\\b\\|\\[x\\]\\*\\?']]);
    });

    it('sends equality with a value starting with an operator character as an anchored match', () => {
      expect(pairs({ note: '!important' })).toEqual([['note', '^!important$']]);
      expect(pairs({ price: '$5.00' })).toEqual([['price', '^\\$5\\.00$']]);
      expect(pairs({ mood: '>_<' })).toEqual([['mood', '^>_<$']]);
    });

    it('escapes a "=" that the parser would swallow after the operator', () => {
      expect(pairs({ formula: { startsWith: '=SUM' } })).toEqual([['formula', '^\\=SUM']]);
      expect(pairs({ formula: '^=x' })).toEqual([['formula', '^\\^\\=x$']]);
      expect(pairs({ score: { gte: '=5' } })).toEqual([['score', '>==5']]);
    });

    it('keeps the text "undefined" out of reach of the parser\'s stripping typo', () => {
      expect(pairs({ note: { contains: 'undefined' } })).toEqual([['note', '~[u]ndefined']]);
    });

    it('keeps not-equals exact even when the value starts with "!"', () => {
      expect(pairs({ note: { ne: '!x' } })).toEqual([['note', '!!x']]);
      expect(pairs({ note: { notIn: ['!x'] } })).toEqual([['note[]', '!!x']]);
    });

    it('quotes strings that would otherwise be read as numbers or booleans', () => {
      expect(pairs({ zip: '01234' })).toEqual([['zip', "'01234'"]]);
      expect(pairs({ flag: 'true' })).toEqual([['flag', "'true'"]]);
      expect(pairs({ zip: { in: ['01234', 'AB1'] } })).toEqual([
        ['zip[]', "'01234'"],
        ['zip[]', 'AB1'],
      ]);
    });

    it('URL-encodes what would break the query string', () => {
      expect(query({ company: 'A&B=C #1' })).toBe('company=A%26B%3DC+%231');
      expect(query({ email: { endsWith: '+tag@example.com' } })).toBe('email=%24%5C%2Btag%40example%5C.com');
    });
  });

  describe('refusals, instead of a filter that silently means something else', () => {
    it.each([
      ['a field name the parser ignores', { 'first name': 'Jane' }, 'first name'],
      ['exists combined with another condition', { email: { exists: true, ne: 'x' } }, 'email.exists'],
      ['an "in" item starting with an operator character', { tag: { in: ['!x'] } }, 'tag.in'],
      ['an empty "in"', { tag: { in: [] } }, 'tag.in'],
      ['gt with a value starting with "="', { code: { gt: '=5' } }, 'code.gt'],
      ['ne with a value starting with "="', { code: { ne: '=5' } }, 'code.ne'],
      ['a "notIn" item starting with "="', { code: { notIn: ['=5'] } }, 'code.notIn'],
      ['an unknown operator', { age: { between: [1, 2] } }, 'age.between'],
      ['ne with an empty value (which would read as "does not exist")', { a: { ne: '' } }, 'a.ne'],
      ['an empty "in" item (which would read as "exists")', { a: { in: [''] } }, 'a.in'],
      ['gt with an empty value', { a: { gt: '' } }, 'a.gt'],
    ])('%s', (_name, filter, path) => {
      let error: unknown;
      try {
        buildProfileFilter(filter as never);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toContain(path);
    });
  });
});
