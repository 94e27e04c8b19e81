/** Each client entry bundled for the browser by esbuild with everything it imports, minified, gzipped (as test/repo/size.test.ts). */
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');

export async function bundleSizes(): Promise<
  Array<{ entry: string; minified: number; gzipped: number; zodShare: number }>
> {
  const sizes = [];
  for (const entry of ['cm', 'comapi', 'webex']) {
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
    let zod = 0;
    for (const [input, info] of Object.entries(output.inputs))
      if (input.includes('node_modules/zod/')) zod += info.bytesInOutput;
    sizes.push({
      entry: `switchboard/${entry}`,
      minified: code.length,
      gzipped: gzipSync(code).length,
      zodShare: zod / code.length,
    });
  }
  return sizes;
}
