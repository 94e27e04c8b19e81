/** `npm start` as a new user runs it: mocks and docs come up, the demo send succeeds, Ctrl-C stops it cleanly. */
import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');

it('serves the mocks and the docs, sends the demo, and stops on SIGINT', async () => {
  const child = spawn(
    path.join(root, 'node_modules', '.bin', 'tsx'),
    ['--conditions=switchboard-source', 'scripts/start.ts'],
    {
      cwd: root,
      // Port 0 everywhere: a developer's own `npm start` may hold the default ports.
      env: {
        ...process.env,
        SWITCHBOARD_CM_MOCK_PORT: '0',
        SWITCHBOARD_COMAPI_MOCK_PORT: '0',
        SWITCHBOARD_WEBEX_MOCK_PORT: '0',
        SWITCHBOARD_DOCS_PORT: '0',
      },
    },
  );
  let output = '';
  child.stderr.on('data', (chunk) => (output += chunk));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Serving until Ctrl-C.')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`npm start exited early (${code}):\n${output}`)));
  });
  try {
    await ready;
    expect(output).toMatch(/CmClient\.messages\.send -> Accepted for 00447911123456/);
    expect(output).toMatch(/ComapiClient\.messages\.send -> processing, messageId \S+/);
    expect(output).toMatch(/WebexClient\.sms\.send -> accepted, messageId \S+/);
    expect(output).toContain(
      'Switchboard.send -> accepted by webex; attempts: cm: rejected (ServerError), webex: accepted',
    );
    // The lines a newcomer pastes to point the clients and the CLI at the mocks.
    expect(output).toMatch(/export SWITCHBOARD_CM_BASE_URL=http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toContain('export CM_PRODUCT_TOKEN=00000000-0000-0000-0000-000000000000');
    expect(output).toMatch(/export COMAPI_TOKEN=[\w-]+\.[\w-]+\.[\w-]+/);

    const docsUrl = output.match(/Docs site: (\S+)/)![1]!;
    const index = await fetch(docsUrl);
    const indexHtml = await index.text();
    for (const page of ['cm.html', 'comapi.html', 'webex.html']) {
      expect(indexHtml).toContain(`href="${page}"`);
      expect((await fetch(new URL(page, docsUrl))).status).toBe(200);
    }

    const mockUrl = output.match(/ {2}cm +(http\S+)/)![1]!;
    const mock = await fetch(`${mockUrl}/v1.0/message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(mock.status).toBe(400);
  } finally {
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }
});

it('names the port and the variable that moves it when a port is taken', async () => {
  const busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  const port = (busy.address() as AddressInfo).port;
  try {
    const result = await promisify(execFile)(
      path.join(root, 'node_modules', '.bin', 'tsx'),
      ['--conditions=switchboard-source', 'scripts/start.ts'],
      {
        cwd: root,
        env: {
          ...process.env,
          SWITCHBOARD_CM_MOCK_PORT: String(port),
          SWITCHBOARD_COMAPI_MOCK_PORT: '0',
          SWITCHBOARD_WEBEX_MOCK_PORT: '0',
          SWITCHBOARD_DOCS_PORT: '0',
        },
      },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error) => ({ code: error.code as number, stderr: String(error.stderr) }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `Port ${port} on 127.0.0.1 is already in use. Set SWITCHBOARD_CM_MOCK_PORT to a free port`,
    );
  } finally {
    busy.close();
  }
});
