/**
 * The webhook handler's cost over the least a receiver must do: for the same signed Comapi event (a Request each
 * time, built the same way for both), bare code reads the body, checks the HMAC-SHA1 with WebCrypto (key imported
 * once) and JSON.parses it; the handler verifies, parses, validates, normalizes and calls `onEvent`.
 */
import { entry } from './entry.ts';
import { interleaved, type Interleaved } from './interleaved.ts';

const SECRET = 'bench-webhook-secret';

/** A message.delivered event in the envelope Comapi documents (specs/comapi/events.yaml). */
const EVENT = {
  eventId: '3b8d2e1c-5f4a-4a1e-9c1b-2f7d6e5a4b3c',
  accountId: 12345,
  apiSpaceId: '53364198-3f3f-4723-ab8f-70680c1113b1',
  name: 'message.delivered',
  payload: {
    messageId: '7f3a1c2e-9b8d-4e6f-a5c4-3b2a1d0e9f8a',
    channel: 'sms',
    timestamp: '2026-11-27T10:31:02.000Z',
    metadata: { reference: 'order-4711' },
  },
  revision: 3,
  etag: '"3-PLB2C6w/yVdPjUhuRiZtlvt8k0Q"',
  timestamp: '2026-11-27T10:31:02.604Z',
};

export async function webhookCost(options: { rounds: number; timeMs: number }): Promise<Interleaved> {
  const { createWebhookHandler } = await entry<typeof import('../src/webhooks/index.ts')>('webhooks');
  const body = JSON.stringify(EVENT);
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(SECRET),
    { name: 'HMAC', hash: 'SHA-1' },
    false,
    ['sign', 'verify'],
  );
  const signature = Buffer.from(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body))).toString('hex');
  const request = () =>
    new Request('http://localhost/webhooks/comapi', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-comapi-signature': signature },
      body,
    });
  let events = 0;
  const handler = createWebhookHandler({ comapi: { secret: SECRET }, onEvent: () => void (events += 1) });
  const bare = async () => {
    const incoming = request();
    const text = await incoming.text();
    const given = Buffer.from(incoming.headers.get('x-comapi-signature')!, 'hex');
    if (!(await crypto.subtle.verify('HMAC', key, given, new TextEncoder().encode(text)))) throw new Error('forged');
    return JSON.parse(text);
  };
  const check = await handler(request());
  if (check.status !== 200 || events !== 1) throw new Error(`the handler answered ${check.status}`);
  return interleaved(
    {
      'bare: body, WebCrypto HMAC, JSON.parse': bare,
      'createWebhookHandler: verify, parse, normalize': () => handler(request()),
    },
    'bare: body, WebCrypto HMAC, JSON.parse',
    'createWebhookHandler: verify, parse, normalize',
    options,
  );
}
