/** The closing line of `npm test` counts every kind of failure, not only failed tests. */
import { describe, expect, it } from 'vitest';
import { summarize, type JsonReport } from '../../scripts/test-summary.ts';

const report = (overrides: Partial<JsonReport>): JsonReport => ({
  numPassedTests: 10,
  numFailedTests: 0,
  numPendingTests: 0,
  numTodoTests: 0,
  success: true,
  testResults: [],
  ...overrides,
});
const ok = [{ ok: true }, { ok: true }];

describe('summarize', () => {
  it('counts passed tests and passed checks', () => {
    expect(summarize(report({}), ok, true)).toMatchObject({ passed: 12, failed: 0 });
  });

  it('counts a test file that failed to load, with no failed test in it', () => {
    const broken = report({
      success: false,
      testResults: [{ name: '/r/test/a.test.ts', status: 'failed', message: 'Failed to load', assertionResults: [] }],
    });
    expect(summarize(broken, ok, true)).toMatchObject({ failed: 1 });
  });

  it('counts an error outside any test (success false, nothing else failed)', () => {
    expect(summarize(report({ success: false }), ok, true)).toMatchObject({ failed: 1 });
  });

  it('counts failed tests once, not again as broken files', () => {
    const failing = report({
      success: false,
      numFailedTests: 2,
      testResults: [{ name: 'a', status: 'failed', assertionResults: [{ status: 'failed' }, { status: 'failed' }] }],
    });
    expect(summarize(failing, ok, true)).toMatchObject({ failed: 2 });
  });

  it('counts a failed check, and a missing report when vitest ran', () => {
    expect(summarize(report({}), [{ ok: false }, { ok: true }], true)).toMatchObject({ passed: 11, failed: 1 });
    expect(summarize(undefined, ok, true)).toMatchObject({ failed: 1 });
    expect(summarize(undefined, [{ ok: false }], false)).toMatchObject({ failed: 1 });
  });
});
