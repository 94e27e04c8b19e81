/**
 * The Node transport and the light Request/Response it trades in: they must behave as fetch does wherever a
 * client or a `.raw` user can see them (status, headers, bodies read once, abort, connection errors).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CmClient } from '../../src/cm/index.ts';
import { Deadline } from '../../src/core/http/deadline.ts';
import { SEND_PARTS } from '../../src/core/http/send-parts.ts';
import { BufferedResponse } from '../../src/node/buffered-response.ts';
import { OutgoingRequest, requestParts } from '../../src/node/outgoing-request.ts';
import { defaultFetch } from '../../src/node/platform.ts';
import { createNodeFetch } from '../../src/node/index.ts';
import { TOKEN } from '../helpers.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let base: string;
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      if (req.url === '/stall') return; // never answers
      if (req.url === '/empty') return res.writeHead(204).end();
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.writeHead(req.url === '/missing' ? 404 : 200, {
        'content-type': 'application/json',
        'x-request-id': 'req-1',
      });
      res.end(JSON.stringify({ method: req.method, url: req.url, émoji: 'ünïcode ✓' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('createNodeFetch', () => {
  const nodeFetch = createNodeFetch();

  it('sends method, path, query, headers and body, and answers like fetch', async () => {
    const response = await nodeFetch(`${base}/echo?x=1&y=%20`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
      body: '{"a":1}',
    });
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.headers.get('x-request-id')).toBe('req-1');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.json()).toEqual({ method: 'POST', url: '/echo?x=1&y=%20', émoji: 'ünïcode ✓' });
    const last = seen.at(-1)!;
    expect(last.headers['x-api-key']).toBe('k');
    expect(last.headers['content-length']).toBe('7');
    expect(last.body).toBe('{"a":1}');
  });

  it('takes a WHATWG Request, body included', async () => {
    const response = await nodeFetch(
      new Request(`${base}/from-request`, { method: 'PUT', body: new URLSearchParams({ q: 'a b' }) }),
    );
    expect(response.status).toBe(200);
    expect(seen.at(-1)).toMatchObject({ method: 'PUT', body: 'q=a+b' });
    expect(seen.at(-1)!.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
  });

  it('returns error statuses and empty bodies as fetch does', async () => {
    const missing = await nodeFetch(`${base}/missing`);
    expect(missing.status).toBe(404);
    expect(missing.ok).toBe(false);
    const empty = await nodeFetch(`${base}/empty`);
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
    expect(await empty.text()).toBe('');
  });

  it('rejects with the cause code when nothing listens, and with the reason when aborted', async () => {
    const refused = await nodeFetch('http://127.0.0.1:1/').catch((error: unknown) => error);
    expect(inspect(refused)).toMatch(/ECONNREFUSED/);
    const controller = new AbortController();
    const pending = nodeFetch(`${base}/stall`, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop')), 20);
    await expect(pending).rejects.toThrow('stop');
  });

  it('listens on a Deadline as on an AbortSignal', async () => {
    const deadline = new Deadline(30, null);
    const send = (nodeFetch as unknown as Record<symbol, (parts: unknown, signal: unknown) => Promise<Response>>)[
      SEND_PARTS
    ]!;
    const parts = await requestParts(`${base}/stall`);
    await expect(send(parts, deadline)).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(deadline.timedOut).toBe(true);
    deadline.clear();
  });

  it('is the default on Node: a client with no fetch sends through it', async () => {
    expect(SEND_PARTS in defaultFetch).toBe(true);
    const cm = new CmClient({ productToken: TOKEN, baseUrl: base });
    const { response } = await cm.raw.POST('/v1.0/message', { body: { messages: { msg: [] } } });
    expect(response).toBeInstanceOf(BufferedResponse);
  });
});

describe('BufferedResponse', () => {
  const make = () =>
    new BufferedResponse(new TextEncoder().encode('{"ok":true}'), {
      status: 201,
      statusText: 'Created',
      headers: { 'content-type': 'application/json' },
    });

  it('reads once, like Response, and clones before reading', async () => {
    const response = make();
    const copy = response.clone();
    expect(await response.text()).toBe('{"ok":true}');
    expect(response.bodyUsed).toBe(true);
    await expect(response.json()).rejects.toThrow(TypeError);
    expect(() => response.clone()).toThrow(TypeError);
    expect(await copy.json()).toEqual({ ok: true });
  });

  it('offers every body reader, and a stream', async () => {
    expect(new Uint8Array(await make().arrayBuffer())).toEqual(new TextEncoder().encode('{"ok":true}'));
    expect(await (await make().blob()).text()).toBe('{"ok":true}');
    expect((await make().blob()).type).toBe('application/json');
    expect(await new Response(make().body).text()).toBe('{"ok":true}');
    const streamed = make();
    await new Response(streamed.body).text();
    expect(streamed.bodyUsed).toBe(true);
  });

  it('looks like a Response to code that checks', () => {
    const response = make();
    expect(response).toBeInstanceOf(Response);
    expect(response.statusText).toBe('Created');
    expect(Object.prototype.toString.call(response)).toBe('[object Response]');
    expect(() => inspect(response)).not.toThrow();
  });
});

describe('OutgoingRequest', () => {
  it('is what openapi-fetch builds, and passes as a Request', async () => {
    const request = new OutgoingRequest('https://example.com/a', {
      method: 'post',
      headers: new Headers({ 'content-type': 'application/json' }),
      body: '{"a":1}',
    });
    expect(request).toBeInstanceOf(Request);
    expect(request.method).toBe('POST');
    expect(await request.clone().json()).toEqual({ a: 1 });
    expect(await request.text()).toBe('{"a":1}');
    expect(new Request('https://example.com') instanceof OutgoingRequest).toBe(true);
    expect(() => new OutgoingRequest('https://example.com', { method: 'GET', body: 'x' })).toThrow(TypeError);
  });

  it('gives the transport its parts without copying, and reads other bodies once', async () => {
    const headers = new Headers({ 'content-type': 'application/json' });
    const parts = await requestParts(
      new OutgoingRequest('https://example.com/a', { method: 'POST', headers, body: '{}' }),
    );
    expect(parts).toMatchObject({ url: 'https://example.com/a', method: 'POST', body: '{}' });
    expect(parts.headers).toBe(headers);
    const form = new FormData();
    form.set('f', 'v');
    const multipart = await requestParts(new OutgoingRequest('https://example.com/a', { method: 'POST', body: form }));
    expect(multipart.body).toBeInstanceOf(Uint8Array);
    expect(multipart.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
  });
});
