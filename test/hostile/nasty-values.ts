/**
 * Arbitrary values for hostile calls: fast-check's `anything()` plus the values that broke the clients before
 * (holes, cycles, BigInt, deep and huge values, control characters, `__proto__` keys, getters and Proxies that throw,
 * dot segments, wrong-typed options), and almost-valid inputs with one nasty field, so calls get past the first check.
 */
import fc from 'fast-check';

function deep(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i += 1) value = { next: [value] };
  return value;
}

function circular(): unknown {
  const value: Record<string, unknown> = { to: '+447911123456' };
  value.self = value;
  return value;
}

function throwingGetter(): unknown {
  const value = { from: 'Acme', to: '+447911123456', body: 'x' };
  Object.defineProperty(value, 'content', {
    enumerable: true,
    get: () => {
      throw new Error('getter');
    },
  });
  return value;
}

const hostileProxy = () =>
  new Proxy(
    {},
    {
      get: () => {
        throw new Error('proxy get');
      },
      ownKeys: () => {
        throw new Error('proxy keys');
      },
      getPrototypeOf: () => {
        throw new Error('proxy proto');
      },
      has: () => {
        throw new Error('proxy has');
      },
    },
  );

function revokedProxy(): unknown {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

// eslint-disable-next-line no-sparse-arrays
const holey = () => ['+447911123456', , '+447911123457'];

/** Fixed nasties, made fresh per use (some are mutable). */
export const NASTIES: Array<() => unknown> = [
  () => null,
  () => undefined,
  () => Number.NaN,
  () => Number.POSITIVE_INFINITY,
  () => -0,
  () => 2 ** 31,
  () => 10n,
  () => Symbol('s'),
  () => () => 'fn',
  () => '',
  () => '.',
  () => '..',
  () => '%2e%2e',
  () => 'a\r\nX-Injected: 1',
  () => '\u0000\u0007\u001b[31m',
  () => '\ud800',
  () => 'x'.repeat(100_000),
  () => 'hello',
  () => [],
  holey,
  () => [null],
  () => new Array(3),
  () => ({}),
  () => JSON.parse('{"__proto__":{"polluted":true},"to":"+447911123456"}'),
  circular,
  () => deep(20_000),
  throwingGetter,
  hostileProxy,
  revokedProxy,
  () => new Map([['a', 1]]),
  () => new Date(Number.NaN),
  () => new Uint8Array([1, 2, 3]),
  () => ({ signal: 'nope' }),
  () => ({ timeoutMs: 2 ** 31 }),
  () => ({ maxRetries: -1 }),
  () => ({ concurrency: 0 }),
  () => AbortSignal.abort(),
  () => Object.create(null),
  () => ({
    toJSON: () => {
      throw new Error('toJSON');
    },
  }),
];

/**
 * What fast-check generates is a recipe, not the value: fast-check itself inspects its values (it looks for a
 * clone method), which a hostile Proxy would break. `materialize` makes the value inside the property.
 */
export type Recipe =
  | { kind: 'anything'; value: unknown }
  | { kind: 'nasty'; index: number }
  | { kind: 'sample'; index: number }
  | { kind: 'almost'; sample: number; key: string; nasty: number };

/** Valid samples of the kinds of argument the public methods take, so some calls reach the server. */
export const VALID_SAMPLES: unknown[] = [
  { from: 'Acme', to: '+447911123456', body: 'Hello' },
  { from: 'Acme', to: '+447911123456', content: 'Hello' },
  { to: { phoneNumber: '447911123456' }, body: 'Hello', rules: ['sms'] },
  { id: 'p1', name: 'Ann' },
  { email: { endsWith: '@example.com' } },
  { name: 'hook', url: 'https://example.com/hook' },
  ['+447911123456'],
  ['sms'],
  'p1',
  'm-1',
  {},
  { timeoutMs: 1000 },
];
const OBJECT_SAMPLES = VALID_SAMPLES.flatMap((sample, index) =>
  sample !== null && typeof sample === 'object' && !Array.isArray(sample) ? [index] : [],
);

const nastyIndex = fc.integer({ min: 0, max: NASTIES.length - 1 });

const recipe: fc.Arbitrary<Recipe> = fc.oneof(
  {
    arbitrary: fc
      .anything({
        maxDepth: 3,
        withBigInt: true,
        withNullPrototype: true,
        withSparseArray: true,
        withTypedArray: true,
        withDate: true,
        withMap: true,
        withSet: true,
      })
      .map((value) => ({ kind: 'anything' as const, value })),
    weight: 3,
  },
  { arbitrary: nastyIndex.map((index) => ({ kind: 'nasty' as const, index })), weight: 4 },
  {
    arbitrary: fc
      .integer({ min: 0, max: VALID_SAMPLES.length - 1 })
      .map((index) => ({ kind: 'sample' as const, index })),
    weight: 2,
  },
  {
    arbitrary: fc.constantFrom(...OBJECT_SAMPLES).chain((sample) =>
      fc.record({
        kind: fc.constant('almost' as const),
        sample: fc.constant(sample),
        key: fc.constantFrom(...Object.keys(VALID_SAMPLES[sample] as object), 'extra', 'metadata', 'richContent'),
        nasty: nastyIndex,
      }),
    ),
    weight: 3,
  },
);

export function materialize(made: Recipe): unknown {
  switch (made.kind) {
    case 'anything':
      return made.value;
    case 'nasty':
      return NASTIES[made.index]!();
    case 'sample':
      return structuredClone(VALID_SAMPLES[made.index]);
    case 'almost':
      return { ...(VALID_SAMPLES[made.sample] as object), [made.key]: NASTIES[made.nasty]!() };
  }
}

/** Zero to four arguments, as recipes. */
export const hostileArguments = fc.array(recipe, { minLength: 0, maxLength: 4 });
