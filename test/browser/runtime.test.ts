/**
 * "Runs in the browser", measured: one send through each client, bundled for the browser by esbuild from dist/,
 * runs in headless Chromium against the Prism mocks (cross-origin, so CORS and preflights are exercised).
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
});
