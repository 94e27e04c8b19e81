/** sendBatch against a loopback gateway that answers per recipient like CM does. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthenticationError, CmClient, ServerError, ValidationError, type CmMessage } from '../../src/cm/index.ts';
import { TOKEN } from '../helpers.ts';
import { startFakeGateway, type FakeGateway } from './fake-gateway.ts';

let gateway: FakeGateway;
beforeEach(async () => {
  gateway = await startFakeGateway();
});
afterEach(async () => {
  await gateway.close();
});

const number = (i: number) => `0031600${String(i).padStart(6, '0')}`;

describe('CmMessages.sendBatch', () => {
  it('gives every one of 2500 messages exactly one result, in input order, in requests of at most 1000 msg', async () => {
    const cm = new CmClient({ productToken: TOKEN, baseUrl: gateway.url });
    const messages: CmMessage[] = Array.from({ length: 2500 }, (_, i) => ({
      from: 'Acme',
      to: number(i),
      body: `Message ${i}`,
      reference: `m${i}`,
    }));

    const results = await cm.messages.sendBatch(messages);

    expect(gateway.requests.map((r) => r.body.messages.msg.length)).toEqual([1000, 1000, 500]);
    expect(results.map((r) => r.index)).toEqual(messages.map((_, i) => i));
    results.forEach((result, i) => {
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.accepted.map((r) => r.to)).toEqual([number(i)]);
    });
    const sent = gateway.requests.flatMap((r) => r.body.messages.msg.map((m: any) => m.reference));
    expect(sent).toEqual(messages.map((m) => m.reference));
  });

  it('fails an invalid message alone and sends the others', async () => {
    const cm = new CmClient({ productToken: TOKEN, baseUrl: gateway.url });
    const results = await cm.messages.sendBatch([
      { from: 'Acme', to: number(1), body: 'one' },
      { from: 'Acme', to: 'not a number', body: 'two' },
      { from: 'Acme', to: number(3), body: 'three' },
    ]);

    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1]).toMatchObject({ index: 1, ok: false, error: expect.any(ValidationError) });
    expect(gateway.requests).toHaveLength(1);
    expect(gateway.requests[0]!.body.messages.msg).toHaveLength(2);
  });

  it('reports recipients the gateway rejected inside an ok result, with code and reason', async () => {
    const cm = new CmClient({ productToken: TOKEN, baseUrl: gateway.url });
    gateway.respond = () => ({
      status: 200,
      body: {
        details: 'Created 1 message(s)',
        errorCode: 201,
        messages: [
          { to: number(1), status: 'Accepted', reference: null, parts: 1, messageDetails: null, messageErrorCode: 0 },
          {
            to: number(2),
            status: 'Rejected',
            reference: null,
            parts: 0,
            messageDetails: 'Blacklisted',
            messageErrorCode: 402,
          },
        ],
      },
    });
    const [result] = await cm.messages.sendBatch([{ from: 'Acme', to: [number(1), number(2)], body: 'hi' }]);
    expect(result).toMatchObject({
      ok: true,
      accepted: [{ to: number(1) }],
      rejected: [{ to: number(2), messageErrorCode: 402, messageDetails: 'Blacklisted' }],
    });
  });

  it('keeps a message split over two requests together, recipients in order', async () => {
    const cm = new CmClient({ productToken: TOKEN, baseUrl: gateway.url });
    const many = Array.from({ length: 999 }, (_, i) => ({ from: 'Acme', to: number(i), body: 'x' }));
    const wide = { from: 'Acme', to: Array.from({ length: 2001 }, (_, i) => number(10_000 + i)), body: 'wide' };

    const results = await cm.messages.sendBatch([...many, wide]);

    // 999 msgs + the wide message's 3 msgs (1000, 1000, 1) = 1002 msgs: the last two go in a second request.
    expect(gateway.requests.map((r) => r.body.messages.msg.length)).toEqual([1000, 2]);
    const last = results[999]!;
    expect(last.ok).toBe(true);
    if (last.ok) expect(last.recipients.map((r) => r.to)).toEqual(wide.to);
  });

  it('stops after an authentication failure and fails every message with it, sending nothing more', async () => {
    const cm = new CmClient({ productToken: TOKEN, baseUrl: gateway.url });
    gateway.respond = () => ({
      status: 400,
      body: { details: 'No account found for the given authentication/credentials', errorCode: 101, messages: [] },
    });
    const messages = Array.from({ length: 1500 }, (_, i) => ({ from: 'Acme', to: number(i), body: 'x' }));

    // One request at a time, so "nothing more" is exactly one request (with more in flight, those already sent finish).
    const results = await cm.messages.sendBatch(messages, { concurrency: 1 });

    expect(gateway.requests).toHaveLength(1);
    expect(results).toHaveLength(1500);
    expect(results.every((r) => !r.ok && r.error instanceof AuthenticationError)).toBe(true);
  });

  it('fails only the messages of a request that failed, and goes on with the next', async () => {
    const cm = new CmClient({ productToken: TOKEN, baseUrl: gateway.url });
    // The first request (1000 msgs) fails, whichever arrives first: the two are sent at once.
    gateway.respond = (request) =>
      request.body.messages.msg.length === 1000 ? { status: 503, body: 'Service Unavailable' } : undefined;
    const messages = Array.from({ length: 1200 }, (_, i) => ({ from: 'Acme', to: number(i), body: 'x' }));

    const results = await cm.messages.sendBatch(messages);

    expect(results.slice(0, 1000).every((r) => !r.ok && r.error instanceof ServerError)).toBe(true);
    expect(results.slice(1000).every((r) => r.ok)).toBe(true);
    expect(gateway.requests).toHaveLength(2);
  });

  it('matches answers by number and reference when the gateway lists them in another order', async () => {
    const cm = new CmClient({ productToken: TOKEN, baseUrl: gateway.url });
    gateway.respond = (request) => {
      const entries = request.body.messages.msg.map((m: any) => ({
        to: m.to[0].number,
        status: 'Accepted',
        reference: m.reference,
        parts: 1,
        messageDetails: null,
        messageErrorCode: 0,
      }));
      return { status: 200, body: { details: 'Created 3 message(s)', errorCode: 0, messages: entries.reverse() } };
    };
    const results = await cm.messages.sendBatch(
      [1, 2, 3].map((i) => ({ from: 'Acme', to: number(i), body: 'x', reference: `r${i}` })),
    );
    expect(results.map((r) => (r.ok ? r.recipients[0]!.reference : null))).toEqual(['r1', 'r2', 'r3']);
  });

  it('rejects send() with ServerError, keeping the body, when the gateway fails', async () => {
    const cm = new CmClient({ productToken: TOKEN, baseUrl: gateway.url });
    gateway.respond = () => ({
      status: 500,
      body: '<html>oops</html>',
      headers: { 'content-type': 'text/html', 'cf-ray': 'abc123' },
    });
    const error = await cm.messages.send({ from: 'Acme', to: number(1), body: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 500, body: '<html>oops</html>', requestId: 'abc123' });
  });
});
