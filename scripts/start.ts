/**
 * `npm start`: everything on embedded defaults, no credentials. Builds the docs site, starts a Prism mock per
 * spec and a static server for the docs, prints their URLs, sends a demo message through each client against
 * its mock, and serves until Ctrl-C.
 *
 * Then a Switchboard router sends one message over a CM mock in an outage and the Webex mock, to show the failover.
 *
 * Ports: the mocks listen on 4010 + the spec's position (cm 4010, comapi 4011, webex 4012), the docs on 8080; override with
 * SWITCHBOARD_<PROVIDER>_MOCK_PORT and SWITCHBOARD_DOCS_PORT (0 picks a free port). The outage mock takes a free port.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CmClient } from '../src/cm/index.ts';
import { ComapiClient } from '../src/comapi/index.ts';
import { WebexClient } from '../src/webex/index.ts';
import { Switchboard } from '../src/router/index.ts';
import { buildDocs, docsDir } from './docs.ts';
import { baseUrlEnvVar, DEMO_CREDENTIALS, startMockServer, type MockServer } from '../src/testing/index.ts';
import { listProviders } from './specs.ts';

const HOST = '127.0.0.1';
/** The environment variable that moves each port, so a busy port's message can name it. */
const mockPortVar = (provider: string) => `SWITCHBOARD_${provider.toUpperCase()}_MOCK_PORT`;
const DOCS_PORT_VAR = 'SWITCHBOARD_DOCS_PORT';

/** A port that is taken, named with the variable that moves it. */
class PortInUse extends Error {}

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number, got ${raw}`);
  return port;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
};

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
    const cm = new CmClient({ ...DEMO_CREDENTIALS.cm, baseUrl });
    const result = await cm.messages.send({
      from: 'Switchboard',
      to: '+447911123456',
      body: 'Hello from Switchboard',
      reference: 'demo_1',
    });
    const [first] = result.recipients;
    return `CmClient.messages.send -> ${first?.status} for ${first?.to} (${first?.parts} part)`;
  },
  async comapi(baseUrl) {
    const comapi = new ComapiClient({ ...DEMO_CREDENTIALS.comapi, baseUrl });
    const message = await comapi.messages.send({
      to: { phoneNumber: '+447123123123' },
      body: 'Hello from Switchboard',
      rules: ['sms'],
    });
    return `ComapiClient.messages.send -> ${message.status}, messageId ${message.messageId}`;
  },
  async webex(baseUrl) {
    const webex = new WebexClient({ ...DEMO_CREDENTIALS.webex, baseUrl });
    const sent = await webex.sms.send({ from: 'Switchboard', to: '+447911123456', content: 'Hello from Switchboard' });
    return `WebexClient.sms.send -> accepted, messageId ${sent.messageId}`;
  },
};

/** A router over a CM in an outage and Webex: the message is not accepted by CM, surely, so it goes to Webex. */
async function failoverDemo(cmUrl: string, webexUrl: string): Promise<string> {
  const router = new Switchboard({
    providers: [
      new CmClient({ ...DEMO_CREDENTIALS.cm, baseUrl: cmUrl }),
      new WebexClient({ ...DEMO_CREDENTIALS.webex, baseUrl: webexUrl }),
    ],
  });
  const result = await router.send({ from: 'Switchboard', to: '+447911123456', text: 'Hello from Switchboard' });
  const [recipient] = result.recipients;
  const attempts = recipient?.attempts.map((a) => `${a.provider}: ${a.outcome}${a.error ? ` (${a.error.name})` : ''}`);
  return `Switchboard.send -> ${recipient?.outcome} by ${recipient?.provider}; attempts: ${attempts?.join(', ')}`;
}

async function main(): Promise<void> {
  const providers = await listProviders();

  process.stdout.write('Building the docs site… ');
  await buildDocs({ ifStale: true });
  console.log('done.');

  const mocks: MockServer[] = [];
  for (const [index, provider] of providers.entries()) {
    const port = portFromEnv(mockPortVar(provider), 4010 + index);
    mocks.push(
      await startMockServer(provider, { port, host: HOST }).catch((error: unknown) =>
        inUse(error, port, mockPortVar(provider)),
      ),
    );
  }
  const docsPort = portFromEnv(DOCS_PORT_VAR, 8080);
  const docs = await serveDocs(docsPort).catch((error: unknown) => inUse(error, docsPort, DOCS_PORT_VAR));
  const docsUrl = `http://${HOST}:${(docs.address() as AddressInfo).port}/`;

  console.log('\nMock servers (Prism, serving the specs; sends are answered for what was sent):');
  for (const mock of mocks) console.log(`  ${mock.provider.padEnd(8)} ${mock.url}`);
  console.log(`\nDocs site: ${docsUrl}`);

  // What a newcomer needs to point the clients, or `switchboard send`, at the mocks: the base URLs and credentials
  // of the right shape (the mocks check only the shape).
  console.log(
    '\nPoint the clients and `switchboard send` at the mocks (demo credentials, accepted by the mocks only):',
  );
  for (const mock of mocks) console.log(`  export ${baseUrlEnvVar(mock.provider)}=${mock.url}`);
  console.log(`  export CM_PRODUCT_TOKEN=${DEMO_CREDENTIALS.cm.productToken}`);
  console.log(`  export COMAPI_API_SPACE_ID=${DEMO_CREDENTIALS.comapi.apiSpaceId}`);
  console.log(`  export COMAPI_TOKEN=${DEMO_CREDENTIALS.comapi.token}`);
  console.log(`  export WEBEX_SERVICE_KEY=${DEMO_CREDENTIALS.webex.serviceKey}`);

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

  const webexMock = mocks.find((mock) => mock.provider === 'webex');
  if (webexMock) {
    const outage = await startMockServer('cm', { fail: 'unavailable', host: HOST });
    mocks.push(outage);
    console.log(`\nFailover (a CM mock in an outage at ${outage.url} answers 503 with Retry-After):`);
    try {
      console.log(`  ${await failoverDemo(outage.url, webexMock.url)}`);
    } catch (error) {
      console.log(`  failover demo failed: ${error instanceof Error ? error.message : String(error)}`);
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

function inUse(error: unknown, port: number, variable: string): never {
  const code = (error as { code?: unknown } | null)?.code;
  const text = error instanceof Error ? error.message : String(error);
  if (code === 'EADDRINUSE' || /EADDRINUSE|in use/i.test(text)) {
    throw new PortInUse(
      `Port ${port} on ${HOST} is already in use. Set ${variable} to a free port (0 picks one), e.g. ${variable}=0 npm start.`,
    );
  }
  throw error;
}

main().catch((error: unknown) => {
  console.error(error instanceof PortInUse ? `npm start: ${error.message}` : error);
  process.exit(1);
});
