/** The `switchboard` command from dist/, as `npx switchboard` runs it (npm test builds dist/ first). */
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { TOKEN } from '../helpers.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(root, 'dist/src/cli/main.js');
const run = (args: string[]) =>
  promisify(execFile)(process.execPath, [cli, ...args]).then(
    ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
    (error) => ({ code: error.code as number, stdout: error.stdout as string, stderr: error.stderr as string }),
  );

describe('switchboard (CLI)', () => {
  it('mock serves the named specs on free ports, prints the env vars, and stops on SIGINT with 0', async () => {
    const child = spawn(process.execPath, [cli, 'mock', 'cm', 'webex', '--port', '0']);
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        output += chunk;
        if (output.includes('Serving until Ctrl-C.')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited early (${code}): ${output}`)));
    });
    const cmUrl = output.match(/SWITCHBOARD_CM_BASE_URL=(\S+)/)![1]!;
    expect(output).toMatch(/SWITCHBOARD_WEBEX_BASE_URL=http:\/\/127\.0\.0\.1:\d+/);
    expect(output).not.toContain('SWITCHBOARD_COMAPI_BASE_URL');
    const response = await fetch(`${cmUrl}/v1.0/message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-CM-PRODUCTTOKEN': TOKEN },
      body: JSON.stringify({ messages: { msg: [{ from: 'Acme', to: [{ number: '00447911123456' }], body: { content: 'x' } }] } }),
    });
    expect(response.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it.each([
    [['help'], 0, /Usage: switchboard <command>/],
    [['mock', '--help'], 0, /Usage: switchboard mock/],
    [['launch'], 2, /unknown command launch/],
    [['mock', 'twilio'], 2, /unknown provider twilio/],
    [['mock', '--port', 'ten'], 2, /--port must be a port number/],
    [['mock', '--verbose'], 2, /Unknown option/],
  ])('%j exits %i', async (args, code, message) => {
    const result = await run(args as string[]);
    expect(result.code).toBe(code);
    expect(result.stdout + result.stderr).toMatch(message);
  });
});
