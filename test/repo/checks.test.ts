/**
 * The repository's own guarantees. The heavy ones (every spec lints clean, generated/ matches specs/, the whole
 * tree type-checks, the build, the docs site) run as parallel phases of `npm test` (scripts/test.ts), each counted
 * as a test; this file keeps the quick ones.
 */
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { listProviders, specFile } from '../../scripts/specs.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const providers = await listProviders();

describe('repository checks', () => {
  it('redocly.yaml lists every spec, so `npm run lint` and the docs cover them all', async () => {
    const config = parse(await readFile(path.join(root, 'redocly.yaml'), 'utf8'));
    const roots = Object.values<{ root: string }>(config.apis).map((api) => path.resolve(root, api.root));
    expect(roots.sort()).toEqual(providers.map(specFile).sort());
  });

  it('npm test runs the lints, the drift check and the type-check as phases', async () => {
    const runner = (await readFile(path.join(root, 'scripts', 'test.ts'), 'utf8')).replace(/\s+/g, ' ');
    for (const phase of [
      "bin('redocly'), ['lint']",
      "bin('biome'), ['check', '--error-on-warnings', '.']",
      "'scripts/generate.ts', '--check',",
      "bin('tsc'), ['-p', '.']",
    ]) {
      expect(runner).toContain(phase);
    }
  });
});
