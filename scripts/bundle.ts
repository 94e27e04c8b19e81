/**
 * The package's public entries and the `switchboard` command as ESM bundles, after `tsc` has written dist/src
 * (whose .d.ts files the exports' `types` name). Why: Node loads an ES module graph file by file, and a client's
 * graph is about 100 files (zod alone is over 60), which made a cold `import('switchboard/cm')` cost 60–80 ms;
 * one bundle per entry loads in a fraction of that (BENCHMARKS.md, cold import), and `switchboard --version` takes
 * 0.10 s instead of 0.15–0.19 s.
 *
 * Two sets, as the `#platform` import resolves: dist/bundle/node (Node: the undici transport) and dist/bundle/web
 * (browsers, Deno, Bun, workers, edge runtimes: their own fetch). In each set the entries share chunks (esbuild's
 * splitting), so one error class is one class whichever entry it is imported from. zod and openapi-fetch are
 * bundled in (they are most of the files); undici, libphonenumber-js and Prism stay imports, each loaded only when
 * first needed (the first request on Node, the router's first send, a mock server).
 */
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');

/** Every public entry, by its output name; node and testing exist only in the Node set. */
// From tsc's output, not the TypeScript sources: `#platform` resolves (package.json `imports`) into dist/src, and
// the whole graph must come from one place, or a class would be bundled twice.
const ENTRIES: Record<string, string> = {
  index: 'dist/src/index.js',
  cm: 'dist/src/cm/index.js',
  comapi: 'dist/src/comapi/index.js',
  webex: 'dist/src/webex/index.js',
  router: 'dist/src/router/index.js',
  webhooks: 'dist/src/webhooks/index.js',
};
const NODE_ONLY: Record<string, string> = {
  node: 'dist/src/node/index.js',
  testing: 'dist/src/testing/index.js',
  // The `switchboard` command: bundled as the library is, so it starts in a fraction of the time.
  cli: 'dist/src/cli/main.js',
};

/** Imported at run time, not bundled: dependencies loaded lazily, and the optional Prism. */
const EXTERNAL = ['undici', 'libphonenumber-js', 'libphonenumber-js/*', '@stoplight/*'];

export async function bundle(): Promise<void> {
  const common = {
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    sourcemap: true,
    external: EXTERNAL,
    logLevel: 'warning',
    // A chunk's name says nothing useful; a hash keeps two builds' chunks apart in a CDN's cache.
    chunkNames: 'chunks/[name]-[hash]',
    absWorkingDir: root,
  } as const;
  const node = await build({
    ...common,
    metafile: true,
    entryPoints: { ...ENTRIES, ...NODE_ONLY },
    outdir: path.join(root, 'dist/bundle/node'),
    platform: 'node',
    conditions: ['node'],
  });
  const web = await build({
    ...common,
    metafile: true,
    entryPoints: ENTRIES,
    outdir: path.join(root, 'dist/bundle/web'),
    platform: 'neutral',
    // `#platform` resolves through package.json `imports`; without the `node` condition it is the web platform.
    conditions: ['browser'],
    mainFields: ['module', 'main'],
  });
  for (const [set, result] of [
    ['node', node],
    ['web', web],
  ] as const) {
    const inputs = Object.keys(result.metafile.inputs);
    // One module graph: nothing from src/ (TypeScript) beside dist/src, and the platform each set is for.
    const strays = inputs.filter((input) => input.startsWith('src/'));
    const platform = inputs.filter((input) => /dist\/src\/(node|core)\/platform\.js$/.test(input));
    const expected = set === 'node' ? 'dist/src/node/platform.js' : 'dist/src/core/platform.js';
    if (strays.length > 0 || platform.length !== 1 || platform[0] !== expected) {
      throw new Error(
        `dist/bundle/${set}: wrong module graph (sources: ${strays.join(', ')}; platform: ${platform.join(', ')})`,
      );
    }
  }
}

await bundle();
