/**
 * A Chromium for the browser tests, driven by playwright-core, never downloaded: the one named by
 * SWITCHBOARD_CHROMIUM, else a system install (/usr/bin/chromium and the like), else the one the npm package
 * @sparticuz/chromium ships inside itself (a dev dependency; unpacked to the temp folder at first use), so that
 * `npm ci && npm test` needs nothing but Node and npm. The flags keep it off the network except for what a page
 * itself requests.
 */
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const SYSTEM_CHROMIUMS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** Where the Chromium comes from, for messages and screenshots' notes. */
export async function chromiumPath(): Promise<string> {
  const chosen = process.env.SWITCHBOARD_CHROMIUM;
  if (chosen === 'bundled') return bundledChromium();
  if (chosen) {
    if (!existsSync(chosen)) throw new Error(`SWITCHBOARD_CHROMIUM=${chosen}: no such file`);
    return chosen;
  }
  const system = SYSTEM_CHROMIUMS.find((candidate) => existsSync(candidate));
  if (system) return system;
  return bundledChromium();
}

/** The Chromium inside the @sparticuz/chromium package (SWITCHBOARD_CHROMIUM=bundled picks it even where a system one exists). */
export async function bundledChromium(): Promise<string> {
  const { default: packaged } = await import('@sparticuz/chromium');
  return packaged.executablePath();
}

export async function launchChromium(executablePath?: string): Promise<Browser> {
  return chromium.launch({
    executablePath: executablePath ?? (await chromiumPath()),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Serves a folder on 127.0.0.1 (no listing, nothing outside the folder). */
export async function serveFolder(folder: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const file = path.join(folder, pathname === '/' ? 'index.html' : pathname);
    const info = file.startsWith(folder + path.sep) ? await stat(file).catch(() => undefined) : undefined;
    if (!info?.isFile()) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
