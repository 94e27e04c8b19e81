/**
 * The repository's own guarantees, run as tests so `npm test` is the one command that checks everything:
 * every spec lints clean, generated/ matches specs/, and the whole tree type-checks.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { listProviders, specFile } from '../../scripts/specs.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

async function run(command: string, args: string[]): Promise<{ code: number; stdout: string; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, {
      cwd: root,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true', NO_COLOR: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, output: stdout + stderr };
  } catch (error: any) {
    const stdout = error.stdout ?? '';
    return { code: typeof error.code === 'number' ? error.code : 1, stdout, output: `${stdout}${error.stderr ?? error.message}` };
  }
}

const providers = await listProviders();

describe('repository checks', () => {
  it('redocly.yaml lists every spec, so `npm run lint` and the docs cover them all', async () => {
    const config = parse(await readFile(path.join(root, 'redocly.yaml'), 'utf8'));
    const roots = Object.values<{ root: string }>(config.apis).map((api) => path.resolve(root, api.root));
    expect(roots.sort()).toEqual(providers.map(specFile).sort());
  });

  it.each(providers)('specs/%s.yaml lints with no errors and no warnings (redocly, recommended-strict)', async (provider) => {
    const { code, stdout } = await run(bin('redocly'), ['lint', `${provider}@v1`, '--format=json']);
    const report = JSON.parse(stdout);
    expect(report.problems, JSON.stringify(report.problems, null, 2)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    expect(code).toBe(0);
  });

  it('generated/ is what `npm run generate` makes from specs/', async () => {
    const { code, output } = await run(bin('tsx'), ['scripts/generate.ts', '--check']);
    expect(code, output).toBe(0);
  });

  it('the whole tree type-checks (tsc --noEmit)', async () => {
    const { code, output } = await run(bin('tsc'), ['-p', '.']);
    expect(code, output).toBe(0);
  });
});
