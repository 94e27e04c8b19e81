/**
 * The CLI in an install without the optional Prism packages: dist/, specs/ and package.json copied to a temporary
 * folder whose node_modules holds only the package's dependencies (run `npm run -s build` first). Every command
 * but `mock` and `send --mock` works; those two say which packages to install, and exit 1.
 */
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CM_ENV, cmContents, cmLines, root, runToEnd, slowProvider } from './helpers.ts';

let install: string;
let cli: string;

beforeAll(async () => {
  install = await mkdtemp(path.join(os.tmpdir(), 'switchboard-no-prism-'));
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  await cp(path.join(root, 'dist'), path.join(install, 'dist'), { recursive: true });
  await cp(path.join(root, 'specs'), path.join(install, 'specs'), { recursive: true });
  await cp(path.join(root, 'package.json'), path.join(install, 'package.json'));
  await mkdir(path.join(install, 'node_modules'));
  for (const name of Object.keys(pkg.dependencies)) {
    await mkdir(path.dirname(path.join(install, 'node_modules', name)), { recursive: true });
    await symlink(path.join(root, 'node_modules', name), path.join(install, 'node_modules', name), 'dir');
  }
  cli = path.join(install, 'dist/bundle/node/cli.js');
});
afterAll(async () => {
  await rm(install, { recursive: true, force: true });
});

describe('switchboard without @stoplight/prism-*', () => {
  it('help, --version and send --help work', async () => {
    expect(await runToEnd(['help'], {}, cli)).toMatchObject({ code: 0 });
    const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
    const { execFileSync } = await import('node:child_process');
    expect(execFileSync(process.execPath, [cli, '--version'], { encoding: 'utf8' })).toBe(`${version}\n`);
    expect(execFileSync(process.execPath, [cli, 'send', '--help'], { encoding: 'utf8' })).toContain(
      'Usage: switchboard send',
    );
  });

  it('send to a base URL works', async () => {
    const provider = await slowProvider(0);
    try {
      const input = path.join(install, 'in.jsonl');
      await writeFile(input, cmLines(3));
      const result = await runToEnd(
        ['send', '--provider', 'cm', '--file', input, '--base-url', provider.url],
        CM_ENV,
        cli,
      );
      expect(result.code).toBe(0);
      expect(result.results).toHaveLength(3);
      expect(provider.requests.flatMap(cmContents)).toEqual(['m1', 'm2', 'm3']);
    } finally {
      await provider.close();
    }
  });

  it.each([
    [['mock', 'cm', '--port', '0']],
    [['send', '--provider', 'cm', '--to', '+447911123456', '--body', 'x', '--mock']],
  ])('%j names the packages to install and exits 1', async (args) => {
    const result = await runToEnd(args, {}, cli);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('npm install --save-dev @stoplight/prism-http@');
    expect(result.stderr).toContain('@stoplight/prism-http-server@');
    expect(result.stderr).toContain('@stoplight/prism-core@');
    expect(result.results).toEqual([]);
  });
});
