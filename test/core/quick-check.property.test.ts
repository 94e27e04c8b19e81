/**
 * The quick check (src/core/quick-check.ts) against zod itself, on every generated schema: whenever it says "valid",
 * zod must accept the value and answer with an equal copy of it. Values: every example in the specs and every body
 * of the fidelity corpus (real requests, answers and webhooks), each tried against every schema; then thousands of
 * variants of them (a field removed, retyped, nulled, an unknown key added, a string emptied or lengthened, an
 * array grown). A second group proves the quick path is taken where the clients rely on it (batch answers,
 * recipients), so a change that quietly sends everything back to zod fails here too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import * as cm from '../../generated/cm/zod/zod.gen.ts';
import * as comapi from '../../generated/comapi/zod/zod.gen.ts';
import * as webex from '../../generated/webex/zod/zod.gen.ts';
import { quickCheck } from '../../src/core/quick-check.ts';
import * as z from 'zod/mini';

const specsDir = path.resolve(import.meta.dirname, '..', '..', 'specs');

type Schema = z.ZodMiniType;
const schemas: Array<[string, Schema]> = Object.entries({ cm, comapi, webex }).flatMap(([provider, module]) =>
  Object.entries(module)
    .filter(([name, value]) => name.startsWith('z') && typeof (value as Schema)?.safeParse === 'function')
    .map(([name, value]) => [`${provider}.${name}`, value as Schema] as [string, Schema]),
);

/** Every `example`, `examples` item and named example's `value` in the spec files. */
function specExamples(): unknown[] {
  const found: unknown[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'example') found.push(value);
      else if (key === 'examples' && Array.isArray(value)) found.push(...value);
      else if (key === 'examples' && value && typeof value === 'object')
        for (const named of Object.values(value))
          if (named && typeof named === 'object' && 'value' in named) found.push(named.value);
      walk(value);
    }
  };
  const files = readdirSync(specsDir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.yaml'));
  for (const file of files) walk(parse(readFileSync(path.join(specsDir, file), 'utf8')));
  return found;
}

/** `quickCheck(schema)(value)` may say true only when zod accepts `value` and gives back an equal value. */
function agrees(schema: Schema, value: unknown): boolean {
  if (!quickCheck(schema)(value)) return true;
  const parsed = schema.safeParse(value);
  return parsed.success && isDeepStrictEqual(parsed.data, value);
}

/** Own enumerable keys and values alike, arrays and plain objects; `undefined`-valued keys count. */
function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => Object.hasOwn(b, key) && isDeepStrictEqual((a as never)[key], (b as never)[key]));
}

/** Every body in the fidelity corpus (test/fidelity/): real requests, answers and webhooks from public sources. */
function corpusBodies(): unknown[] {
  const corpus = path.resolve(import.meta.dirname, '..', 'fidelity');
  return readdirSync(corpus, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.json'))
    .flatMap((file) => JSON.parse(readFileSync(path.join(corpus, file), 'utf8')).cases as Array<{ body?: unknown }>)
    .map((c) => c.body)
    .filter((body) => body !== undefined && typeof body !== 'string');
}

const examples = [...specExamples(), ...corpusBodies()];

/** A copy of `value` with one change at a random place. */
const variant = (value: unknown) =>
  fc
    .tuple(fc.nat(), fc.nat(), fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined)), fc.string())
    .map(([where, how, replacement, key]) => {
      const copy = structuredClone(value);
      const places: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> = [];
      const collect = (node: unknown) => {
        if (Array.isArray(node)) {
          for (let index = 0; index < node.length; index += 1) {
            places.push({ parent: node, key: index });
            collect(node[index]);
          }
        } else if (node && typeof node === 'object') {
          for (const [k, v] of Object.entries(node)) {
            places.push({ parent: node as Record<string, unknown>, key: k });
            collect(v);
          }
        }
      };
      collect(copy);
      if (places.length === 0) return replacement;
      const place = places[where % places.length]!;
      const target = place.parent as Record<string | number, unknown>;
      const current = target[place.key];
      switch (how % 7) {
        case 0:
          if (Array.isArray(target)) target.splice(place.key as number, 1);
          else delete target[place.key];
          break;
        case 1:
          target[place.key] = replacement;
          break;
        case 2:
          target[place.key] = null;
          break;
        case 3:
          if (!Array.isArray(target)) target[key] = replacement;
          else target.push(structuredClone(target[0]));
          break;
        case 4:
          target[place.key] = typeof current === 'string' ? '' : String(current);
          break;
        case 5:
          target[place.key] =
            typeof current === 'string'
              ? current.repeat(300)
              : typeof current === 'number'
                ? -current - 0.5
                : [current];
          break;
        default:
          target[place.key] = typeof current === 'number' ? Number.NaN : { ...(current as object) };
      }
      return copy;
    });

