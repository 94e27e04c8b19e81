/**
 * The repository's own guarantees, run as tests so `npm test` is the one command that checks everything:
 * every spec lints clean, generated/ matches specs/, and the whole tree type-checks.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

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

describe('repository checks', () => {
  it('every spec lints with no errors and no warnings (redocly, recommended-strict)', async () => {
    const { code, stdout } = await run(bin('redocly'), ['lint', '--format=json']);
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
