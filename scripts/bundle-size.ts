/**
 * The size of a client entry as a browser app ships it: bundled by esbuild with everything it imports, minified,
 * gzipped. Used by the size budget test (test/repo/size.test.ts) and the benchmarks (bench/sizes.ts).
 */
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');

export interface BundleSize {
  minified: number;
  gzipped: number;
  /** Bytes of the minified bundle, by the input file they come from. */
  inputs: Record<string, number>;
}

/** `entry` is a folder of dist/src (`cm`, `comapi`, `webex`), built by `npm run build`. */
export async function bundleSize(entry: string): Promise<BundleSize> {
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
  const output = Object.values(result.metafile.outputs)[0]!;
  const inputs = Object.fromEntries(Object.entries(output.inputs).map(([input, info]) => [input, info.bytesInOutput]));
  // Inputs esbuild could not bundle (a `node:` built-in) are in the metafile's inputs but not the output's.
  for (const input of Object.keys(result.metafile.inputs)) inputs[input] ??= 0;
  return { minified: code.length, gzipped: gzipSync(code).length, inputs };
}