describe('quickCheck agrees with zod', () => {
  it(`on every spec example and corpus body (${examples.length}) against every generated schema (${schemas.length})`, () => {
    const disagreements: string[] = [];
    for (const [name, schema] of schemas)
      for (const value of examples) if (!agrees(schema, value)) disagreements.push(`${name} ${JSON.stringify(value)}`);
    expect(disagreements).toEqual([]);
  });

  it('on variants of the examples, against the schemas that accept the originals', () => {
    const pairs = schemas.flatMap(([name, schema]) =>
      examples.filter((value) => schema.safeParse(value).success).map((value) => ({ name, schema, value })),
    );
    expect(pairs.length).toBeGreaterThan(100);
    fc.assert(
      fc.property(
        fc.constantFrom(...pairs).chain((pair) => variant(pair.value).map((value) => ({ ...pair, value }))),
        ({ schema, value }) => agrees(schema, value),
      ),
      { numRuns: 3000 },
    );
  });

  it('on arbitrary values, including prototypes, __proto__ keys, NaN and holes', () => {
    const odd = fc.oneof(
      fc.anything({ withNullPrototype: true, withSparseArray: true, withBoxedValues: true }),
      fc.constant(JSON.parse('{"__proto__": {"x": 1}, "details": "d", "messages": []}')),
      fc.constant(Object.assign(Object.create({ inherited: 1 }), { details: 'd', messages: [] })),
    );
    fc.assert(
      fc.property(fc.constantFrom(...schemas), odd, ([, schema], value) => agrees(schema, value)),
      { numRuns: 3000 },
    );
  });
});

