/** Signature checks with vectors computed here by node:crypto, independently of the WebCrypto implementation. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ValidationError, verifyEvents, WebhookVerificationError } from '../../src/comapi/index.ts';

const secret = 'f946b0e7-5fe9-4f57-9d8f-62b3ac0b4a13';
const sign = (body: string | Buffer, key = secret) => createHmac('sha1', key).update(body).digest('hex');

const ascii = JSON.stringify([
  { eventId: '0dceaf0d-93ea-4314-a6f8-b0cffe69799a', name: 'message.sent', payload: { id: 'm1' } },
]);
const nonAscii = JSON.stringify({
  eventId: 'e1',
  name: 'profile.update',
  payload: { name: 'Zoë Ångström — 日本語 🎉' },
});

async function failure(request: Parameters<typeof verifyEvents>[0]) {
  const error = await verifyEvents(request).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  return error as WebhookVerificationError;
}

describe('verifyEvents', () => {
  it.each([
    ['an ASCII body', ascii],
    ['a non-ASCII body', nonAscii],
  ])('accepts %s signed with the secret, given as string, bytes or ArrayBuffer', async (_name, body) => {
    const signature = sign(body);
    const bytes = new TextEncoder().encode(body);
    await expect(verifyEvents({ body, signature, secret })).resolves.toBeUndefined();
    await expect(verifyEvents({ body: bytes, signature, secret })).resolves.toBeUndefined();
    await expect(verifyEvents({ body: bytes.buffer, signature, secret })).resolves.toBeUndefined();
    await expect(verifyEvents({ body: Buffer.from(body), signature, secret })).resolves.toBeUndefined();
  });

  it('rejects, never throws synchronously, when called without its argument', async () => {
    let promise: Promise<void> | undefined;
    expect(() => {
      promise = verifyEvents(undefined as never);
    }).not.toThrow();
    await expect(promise).rejects.toBeInstanceOf(ValidationError);
  });

  it('accepts an upper-case hex signature (Comapi sends lower case; the bytes are what count)', async () => {
    await expect(verifyEvents({ body: ascii, signature: sign(ascii).toUpperCase(), secret })).resolves.toBeUndefined();
  });

  it('verifies a slice of a larger buffer by its own bytes only', async () => {
    const framed = Buffer.from(`xx${nonAscii}yy`);
    const slice = framed.subarray(2, framed.length - 2);
    await expect(verifyEvents({ body: slice, signature: sign(nonAscii), secret })).resolves.toBeUndefined();
  });

  it.each([
    ['a missing header', { body: ascii, signature: undefined, secret }, 'missing_signature'],
    ['an empty header', { body: ascii, signature: '', secret }, 'missing_signature'],
    ['a wrong secret', { body: ascii, signature: sign(ascii, 'another-secret'), secret }, 'signature_mismatch'],
    ['a changed byte', { body: ascii.replace('m1', 'm2'), signature: sign(ascii), secret }, 'signature_mismatch'],
    [
      'a non-ASCII body decoded as Latin-1',
      { body: Buffer.from(nonAscii).toString('latin1'), signature: sign(nonAscii), secret },
      'signature_mismatch',
    ],
    ['a non-hex header', { body: ascii, signature: 'z'.repeat(40), secret }, 'malformed_signature'],
    [
      'a SHA-256 length header',
      { body: ascii, signature: createHmac('sha256', secret).update(ascii).digest('hex'), secret },
      'malformed_signature',
    ],
    ['no secret', { body: ascii, signature: sign(ascii), secret: '' }, 'missing_secret'],
  ])('rejects %s', async (_name, request, reason) => {
    const error = await failure(request);
    expect(error.reason).toBe(reason);
    expect(JSON.stringify(error)).not.toContain(secret);
  });
});
