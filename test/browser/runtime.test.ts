/**
 * "Runs in the browser", measured: one send through each client, bundled for the browser by esbuild from dist/,
 * runs in headless Chromium against the Prism mocks (cross-origin, so CORS and preflights are exercised). The
 * webhook handler runs there too, on the web platform's own Request, Response and WebCrypto, as in a worker.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, serveFolder } from './chromium.ts';

const root = path.resolve(import.meta.dirname, '..', '..');

/** The page's script: one send per client, results on window. */
const ENTRY = `
import { CmClient } from '${root}/dist/src/cm/index.js';
import { ComapiClient } from '${root}/dist/src/comapi/index.js';
import { WebexClient } from '${root}/dist/src/webex/index.js';
import { createWebhookHandler } from '${root}/dist/src/webhooks/index.js';

async function attempt(run) {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error: String(error) };
  }
}

window.runSends = async (urls) => ({
  cm: await attempt(async () => {
    const cm = new CmClient({ productToken: '00000000-0000-0000-0000-000000000000', baseUrl: urls.cm });
    return (await cm.messages.send({ from: 'Acme', to: '+447911123456', body: 'Hello from a browser' })).recipients[0].status;
  }),
  comapi: await attempt(async () => {
    const comapi = new ComapiClient({ apiSpaceId: '53364198-3f3f-4723-ab8f-70680c1113b1', token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJicm93c2VyIn0.c2ln', baseUrl: urls.comapi });
    return (await comapi.messages.send({ to: { phoneNumber: '+447123123123' }, body: 'Hello', rules: ['sms'] })).status;
  }),
  webex: await attempt(async () => {
    const webex = new WebexClient({ serviceId: 'svc-1', serviceSecret: 'c2VjcmV0IG9mIHRoZSBzZXJ2aWNl', baseUrl: urls.webex });
    const sent = await webex.sms.send({ from: 'Acme', to: '+447911123456', content: 'Hello' });
    return typeof sent.messageId === 'string' && /^[0-9a-f-]{36}$/.test(sent.idempotencyKey) ? 'accepted' : 'odd';
  }),
});

// A Comapi event signed in the page with WebCrypto, posted to the handler as a worker would receive it.
window.runWebhook = async () => {
  const statuses = [];
  const handler = createWebhookHandler({ comapi: { secret: 'browser-secret' }, onEvent: (event) => { statuses.push(event.status); } });
  const body = JSON.stringify({ eventId: '0dceaf0d-93ea-4314-a6f8-b0cffe69799a', accountId: 1234, apiSpaceId: 'c924cf6e-4352-4b26-a71a-c2032bea7a01', name: 'message.delivered', payload: { id: 'm-1' }, revision: 3, timestamp: '2026-11-27T10:31:02.604Z' });
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode('browser-secret'), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body)));
  const signature = Array.from(mac, (byte) => byte.toString(16).padStart(2, '0')).join('');
  const post = (signature) => handler(new Request('https://example.com/webhooks/comapi', { method: 'POST', body, headers: { 'x-comapi-signature': signature } }));
  const signed = (await post(signature)).status;
  const forged = (await post(signature.replace(/^./, (c) => (c === '0' ? '1' : '0')))).status;
  return { signed, forged, statuses };
};
`;

let browser: Browser;
let site: { url: string; close(): Promise<void> };
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'switchboard-browser-'));
  await writeFile(path.join(folder, 'entry.js'), ENTRY);
  await build({
    entryPoints: [path.join(folder, 'entry.js')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    outfile: path.join(folder, 'bundle.js'),
    logLevel: 'silent',
  });
  await writeFile(
    path.join(folder, 'index.html'),
    '<!doctype html><html><body><script src="bundle.js"></script></body></html>',
  );
  site = await serveFolder(folder);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('the clients in headless Chromium', () => {
  it('send through CM, Comapi and Webex (a JWT minted with WebCrypto) against the mocks', async () => {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(`${site.url}/`);
    const results = await page.evaluate(
      (urls) => (window as unknown as { runSends(u: unknown): Promise<unknown> }).runSends(urls),
      inject('mockUrls'),
    );
    expect(pageErrors).toEqual([]);
    expect(results).toEqual({
      cm: { ok: true, value: 'Accepted' },
      comapi: { ok: true, value: 'processing' },
      webex: { ok: true, value: 'accepted' },
    });
    await page.close();
  });

  it('run the webhook handler: a signed Comapi event is 200 and handled, a forged one 401', async () => {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(`${site.url}/`);
    const result = await page.evaluate(() => (window as unknown as { runWebhook(): Promise<unknown> }).runWebhook());
    expect(pageErrors).toEqual([]);
    expect(result).toEqual({ signed: 200, forged: 401, statuses: ['delivered'] });
    await page.close();
  });
});
