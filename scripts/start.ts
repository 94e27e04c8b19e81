/**
 * `npm start`: everything on embedded defaults, no credentials. Builds the docs site, starts a Prism mock per
 * spec and a static server for the docs, prints their URLs, sends a demo message through each client against
 * its mock, and serves until Ctrl-C.
 *
 * Ports: the mocks listen on 4010 + the spec's position (cm 4010, comapi 4011, webex 4012), the docs on 8080; override with
 * SWITCHBOARD_<PROVIDER>_MOCK_PORT and SWITCHBOARD_DOCS_PORT (0 picks a free port).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CmClient } from '../src/cm/index.ts';
import { ComapiClient } from '../src/comapi/index.ts';
import { WebexClient } from '../src/webex/index.ts';
import { buildDocs, docsDir } from './docs.ts';
import { startMockServer, type MockServer } from '../src/testing/index.ts';
import { listProviders } from './specs.ts';

const HOST = '127.0.0.1';
/** Well-formed credentials that mean nothing: the mocks check only that they are present. */
const DEMO_CM_TOKEN = '00000000-0000-0000-0000-000000000000';
const DEMO_COMAPI_TOKEN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzd2l0Y2hib2FyZC1kZW1vIn0.ZGVtbw';
const DEMO_API_SPACE = '53364198-3f3f-4723-ab8f-70680c1113b1';

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number, got ${raw}`);
  return port;
}

const CONTENT_TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript' };

/** Serves docs/ read-only; enough for a local docs site, no directory listing, no paths outside docs/. */
function serveDocs(port: number): Promise<Server> {
  const server = createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const file = path.join(docsDir, pathname === '/' ? 'index.html' : pathname);
    const info = file.startsWith(docsDir + path.sep) ? await stat(file).catch(() => undefined) : undefined;
    if (!info?.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    res.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => resolve(server));
  });
}

/** One demo send per provider that has a client; each returns a line to print. */
const DEMOS: Record<string, (baseUrl: string) => Promise<string>> = {
  async cm(baseUrl) {
    const cm = new CmClient({ productToken: DEMO_CM_TOKEN, baseUrl });
    const result = await cm.messages.send({ from: 'Switchboard', to: '+447911123456', body: 'Hello from Switchboard', reference: 'demo_1' });
    const [first] = result.recipients;
    return `CmClient.messages.send -> ${first?.status} for ${first?.to} (${first?.parts} part)`;
  },
  async comapi(baseUrl) {
    const comapi = new ComapiClient({ apiSpaceId: DEMO_API_SPACE, token: DEMO_COMAPI_TOKEN, baseUrl });
    const message = await comapi.messages.send({ to: { phoneNumber: '+447123123123' }, body: 'Hello from Switchboard', rules: ['sms'] });
    return `ComapiClient.messages.send -> ${message.status}, messageId ${message.messageId}`;
  },
  async webex(baseUrl) {
    const webex = new WebexClient({ baseUrl, serviceKey: 'demo-service-key' });
    const sent = await webex.sms.send({ from: 'Switchboard', to: '+447911123456', content: 'Hello from Switchboard' });
    return `WebexClient.sms.send -> accepted, messageId ${sent.messageId}`;
  },
};

async function main(): Promise<void> {
  const providers = await listProviders();

  process.stdout.write('Building the docs site… ');
  await buildDocs({ ifStale: true });
  console.log('done.');

  const mocks: MockServer[] = [];
  for (const [index, provider] of providers.entries()) {
    const port = portFromEnv(`SWITCHBOARD_${provider.toUpperCase()}_MOCK_PORT`, 4010 + index);
    mocks.push(await startMockServer(provider, { port, host: HOST }));
  }
  const docs = await serveDocs(portFromEnv('SWITCHBOARD_DOCS_PORT', 8080));
  const docsUrl = `http://${HOST}:${(docs.address() as AddressInfo).port}/`;

  console.log('\nMock servers (Prism, serving the specs\' examples):');
  for (const mock of mocks) console.log(`  ${mock.provider.padEnd(8)} ${mock.url}`);
  console.log(`\nDocs site: ${docsUrl}`);

  console.log('\nDemo sends:');
  for (const mock of mocks) {
    const demo = DEMOS[mock.provider];
    if (!demo) continue;
    try {
      console.log(`  ${await demo(mock.url)}`);
    } catch (error) {
      console.log(`  ${mock.provider}: demo failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    }
  }

  console.log('\nServing until Ctrl-C.');
  const stop = async () => {
    await Promise.all([...mocks.map((mock) => mock.close()), new Promise((resolve) => docs.close(resolve))]);
    process.exit(process.exitCode ?? 0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const code = (error as { code?: string }).code;
  console.error(code === 'EADDRINUSE' ? `A port is already in use: ${(error as Error).message}. Set the port env vars to free ones.` : error);
  process.exit(1);
});
