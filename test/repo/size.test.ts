/**
 * Size budget per client entry: bundled for the browser by esbuild with everything it imports, minified, gzipped.
 * The numbers are in README.md ("Package size"); zod (its mini build) is about a third of each bundle.
 */
import { describe, expect, it } from 'vitest';
import { bundleSize } from '../../scripts/bundle-size.ts';

/**
 * Budgets in bytes, minified + gzipped: about 5 % over the sizes when they were set. 27 Nov 2026, with the schemas
 * generated for zod/mini and the quick checks (src/core/quick-check.ts, about 1 KB): 30.8, 33.8, 28.9 KB (46.9, 49.9,
 * 45.9 KB with classic zod).
 */
const BUDGETS: Record<string, number> = { cm: 32_300, comapi: 35_500, webex: 30_300 };

describe('bundle size per client entry', () => {
  it.each(Object.keys(BUDGETS))('switchboard/%s fits its budget, and pulls in no Node built-in', async (entry) => {
    const { minified, gzipped, inputs } = await bundleSize(entry);
    expect(Object.keys(inputs).filter((input) => input.startsWith('node:'))).toEqual([]);
    console.log(`switchboard/${entry}: ${minified} B minified, ${gzipped} B gzipped`);
    expect(gzipped).toBeLessThanOrEqual(BUDGETS[entry]!);
  });
});
