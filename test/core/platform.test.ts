/**
 * The platform outside Node (src/core/platform.ts): the runtime's own Request and Response. Vitest runs on Node,
 * which resolves `#platform` to src/node/platform.ts, so this imports the other one directly; the runtime matrix
 * (npm run test:runtimes) runs it in Bun, Deno, edge-runtime and workerd.
 */
import { describe, expect, it } from 'vitest';
import { bodyText, bufferedResponse, RequestClass, requestParts } from '../../src/core/platform.ts';
import { bodyText as nodeBodyText, bufferedResponse as nodeBufferedResponse } from '../../src/node/platform.ts';

const encode = (text: string) => new TextEncoder().encode(text);

describe('the platform outside Node', () => {
  it('leaves openapi-fetch its own Request', () => {
    expect(RequestClass).toBeUndefined();
  });

  it('builds a real Response over the bytes, whose text the transport reads without consuming it', async () => {
    const response = bufferedResponse(encode('{"a":1}'), {
      status: 400,
      statusText: 'Bad Request',
      headers: new Headers({ 'content-type': 'application/json', 'x-request-id': 'r1' }),
    });
    expect(response).toBeInstanceOf(Response);
    expect(bodyText(response)).toBe('{"a":1}');
    expect(bodyText(response)).toBe('{"a":1}');
    expect(response.status).toBe(400);
    expect(response.statusText).toBe('Bad Request');
    expect(response.headers.get('x-request-id')).toBe('r1');
    expect(await response.json()).toEqual({ a: 1 });
    expect(bodyText(response)).toBe('{"a":1}');
  });

  it('drops the body of a status that may not have one, as fetch does', async () => {
    for (const status of [204, 205, 304]) {
      const response = bufferedResponse(encode('ignored'), { status, headers: new Headers() });
      expect(response.body).toBeNull();
      expect(bodyText(response)).toBe('');
    }
  });

  it('knows no text for a Response it did not build', () => {
    expect(bodyText(new Response('x'))).toBeUndefined();
  });

  it('reads a WHATWG Request into parts, body included', async () => {
    const parts = await requestParts('https://example.com/a', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"b":2}',
    });
    expect(parts).toMatchObject({ url: 'https://example.com/a', method: 'POST' });
    expect(new TextDecoder().decode(parts.body as Uint8Array)).toBe('{"b":2}');
    expect(parts.headers.get('content-type')).toBe('application/json');
  });
});

describe('both platforms', () => {
  it('answer the same for the same bytes', async () => {
    for (const make of [bufferedResponse, nodeBufferedResponse]) {
      const response = make(encode('hello'), { status: 200, headers: new Headers({ 'content-type': 'text/plain' }) });
      expect(response).toBeInstanceOf(Response);
      expect(await response.text()).toBe('hello');
    }
    const node = nodeBufferedResponse(encode('x'), { status: 200, headers: new Headers() });
    expect(nodeBodyText(node)).toBe('x');
    expect(nodeBodyText(new Response('x'))).toBeUndefined();
  });
});

describe("Node's stand-ins for Request and Response", () => {
  it('are instances of the WHATWG classes once made (linked at the first construction, not at import)', async () => {
    const { RequestClass: NodeRequest } = await import('../../src/node/platform.ts');
    const response = nodeBufferedResponse(encode('{}'), { status: 200, headers: new Headers() });
    expect(response).toBeInstanceOf(Response);
    const request = new NodeRequest!('https://example.com/x', { method: 'POST', body: '{}' });
    expect(request).toBeInstanceOf(Request);
  });

  it('a fresh import of the Node platform does not load Node’s fetch implementation', async () => {
    const { spawnSync } = await import('node:child_process');
    const script = [
      "await import('./src/node/platform.ts');",
      // Node loads its bundled undici (behind the global Response, Request, Headers) on first access of one of them.
      "console.log(process.moduleLoadList.some((name) => name.includes('internal/deps/undici')));",
    ].join('\n');
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: new URL('../..', import.meta.url),
      encoding: 'utf8',
    });
    expect(result.stdout.trim()).toBe('false');
  });
});
