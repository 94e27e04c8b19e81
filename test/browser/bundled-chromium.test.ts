/**
 * The Chromium that @sparticuz/chromium ships inside its npm package launches here and runs a page from loopback,
 * so the browser tests pass on a machine with nothing but Node and npm (where no system Chromium exists, the other
 * browser tests use this one; where one does, this test still proves the fallback).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { bundledChromium, launchChromium, serveFolder } from './chromium.ts';

const folder = mkdtempSync(path.join(tmpdir(), 'switchboard-chromium-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

it('launches headless and runs WebCrypto in a page served from 127.0.0.1', async () => {
  writeFileSync(
    path.join(folder, 'index.html'),
    '<!doctype html><title>t</title><script>crypto.subtle.digest("SHA-256", new Uint8Array(1)).then((d) => (document.title = String(d.byteLength)))</script>',
  );
  const site = await serveFolder(folder);
  const browser = await launchChromium(await bundledChromium());
  try {
    const page = await browser.newPage();
    await page.goto(site.url);
    await page.waitForFunction(() => document.title === '32');
    expect(await page.title()).toBe('32');
  } finally {
    await browser.close();
    await site.close();
  }
});
