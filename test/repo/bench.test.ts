/** The benchmark harness still runs (tiny counts, numbers not checked: speed is measured in bench/, never asserted). */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');

it('npm run bench -- --smoke completes', async () => {
  const { stdout } = await promisify(execFile)(path.join(root, 'node_modules/.bin/tsx'), ['bench/run.ts', '--smoke'], {
    cwd: root,
    maxBuffer: 8 * 1024 * 1024,
  });
  expect(stdout).toContain('bench smoke run: ok');
  expect(stdout).toMatch(/## 1\. Client CPU per CM send/);
});
