/**
 * "Nothing was sent", as each runtime reports a refused connection: the forms `npm run test:runtimes` measured
 * (scripts/test-runtimes.ts prints the runtime's own error), rebuilt here so that they stay recognized.
 */
import { describe, expect, it } from 'vitest';
import { CmClient, ConnectionError } from '../../src/cm/index.ts';
import { provablyNotSent } from '../../src/core/http/not-sent.ts';
import { TOKEN } from '../helpers.ts';

const denoCause =
  'error sending request for url (http://127.0.0.1:45743/): client error (Connect): tcp connect error: Connection refused (os error 111)';

describe('provablyNotSent, per runtime', () => {
  it('Deno 2.9: TypeError "fetch failed" with the connect error in its cause', () => {
    expect(provablyNotSent(new TypeError('fetch failed', { cause: new Error(denoCause) }))).toBe(true);
    const dns =
      'error sending request for url (http://nowhere.invalid/): client error (Connect): dns error: failed to lookup address information: Name or service not known';
    expect(provablyNotSent(new TypeError('fetch failed', { cause: new Error(dns) }))).toBe(true);
  });

  it('Deno before 2.9: the connect error in the TypeError itself', () => {
    expect(provablyNotSent(new TypeError(denoCause))).toBe(true);
  });

  it('Bun 1.4: a TypeError with code ECONNREFUSED; older Bun: ConnectionRefused', () => {
    expect(
      provablyNotSent(
        Object.assign(new TypeError('ECONNREFUSED: Unable to connect. Is the computer able to access the url?'), {
          code: 'ECONNREFUSED',
        }),
      ),
    ).toBe(true);
    expect(
      provablyNotSent(
        Object.assign(new Error('Unable to connect. Is the computer able to access the url?'), {
          code: 'ConnectionRefused',
        }),
      ),
    ).toBe(true);
  });

  it("edge-runtime: undici's TypeError with cause code ECONNREFUSED", () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:45743'), { code: 'ECONNREFUSED' });
    expect(provablyNotSent(new TypeError('fetch failed', { cause }))).toBe(true);
  });

  it('not recognized: workerd, browsers, other Deno failures, a bare "fetch failed"', () => {
    expect(provablyNotSent(new Error('Network connection lost.'))).toBe(false);
    expect(provablyNotSent(new TypeError('Failed to fetch'))).toBe(false);
    expect(provablyNotSent(new TypeError('fetch failed'))).toBe(false);
    const reset =
      'error sending request for url (http://127.0.0.1:45743/): client error (SendRequest): connection closed before message completed';
    expect(provablyNotSent(new TypeError('fetch failed', { cause: new Error(reset) }))).toBe(false);
    // A code that is not a "never connected" code wins over a message deeper in the chain.
    expect(
      provablyNotSent(
        Object.assign(new TypeError('fetch failed', { cause: new Error(denoCause) }), { code: 'ECONNRESET' }),
      ),
    ).toBe(false);
  });

  it("a send that fails as Deno 2.9's fetch does is not sent, and retried", async () => {
    let calls = 0;
    const cm = new CmClient({
      productToken: TOKEN,
      baseUrl: 'http://127.0.0.1:9',
      maxRetries: 1,
      maxRetryDelayMs: 0,
      fetch: async () => {
        calls += 1;
        throw new TypeError('fetch failed', { cause: new Error(denoCause) });
      },
    });
    const error = await cm.messages.send({ from: 'Acme', to: '00447911123456', body: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ notSent: true, outcomeUnknown: false, attempts: 2 });
    expect(calls).toBe(2);
  });
});
