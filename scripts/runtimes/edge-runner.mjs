// Runs under Node with the scratch project's edge-runtime package (Vercel's Edge Runtime in a Node VM).
//   node edge-runner.mjs smoke <bundle.js> <config JSON>  → the smoke answer (JSON lines) on stdout
//   node edge-runner.mjs import <cm-bundle.js>            → { coldImportMs }: evaluating switchboard/cm's bundle
//                                                            in a fresh EdgeRuntime context
import { readFileSync } from 'node:fs';
import { EdgeRuntime } from 'edge-runtime';

const [mode, bundlePath, config] = process.argv.slice(2);
const code = readFileSync(bundlePath, 'utf8');
if (mode === 'smoke') {
  const runtime = new EdgeRuntime({ initialCode: code });
  const response = await runtime.dispatchFetch('http://edge.local/', {
    method: 'POST',
    body: config,
    headers: { 'content-type': 'application/json' },
  });
  process.stdout.write(await response.text());
  await response.waitUntil();
} else if (mode === 'import') {
  const runtime = new EdgeRuntime();
  const started = performance.now();
  runtime.evaluate(code);
  console.log(JSON.stringify({ coldImportMs: performance.now() - started }));
} else {
  throw new Error(`unknown mode ${mode}`);
}
