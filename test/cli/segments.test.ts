/** `switchboard segments`, run as a user runs it: the built command in a child process. */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers.ts';

function run(args: string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH ?? '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

describe('switchboard segments', () => {
  it('counts a text given as an argument', async () => {
    const { code, stdout } = await run(['segments', `${'a'.repeat(159)}€`]);
    expect(code).toBe(0);
    expect(stdout).toBe('GSM-7: 2 segments, 161 septets (153 per segment)\n');
    // README's example line.
    expect((await run(['segments', 'Your code is 4711 €'])).stdout).toBe(
      'GSM-7: 1 segment, 20 septets (160 per segment)\n',
    );
  });

  it('counts a text read from stdin, without its final line break, as JSON', async () => {
    const { code, stdout } = await run(['segments', '--json'], 'Hi 😀\n');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      encoding: 'UCS-2',
      segments: 1,
      characters: 5,
      perSegment: 70,
      nonGsmCharacters: ['😀'],
    });
  });

  it('names what forced UCS-2', async () => {
    const { stdout } = await run(['segments', 'Façade']);
    expect(stdout).toBe('UCS-2: 1 segment, 6 UTF-16 units (70 per segment); UCS-2 because of ç\n');
  });

  it('refuses two texts with exit 2 and the usage, and lists the command in the help', async () => {
    const refused = await run(['segments', 'a', 'b']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Usage: switchboard segments');
    const help = await run(['--help']);
    expect(help.stdout).toContain('segments <text>');
  });
});
