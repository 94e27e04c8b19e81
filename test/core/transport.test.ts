/** Timeouts, aborts and connection failures become distinct typed errors. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, CmClient, ConnectionError, TimeoutError } from '../../src/cm/index.ts';
import { TOKEN } from '../helpers.ts';

const message = { from: 'Acme', to: '00447911123456', body: 'x' };
let slowUrl: string;
const slow = createServer((_req, res) => {
  // Sends headers at once and never finishes the body: the timeout must cover reading it too.
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"details":');
});

beforeAll(async () => {
  await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
  slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
});
afterAll(async () => {
  slow.closeAllConnections();
  await new Promise((resolve) => slow.close(resolve));
});

describe('transport failures', () => {
  it('rejects with TimeoutError when the body does not arrive within timeoutMs', async () => {
    const cm = new CmClient({ productToken: TOKEN, baseUrl: slowUrl, timeoutMs: 5_000 });
    const error = await cm.messages.send(message, { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 100 });
  });

  it("rejects with AbortError when the caller's signal aborts", async () => {
    const cm = new CmClient({ productToken: TOKEN, baseUrl: slowUrl });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await cm.messages.send(message, { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(error).not.toBeInstanceOf(TimeoutError);
  });

  it('rejects with ConnectionError when nothing listens, naming the cause', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));

    const cm = new CmClient({ productToken: TOKEN, baseUrl: `http://127.0.0.1:${port}` });
    const error = await cm.messages.send(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });

  it('gives sendBatch a failed result per message instead of throwing', async () => {
    const cm = new CmClient({ productToken: TOKEN, baseUrl: slowUrl, timeoutMs: 100 });
    const results = await cm.messages.sendBatch([message, message]);
    expect(results.map((r) => !r.ok && r.error instanceof TimeoutError)).toEqual([true, true]);
  });
});
