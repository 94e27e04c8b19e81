/** nestsDeeperThan: the depth of JSON text, strings skipped, without parsing it. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from '../../src/core/http/error-body.ts';

/** The depth of a parsed JSON value, the slow and obvious way. */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

describe('nestsDeeperThan', () => {
  it.each([
    ['[[[]]]', 2, true],
    ['[[[]]]', 3, false],
    ['{"a":"[[[[[[","b":1}', 1, false],
    ['{"a":"\\"[[[[","b":[[1]]}', 2, true],
    ['{"a":"\\\\","b":[[1]]}', 2, true],
    ['{"a":"\\\\\\"[[[","b":[1]}', 2, false],
    ['"unterminated [[[[', 0, false],
  ])('%s deeper than %i: %s', (text, max, expected) => {
    expect(nestsDeeperThan(text, max)).toBe(expected);
  });

  it('agrees with the depth of the parsed value, for any JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 9 }), (value, max) => {
        expect(nestsDeeperThan(JSON.stringify(value), max)).toBe(depthOf(value) > max);
      }),
      { numRuns: 300 },
    );
  });
});
