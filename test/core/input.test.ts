/** The JSON-data check every method runs on its input before zod or JSON.stringify see it. */
import { describe, expect, it } from 'vitest';
import { jsonDataIssues } from '../../src/core/input.ts';

describe('jsonDataIssues', () => {
  it('accepts JSON data, shared (non-cyclic) references included', () => {
    const shared = { a: 1 };
    expect(jsonDataIssues({ a: [1, 'x', true, null, { b: shared, c: shared }], d: undefined })).toEqual([]);
  });

  it('names the place of each problem, and only then builds its path', () => {
    const getter = { ok: 1 };
    Object.defineProperty(getter, 'bad', {
      enumerable: true,
      get: () => {
        throw new Error('no');
      },
    });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    // eslint-disable-next-line no-sparse-arrays
    const issues = jsonDataIssues(
      { list: [1, , 3], n: 10n, nested: { getter, after: Number.NaN }, cyclic, map: new Map() },
      'msg',
    );
    expect(issues.map((issue) => issue.path)).toEqual([
      'msg.list[1]',
      'msg.n',
      'msg.nested.getter.bad',
      'msg.nested.after',
      'msg.cyclic.self',
      'msg.map',
    ]);
  });

  it('stops at 64 levels without overflowing the stack, and never repeats a value in its messages', () => {
    let deep: unknown = 'secret-value';
    for (let i = 0; i < 50_000; i += 1) deep = [deep];
    const issues = jsonDataIssues({ deep });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/nested more than 64/);
    expect(JSON.stringify(jsonDataIssues({ n: 10n, s: Symbol('secret-value') }))).not.toContain('secret-value');
  });
});
