/** The `switchboard` command from dist/, as `npx switchboard` runs it (npm test builds dist/ first). */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGateway } from '../cm/fake-gateway.ts';
import { TOKEN } from '../helpers.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(root, 'dist/bundle/node/cli.js');
const run = (args: string[], env: Record<string, string> = { CM_PRODUCT_TOKEN: TOKEN }) =>
  promisify(execFile)(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH, ...env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error) => ({ code: error.code as number, stdout: error.stdout as string, stderr: error.stderr as string }),
  );

/** `switchboard mock` on free ports, once it serves; its output lists the base URLs. */
async function startMock(providers: string[]) {
  const child = spawn(process.execPath, [cli, 'mock', ...providers, '--port', '0']);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Serving until Ctrl-C.')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`exited early (${code}): ${output}`)));
  });
  return { child, output };
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'switchboard-cli-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

// Concurrent (at most five at a time, vitest's default): each test waits on its own child processes.
describe.concurrent('switchboard (CLI)', () => {
  it('mock serves the named specs on free ports, prints the env vars, and stops on SIGINT with 0', async () => {
    const { child, output } = await startMock(['cm', 'webex']);
    const cmUrl = output.match(/SWITCHBOARD_CM_BASE_URL=(\S+)/)![1]!;
    expect(output).toMatch(/SWITCHBOARD_WEBEX_BASE_URL=http:\/\/127\.0\.0\.1:\d+/);
    expect(output).not.toContain('SWITCHBOARD_COMAPI_BASE_URL');
    const response = await fetch(`${cmUrl}/v1.0/message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-CM-PRODUCTTOKEN': TOKEN },
      body: JSON.stringify({
        messages: { msg: [{ from: 'Acme', to: [{ number: '00447911123456' }], body: { content: 'x' } }] },
      }),
    });
    expect(response.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('mock names the port when it is taken (exit 1), whatever Prism rejects with', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const result = await run(['mock', 'cm', '--port', String(port)]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`port ${port}`);
      expect(result.stderr).toContain('already in use');
      expect(result.stderr).not.toContain('undefined');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it.each([
    [['help'], 0, /Usage: switchboard <command>[\s\S]*130/],
    [['--help'], 0, /Usage: switchboard <command>/],
    [['help', 'send'], 0, /Usage: switchboard send/],
    [['mock', '--help'], 0, /Usage: switchboard mock/],
    [['launch'], 2, /unknown command "launch"/],
    [['mock', 'twilio'], 2, /unknown provider "twilio"/],
    [['mock', '--port', 'ten'], 2, /--port must be a port number/],
    [['mock', '--verbose'], 2, /Unknown option/],
    [['mock', 'cm', '--fail', 'webex'], 2, /--fail webex: no webex mock is started/],
  ])('%j exits %i', async (args, code, message) => {
    const result = await run(args as string[]);
    expect(result.code).toBe(code);
    expect(result.stdout + result.stderr).toMatch(message);
  });

  it.each([['--version'], ['-v']])('%s prints the package version', async (flag) => {
    const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
    const result = await run([flag]);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('loads no Prism at startup: no static @stoplight import in the built CLI or switchboard/testing', async () => {
    for (const dir of ['dist/src/cli', 'dist/src/testing', 'dist/bundle/node', 'dist/bundle/node/chunks']) {
      for (const file of (await readdir(path.join(root, dir))).filter((name) => name.endsWith('.js'))) {
        const source = await readFile(path.join(root, dir, file), 'utf8');
        expect(source, `${dir}/${file}`).not.toMatch(/(from|import|require\()\s*['"]@stoplight/);
      }
    }
  });
});

describe.concurrent('switchboard send', () => {
  it.each(['cm', 'comapi', 'webex'])(
    '--mock sends one message with %s through the embedded mock, demo credentials',
    async (provider) => {
      const result = await run(
        ['send', '--provider', provider, '--to', '+447911123456', '--body', 'Hello', '--mock'],
        {},
      );
      expect(result.code).toBe(0);
      const [line] = result.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(line).toMatchObject({ index: 0, ok: true, outcome: 'accepted', ids: [expect.any(String)] });
      expect(result.stderr).toContain('embedded');
      expect(result.stderr).toContain('demo credentials');
      expect(result.stderr).not.toMatch(/\[#/); // no progress bar: stderr is not a terminal
    },
  );

  it.each([
    ['cm', {}, ['CM_PRODUCT_TOKEN']],
    ['comapi', { COMAPI_TOKEN: 'x' }, ['COMAPI_API_SPACE_ID']],
    ['webex', {}, ['WEBEX_SERVICE_KEY', 'WEBEX_JWT', 'WEBEX_SERVICE_ID', 'WEBEX_SERVICE_SECRET']],
    ['webex', { WEBEX_SERVICE_KEY: 'k' }, ['WEBEX_REGION', 'SWITCHBOARD_WEBEX_BASE_URL']],
    ['webex', { WEBEX_SERVICE_ID: 'id' }, ['WEBEX_SERVICE_SECRET']],
  ])('%s without a base URL or credentials (%j) sends nothing, names %j and exits 2', async (provider, env, names) => {
    const result = await run(
      ['send', '--provider', provider, '--to', '+447911123456', '--body', 'Hello'],
      env as Record<string, string>,
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    for (const name of names) expect(result.stderr).toContain(name);
    expect(result.stderr).not.toContain('sending');
  });

  it('an invalid WEBEX_REGION or credential is a usage error naming the variable, never its value', async () => {
    const webex = await run(['send', '--provider', 'webex', '--to', '1', '--body', 'x'], {
      WEBEX_SERVICE_KEY: 'k',
      WEBEX_REGION: 'mars',
    });
    expect(webex.code).toBe(2);
    expect(webex.stderr).toMatch(/WEBEX_REGION must be one of/);
    const cm = await run(['send', '--provider', 'cm', '--to', '1', '--body', 'x'], {
      CM_PRODUCT_TOKEN: 'sekrit-token-value',
    });
    expect(cm.code).toBe(2);
    expect(cm.stderr).toContain('CM_PRODUCT_TOKEN');
    expect(cm.stdout + cm.stderr).not.toContain('sekrit-token-value');
  });

  it('a 3-line CM and a 3-line Comapi batch sent to `switchboard mock` come back accepted line by line', async () => {
    const { child, output } = await startMock(['cm', 'comapi']);
    try {
      const files = {
        cm: [
          '{"from":"Acme","to":"+447911123456","body":"a","reference":"r1"}',
          '{"from":"Acme","to":["+447911123457","+447911123458"],"body":"b"}',
          '{"from":"Acme","to":"+447911123459","body":"c"}',
        ],
        comapi: [
          '{"to":{"phoneNumber":"447911123456"},"body":"a","rules":["sms"]}',
          '{"to":{"phoneNumber":"447911123457"},"body":"b","rules":["sms"]}',
          '{"to":{"phoneNumber":"447911123458"},"body":"c","rules":["sms"]}',
        ],
      };
      const env = {
        CM_PRODUCT_TOKEN: TOKEN,
        COMAPI_API_SPACE_ID: '53364198-3f3f-4723-ab8f-70680c1113b1',
        COMAPI_TOKEN: 'eyJhbGciOiJIUzI1NiJ9.e30.c2ln',
      };
      for (const [provider, lines] of Object.entries(files)) {
        const file = path.join(scratch, `${provider}-3.jsonl`);
        await writeFile(file, lines.join('\n'));
        const baseUrl = output.match(new RegExp(`SWITCHBOARD_${provider.toUpperCase()}_BASE_URL=(\\S+)`))![1]!;
        const result = await run(['send', '--provider', provider, '--file', file, '--base-url', baseUrl], env);
        const results = result.stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l))
          .sort((a, b) => a.line - b.line);
        expect(
          results.map((r) => [r.line, r.ok, r.outcome]),
          result.stderr,
        ).toEqual([
          [1, true, 'accepted'],
          [2, true, 'accepted'],
          [3, true, 'accepted'],
        ]);
        expect(result.code).toBe(0);
      }
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    }
  });

  it('sends a JSON Lines file: one result line per message, exit 3 when some are not accepted', async () => {
    const file = path.join(scratch, 'messages.jsonl');
    await writeFile(
      file,
      [
        '{"from":"Acme","to":"+447911123456","body":"a"}',
        '',
        '{"from":"Acme","to":"nope","body":"b"}',
        '{"from":"Acme","to":"0044 7911 123457","body":"c"}',
      ].join('\n'),
    );
    // The CM mock answers every request with one recipient; a loopback gateway answers per message, like CM.
    const gateway = await startFakeGateway();
    try {
      const result = await run(['send', '--provider', 'cm', '--file', file, '--base-url', gateway.url]);
      expect(result.code).toBe(3);
      const lines = result.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines.map((l) => [l.line, l.outcome])).toEqual([
        [1, 'accepted'],
        [3, 'rejected'],
        [4, 'accepted'],
      ]);
      expect(lines[1].error.name).toBe('ValidationError');
      expect(result.stderr).toMatch(/2 accepted, 1 rejected, 0 unknown of 3 lines/);
    } finally {
      await gateway.close();
    }
  });

  it.each([
    [['send'], /--provider is required/],
    [['send', '--provider', 'twilio', '--to', '1', '--body', 'x'], /unknown provider "twilio"/],
    [['send', '--provider', 'cm'], /give --to and --body, or --file/],
    [['send', '--provider', 'cm', '--to', '1', '--body', 'x', '--file', 'f'], /not both/],
    [
      ['send', '--provider', 'cm', '--to', '1', '--body', 'x', '--mock', '--base-url', 'http://127.0.0.1:1'],
      /--mock or --base-url, not both/,
    ],
    [['send', '--provider', 'cm', '--to', '1', '--body', 'x', '--resume', 'out.jsonl'], /--resume goes with --file/],
    [
      ['send', '--provider', 'cm', '--file', 'f', '--batch-size', '5000'],
      /--batch-size must be a whole number from 1 to 1000/,
    ],
    [['send', '--provider', 'cm', '--verbose'], /Unknown option '--verbose'/],
  ])("%j is a usage error (exit 2) with send's own usage", async (args, message) => {
    const result = await run(args as string[]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Usage: switchboard send');
    expect(result.stderr).not.toContain('Usage: switchboard <command>');
  });

  it('a missing file is a clear usage error, not a raw ENOENT', async () => {
    const missing = path.join(scratch, 'nope.jsonl');
    const result = await run(['send', '--provider', 'cm', '--file', missing]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cannot read ${missing}: no such file`);
    expect(result.stderr).not.toContain('ENOENT');
    const resume = await run([
      'send',
      '--provider',
      'cm',
      '--file',
      path.join(root, 'package.json'),
      '--resume',
      missing,
      '--base-url',
      'http://127.0.0.1:9',
    ]);
    expect(resume.code).toBe(2);
    expect(resume.stderr).toContain(`cannot read --resume file ${missing}: no such file`);
  });
});