describe('quickCheck on each kind of schema the generator emits', () => {
  const cases: Array<[string, Schema, unknown[], unknown[]]> = [
    // name, schema, values zod accepts (the quick check must too), values zod refuses
    ['number', z.number(), [0, -1.5, 1e300], [Number.NaN, Number.POSITIVE_INFINITY, '1', null]],
    ['int with gte', z.int().check(z.gte(0)), [0, 7], [-1, 1.5, 2 ** 60, Number.NaN]],
    [
      'string with length and regex',
      z.string().check(z.minLength(1), z.maxLength(3), z.regex(/^a/)),
      ['a', 'abc'],
      ['', 'abcd', 'b', 1],
    ],
    ['uuid', z.uuid(), ['53364198-3f3f-4723-ab8f-70680c1113b1'], ['53364198', '']],
    ['enum', z.enum(['a', 'b']), ['a'], ['c', undefined]],
    ['literal', z.literal('x'), ['x'], ['y']],
    ['boolean', z.boolean(), [false], [0, 'true']],
    ['nullish string', z.nullish(z.string()), [null, undefined, 's'], [1]],
    ['union of primitives', z.union([z.string(), z.int()]), ['s', 3], [1.5, null, {}]],
    [
      'array with bounds',
      z.array(z.string()).check(z.minLength(1), z.maxLength(2)),
      [['a'], ['a', 'b']],
      [[], ['a', 'b', 'c'], [1]],
    ],
    [
      'looseObject',
      z.looseObject({ a: z.string(), b: z.optional(z.int()) }),
      [{ a: 's' }, { a: 's', b: 1, extra: [1] }],
      [{}, { a: 1 }, { a: 's', b: 'x' }],
    ],
    ['looseObject with a required unknown', z.looseObject({ e: z.unknown() }), [{ e: undefined }, { e: 1 }], [{}]],
    ['strictObject', z.strictObject({ a: z.string() }), [{ a: 's' }], [{ a: 's', b: 1 }]],
    ['record', z.record(z.string(), z.int()), [{}, { k: 1 }], [{ k: 'x' }, []]],
  ];
  it.each(cases)('%s', (_name, schema, valid, invalid) => {
    for (const value of valid) {
      expect(schema.safeParse(value).success, JSON.stringify(value)).toBe(true);
      expect(quickCheck(schema)(value), JSON.stringify(value)).toBe(true);
    }
    for (const value of invalid) {
      expect(schema.safeParse(value).success, JSON.stringify(value)).toBe(false);
      expect(quickCheck(schema)(value), JSON.stringify(value)).toBe(false);
    }
  });

  it('leaves to zod what changes the output: unknown keys of a plain z.object, transforms, readonly objects', () => {
    expect(quickCheck(z.object({ a: z.string() }))({ a: 's' })).toBe(true);
    expect(quickCheck(z.object({ a: z.string() }))({ a: 's', dropped: 1 })).toBe(false);
    expect(quickCheck(z.string().check(z.trim()))(' s ')).toBe(false);
    expect(quickCheck(z.readonly(z.looseObject({})))({})).toBe(false);
    expect(quickCheck(z.union([z.looseObject({}), z.string()]))('s')).toBe(false);
  });
});

describe('quickCheck takes the quick path where the clients rely on it', () => {
  const messages = Array.from({ length: 3 }, (_, index) => ({
    to: `004479111234${index}`,
    status: 'Accepted',
    reference: null,
    parts: 1,
    messageDetails: null,
    messageErrorCode: 0,
  }));
  it.each([
    ['a CM answer', cm.zSendMessagesResponse, { details: 'Created 3 message(s)', errorCode: 0, messages }],
    ['a Comapi batch answer', comapi.zSendMessageBatchResponse, [{ index: 0, messageId: 'm-0' }]],
    ['a CM sender', cm.zMsg.shape.from, 'Acme'],
    ['a Webex number', webex.zE164Number, '+447911123456'],
  ])('%s', (_name, schema, value) => {
    expect(quickCheck(schema as Schema)(value)).toBe(true);
    expect(quickCheck(schema as Schema)({ unexpected: value })).toBe(false);
  });

  it('most of the example pairs zod accepts', () => {
    let accepted = 0;
    let quick = 0;
    for (const [, schema] of schemas)
      for (const value of examples)
        if (schema.safeParse(value).success) {
          accepted += 1;
          if (quickCheck(schema)(value)) quick += 1;
        }
    expect(quick / accepted).toBeGreaterThan(0.5);
  });
});

describe('quickCheck on hostile values', () => {
  const schema = z.looseObject({ a: z.string(), nested: z.optional(z.looseObject({ b: z.int() })) });
  it.each([
    [
      'a revoked Proxy',
      () => {
        const { proxy, revoke } = Proxy.revocable({ a: 's' }, {});
        revoke();
        return proxy;
      },
    ],
    [
      'a getter that throws',
      () => ({
        a: 's',
        get nested(): never {
          throw new Error('boom');
        },
      }),
    ],
  ])('%s: false (zod decides), not a throw', (_name, make) => {
    expect(quickCheck(schema)(make())).toBe(false);
  });

  it('a cycle under an unknown-typed key: no throw, and the same verdict as zod', () => {
    const value: Record<string, unknown> = { a: 's' };
    value.self = value;
    expect(quickCheck(schema)(value)).toBe(schema.safeParse(value).success);
  });
});
