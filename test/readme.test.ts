/**
 * Every ```ts block of README.md runs as a user would run it: written to a file inside the package (so
 * `switchboard/cm` resolves through package.json `exports`), type-checked with tsc, its types stripped by esbuild
 * (what tsx does on the fly; done once here, so each run is a plain `node` process without tsx's start-up), and
 * executed against the Prism mocks. A block that starts a server (the webhook receiver) is driven with real requests.
 */
import { execFile, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { transform } from 'esbuild';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FIRST_MESSAGE } from '../scripts/docs.ts';
import { API_SPACE, COMAPI_TOKEN, TOKEN } from './helpers.ts';

const root = path.resolve(import.meta.dirname, '..');
const scratch = path.join(root, '.readme-check');
const readme = await readFile(path.join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
const webhookSecret = 'f946b0e7-5fe9-4f57-9d8f-62b3ac0b4a13';

/** What each block must print, in README order: proof that it did the work, not only that it exited 0. */
const expectedOutput: Array<RegExp | 'receiver'> = [
  /^1 accepted$/m,
  /^0 1 accepted$\n^1 failed: Invalid CM message: to\[0\]/m,
  /^order_4711 2$\n^\+447911123456 STOP$/m,
  /^200 Created 1 message\(s\)$/m,
  /^[0-9a-f-]{36} processing$/m,
  /^0 [0-9a-f-]{36}$\n^1 [0-9a-f-]{36}$\n^2 failed: Invalid Comapi message: rules/m,
  /^\d+ profiles$\n^patched .+$/m,
  /^created \S+$/m,
  'receiver',
  /^\S+ order-4711-code$\n^(QUEUED|SENT|DELIVERED|FAILED)$/m,
  /^0 \S+$\n^1 \S+$\n^2 failed: Invalid Webex destination: msisdn\[0\]/m,
  /^messageEvent m1 DELIVERED order-4711$\n^200$/m,
  /^1 accepted$/m,
  /^true 1$/m,
  /^\+447911123456 via webex \S+$\n^cm:rejected webex:accepted$/m,
  /^cm 2 -> delivered order-4711$\n^200$\n^webex DELIVERED -> delivered order-4712$\n^200$\n^401$/m,
  /^GSM-7 2 179$\n^UCS-2 1 ç 📦$/m,
];

const env = () => ({
  ...process.env,
  CM_PRODUCT_TOKEN: TOKEN,
  SWITCHBOARD_CM_BASE_URL: inject('mockUrls').cm,
  COMAPI_API_SPACE_ID: API_SPACE,
  COMAPI_TOKEN,
  COMAPI_WEBHOOK_SECRET: webhookSecret,
  SWITCHBOARD_COMAPI_BASE_URL: inject('mockUrls').comapi,
  WEBEX_SERVICE_KEY: 'readme-service-key',
  SWITCHBOARD_WEBEX_BASE_URL: inject('mockUrls').webex,
});
const exampleFile = (index: number) => path.join(scratch, `example-${index}.ts`);
/** The example as Node runs it: the same code with its types stripped. */
const runnableFile = (index: number) => path.join(scratch, `example-${index}.mjs`);

beforeAll(async () => {
  await mkdir(scratch, { recursive: true });
  await Promise.all(
    blocks.map(async (code, i) => {
      await writeFile(exampleFile(i + 1), code);
      const { code: javascript } = await transform(code, { loader: 'ts', format: 'esm', target: 'node20' });
      await writeFile(runnableFile(i + 1), javascript);
    }),
  );
  // The docs index shows one more snippet per provider: compiled with the README's, never run (they need credentials).
  await Promise.all(
    Object.entries(FIRST_MESSAGE).map(([provider, code]) => writeFile(path.join(scratch, `docs-${provider}.ts`), code)),
  );
  await writeFile(
    path.join(scratch, 'tsconfig.json'),
    JSON.stringify({ extends: '../tsconfig.json', include: ['./*.ts'] }),
  );
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** Starts the receiver block on a free port and returns its URL, its output so far, and a stop function. */
async function startReceiver(file: string) {
  const child = spawn(process.execPath, [file], { cwd: root, env: { ...env(), PORT: '0' } });
  let output = '';
  child.stderr.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = output.match(/listening on (\S+)/);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`receiver exited (${code}):\n${output}`)));
  });
  return {
    url,
    output: () => output,
    stop: () => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill())),
  };
}

async function driveReceiver(file: string) {
  const events = parse(await readFile(path.join(root, 'specs/comapi/events.yaml'), 'utf8')).schemas;
  const sent = events.MessageSentEvent.examples[0];
  const update = events.ProfileUpdateEvent.examples[0];
  const future = { ...sent, eventId: '7d1f1d1e-0a3c-4e55-9d7e-1b9a5c0f2b11', name: 'message.teleported' };
  const batch = JSON.stringify([sent, update, sent, future]);
  const sign = (body: string) => createHmac('sha1', webhookSecret).update(body).digest('hex');
  const post = (url: string, body: string, signature?: string) =>
    fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...(signature ? { 'x-comapi-signature': signature } : {}) },
    });

  const receiver = await startReceiver(file);
  try {
    expect((await post(receiver.url, batch, sign(batch))).status).toBe(200);
    expect((await post(receiver.url, batch, sign(`${batch} `))).status).toBe(401);
    expect((await post(receiver.url, batch)).status).toBe(401);
    expect((await post(receiver.url, '{"not":"an event"}', sign('{"not":"an event"}'))).status).toBe(400);
    // The duplicate message.sent was dropped; the unknown event was reported, not fatal.
    expect(receiver.output()).toContain(
      `sent ${sent.payload.id}\nprofile updated ${update.payload.id}\nunknown event message.teleported\n`,
    );
  } finally {
    await receiver.stop();
  }
}

describe('README.md examples', () => {
  it('has the examples this test expects', () => {
    expect(blocks).toHaveLength(expectedOutput.length);
  });

  // Concurrent: each example is a Node process that mostly waits on the mocks.
  it.concurrent.each(blocks.map((_, index) => index + 1))('example %i runs against the mock', async (index) => {
    const expected = expectedOutput[index - 1]!;
    if (expected === 'receiver') {
      await driveReceiver(runnableFile(index));
      return;
    }
    const { stdout } = await promisify(execFile)(process.execPath, [runnableFile(index)], {
      cwd: root,
      env: env(),
    });
    expect(stdout).toMatch(expected);
  });

  it('type-checks, with the docs index snippets, as a TypeScript user would compile it', async () => {
    const tsc = promisify(execFile)(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', scratch], { cwd: root });
    await expect(tsc.catch((error) => Promise.reject(new Error(error.stdout)))).resolves.toBeDefined();
  });
});

describe('README.md layout', () => {
  const layout = /## Layout\n\n```\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const named = [...layout.matchAll(/^(\S+\/)/gm)].map((match) => match[1]!);

  it('names folders that exist', () => {
    expect(named.length).toBeGreaterThan(5);
    for (const folder of named) expect(existsSync(path.join(root, folder)), folder).toBe(true);
  });

  it('names every folder of src/', () => {
    const folders = readdirSync(path.join(root, 'src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `src/${entry.name}/`);
    expect(folders.filter((folder) => !named.includes(folder))).toEqual([]);
  });
});
