/** Delivery callbacks in both documented formats, and x-hub-signature with vectors from node:crypto. */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseCallback, ValidationError, verifyCallback, WebhookVerificationError } from '../../src/webex/index.ts';

const spec = parse(readFileSync(new URL('../../specs/webex.yaml', import.meta.url), 'utf8'));
const examples = Object.entries<any>(
  spec.webhooks.deliveryCallback.post.requestBody.content['application/json'].examples,
);

describe('parseCallback', () => {
  it.each(examples)('parses the spec example %s', (_name, example) => {
    const callback = parseCallback(JSON.stringify(example.value));
    expect(callback.event).toEqual(example.value);
    expect(callback.status).toBeTypeOf('string');
  });

  it('normalises both formats to the same fields', () => {
    const event = parseCallback({
      messageId: 'm1',
      status: 'DELIVERED',
      statusTime: '2021-07-29T13:45:33.404Z',
      correlationId: 'c1',
      callbackData: 'd1',
    });
    expect(event).toMatchObject({
      format: 'messageEvent',
      messageId: 'm1',
      status: 'DELIVERED',
      correlationId: 'c1',
      callbackData: 'd1',
    });
    const info = parseCallback({
      deliveryInfoNotification: {
        deliveryInfo: {
          deliveryStatus: 'Delivered',
          code: '7500',
          destination: '9189xxxxxxxx',
          timeStamp: '2022-10-10T13:53:13.749+01:00',
        },
        transid: 't1',
        correlationid: 'c2',
        callbackData: 'd2',
      },
    });
    expect(info).toMatchObject({
      format: 'deliveryInfoNotification',
      messageId: 't1',
      status: 'Delivered',
      correlationId: 'c2',
      callbackData: 'd2',
    });
  });

  it('refuses a body in neither format', () => {
    expect(() => parseCallback({ hello: 'world' })).toThrow(ValidationError);
    expect(() => parseCallback('not json')).toThrow(ValidationError);
  });
});

describe('verifyCallback', () => {
  const secret = 'hub-secret-value';
  const body = JSON.stringify({
    deliveryInfoNotification: { deliveryInfo: { deliveryStatus: 'Delivered', destination: 'Zoë ☎' } },
  });

  it.each(['sha256', 'sha512'] as const)('accepts a hex HMAC-%s, bare or with its prefix', async (hash) => {
    const hex = createHmac(hash, secret).update(body).digest('hex');
    await expect(verifyCallback({ body, signature: hex, secret })).resolves.toBeUndefined();
    await expect(
      verifyCallback({ body: Buffer.from(body), signature: `${hash}=${hex}`, secret }),
    ).resolves.toBeUndefined();
  });

  it.each([
    ['a wrong secret', createHmac('sha256', 'other').update(body).digest('hex'), 'signature_mismatch'],
    ['a changed body', createHmac('sha256', secret).update(`${body} `).digest('hex'), 'signature_mismatch'],
    ['a SHA-1 signature', createHmac('sha1', secret).update(body).digest('hex'), 'malformed_signature'],
    ['no header', undefined, 'missing_signature'],
  ])('rejects %s', async (_name, signature, reason) => {
    const error = await verifyCallback({ body, signature, secret }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error).toMatchObject({ reason });
  });
});
