/**
 * Size budget per client entry: bundled for the browser by esbuild with everything it imports, minified, gzipped.
 * The numbers are in README.md ("Package size"); zod is most of each bundle (see the note there).
 */
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');

/**
 * Budgets in bytes, minified + gzipped: today's sizes plus about 5 % (27 Nov 2026: 44.7, 49.5, 45.0 KB, after the
 * input, option and answer checks of issue 12 added about 4 KB to each).
 */
const BUDGETS: Record<string, number> = { cm: 47_000, comapi: 52_000, webex: 47_500 };

describe('bundle size per client entry', () => {
  it.each(Object.keys(BUDGETS))('switchboard/%s fits its budget, and pulls in no Node built-in', async (entry) => {
    const result = await build({
      entryPoints: [path.join(root, 'dist/src', entry, 'index.js')],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.contents;
    const gzipped = gzipSync(code).length;
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((input) => input.startsWith('node:'))).toEqual([]);
    console.log(`switchboard/${entry}: ${code.length} B minified, ${gzipped} B gzipped`);
    expect(gzipped).toBeLessThanOrEqual(BUDGETS[entry]!);
  });
});
