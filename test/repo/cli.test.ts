/** The `switchboard` command from dist/, as `npx switchboard` runs it (npm test builds dist/ first). */
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startFakeGateway } from '../cm/fake-gateway.ts';
import { TOKEN } from '../helpers.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(root, 'dist/src/cli/main.js');
const run = (args: string[]) =>
  promisify(execFile)(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH, CM_PRODUCT_TOKEN: TOKEN } }).then(
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

describe('switchboard send', () => {
  const scratch = path.join(root, '.readme-check-cli');

  it.each(['cm', 'comapi', 'webex'])('sends one message with %s through the embedded mock when no base URL is set', async (provider) => {
    const result = await promisify(execFile)(process.execPath, [cli, 'send', '--provider', provider, '--to', '+447911123456', '--body', 'Hello'], {
      env: { PATH: process.env.PATH },
    });
    const [line] = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(line).toMatchObject({ index: 0, ok: true, outcome: 'accepted', id: expect.any(String) });
    expect(result.stderr).toContain('embedded');
    expect(result.stderr).toContain('1/1');
  });

  it('sends a JSON Lines file: one result line per message, exit 3 when some are not accepted', async () => {
    const { mkdir, writeFile, rm } = await import('node:fs/promises');
    await mkdir(scratch, { recursive: true });
    const file = path.join(scratch, 'messages.jsonl');
    await writeFile(file, ['{"from":"Acme","to":"+447911123456","body":"a"}', '', '{"from":"Acme","to":"nope","body":"b"}', '{"from":"Acme","to":"0044 7911 123457","body":"c"}'].join('\n'));
    // The CM mock answers every request with one recipient; a loopback gateway answers per message, like CM.
    const gateway = await startFakeGateway();
    try {
      const result = await run(['send', '--provider', 'cm', '--file', file, '--base-url', gateway.url]);
      expect(result.code).toBe(3);
      const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.map((l) => [l.index, l.outcome])).toEqual([
        [0, 'accepted'],
        [1, 'rejected'],
        [2, 'accepted'],
      ]);
      expect(lines[1].error.name).toBe('ValidationError');
    } finally {
      await gateway.close();
      await rm(scratch, { recursive: true, force: true });
    }
  });

  it.each([
    [['send'], /--provider must be one of/],
    [['send', '--provider', 'cm'], /give --to and --body, or --file/],
    [['send', '--provider', 'cm', '--to', '1', '--body', 'x', '--file', 'f'], /not both/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const result = await run(args as string[]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
