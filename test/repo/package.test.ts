/**
 * The npm package as consumers get it: publint and @arethetypeswrong/cli find no problems, every entry imports
 * from dist/ with its types, and no client entry pulls in a `node:` module (they must run in browsers and edge
 * runtimes). Needs dist/ (`npm test` builds it first).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const run = (command: string, args: string[]) =>
  promisify(execFile)(command, args, { cwd: root, maxBuffer: 16 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error) => ({
      code: typeof error.code === 'number' ? error.code : 1,
      output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
    }),
  );

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const clientEntries = ['.', './cm', './comapi', './webex', './webhooks'];

describe('the npm package', () => {
  it('has been built (npm test builds dist/ before the suite)', () => {
    for (const entry of clientEntries) expect(existsSync(path.join(root, pkg.exports[entry].default))).toBe(true);
  });

  it('passes publint --strict', async () => {
    const { code, output } = await run(bin('publint'), ['--strict']);
    expect(output).toContain('All good');
    expect(code).toBe(0);
  });

  it('passes @arethetypeswrong/cli for ESM consumers (node16 and bundler resolution)', async () => {
    // Packed without scripts: `prepack` rebuilds dist/ (rm -rf, then tsc), which other test files read meanwhile.
    const folder = mkdtempSync(path.join(tmpdir(), 'switchboard-pack-'));
    try {
      const packed = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', folder, '--silent']);
      expect(packed.code, packed.output).toBe(0);
      const tarball = path.join(folder, packed.output.trim().split('\n').at(-1)!);
      const { code, output } = await run(bin('attw'), [tarball, '--profile', 'esm-only']);
      expect(code, output).toBe(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('the testing entry loads from dist/ and finds the specs beside it', async () => {
    const testing = await import(path.join(root, pkg.exports['./testing'].default));
    const mock = await testing.startMockServer('webex');
    try {
      expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await mock.close();
    }
  });

  it.each(clientEntries)('entry %s loads from dist/ and imports no node: module', async (entry) => {
    const file = path.join(root, pkg.exports[entry].default);
    const seen = new Set<string>();
    const visit = (module: string) => {
      if (seen.has(module)) return;
      seen.add(module);
      const source = readFileSync(module, 'utf8');
      for (const [, specifier] of source.matchAll(/(?:from|import)\s*['"]([^'"]+)['"]/g)) {
        expect(specifier, `${path.relative(root, module)} imports ${specifier}`).not.toMatch(/^node:/);
        if (specifier!.startsWith('.')) visit(path.resolve(path.dirname(module), specifier!));
      }
    };
    visit(file);
    const loaded = await import(file);
    expect(Object.keys(loaded).length).toBeGreaterThan(0);
  });
});
