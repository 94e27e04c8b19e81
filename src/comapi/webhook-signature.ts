/**
 * Verifies Comapi's webhook signature: `X-Comapi-Signature` is the lowercase hex HMAC-SHA1 of the raw request
 * body, keyed with the webhook's secret (Comapi's quickstarts in Node, Python, Java and C#). WebCrypto only, so
 * it runs in Node, Deno, Bun, browsers and edge runtimes; `crypto.subtle.verify` compares in constant time.
 */
import { SwitchboardError } from '../core/errors/index.ts';

export type WebhookVerificationFailure = 'missing_signature' | 'malformed_signature' | 'missing_secret' | 'signature_mismatch';

/** The request is not provably from Comapi. `reason` says why; the message never includes the secret or the body. */
export class WebhookVerificationError extends SwitchboardError {
  override readonly name = 'WebhookVerificationError';
  readonly reason: WebhookVerificationFailure;

  constructor(reason: WebhookVerificationFailure, message: string) {
    super(message);
    this.reason = reason;
  }
}

export interface ComapiWebhookRequest {
  /** The raw body exactly as received: bytes, or the string decoded as UTF-8. Re-serialised JSON will not verify. */
  body: string | Uint8Array | ArrayBuffer;
  /** The `X-Comapi-Signature` header's value (`null`/`undefined` when absent). */
  signature: string | null | undefined;
  /** The secret set on the webhook configuration. */
  secret: string;
}

const SHA1_HEX = /^[0-9a-fA-F]{40}$/;
const utf8 = new TextEncoder();

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function bodyBytes(body: ComapiWebhookRequest['body']): Uint8Array<ArrayBuffer> {
  if (typeof body === 'string') return utf8.encode(body) as Uint8Array<ArrayBuffer>;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return new Uint8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
}

/**
 * Resolves when the signature matches the body; rejects with a WebhookVerificationError otherwise (missing or
 * malformed header, no secret, or any difference in body, secret or signature). Answer 401 to a rejected request:
 * Comapi then retries it.
 */
export async function verifyComapiWebhook({ body, signature, secret }: ComapiWebhookRequest): Promise<void> {
  if (!secret) throw new WebhookVerificationError('missing_secret', 'No webhook secret was given to verify with');
  if (signature === null || signature === undefined || signature === '') {
    throw new WebhookVerificationError('missing_signature', 'The request has no X-Comapi-Signature header');
  }
  const hex = signature.trim();
  if (!SHA1_HEX.test(hex)) {
    throw new WebhookVerificationError('malformed_signature', 'X-Comapi-Signature is not a 40-digit hex HMAC-SHA1');
  }
  const key = await crypto.subtle.importKey('raw', utf8.encode(secret), { name: 'HMAC', hash: 'SHA-1' }, false, ['verify']);
  const valid = await crypto.subtle.verify('HMAC', key, hexToBytes(hex), bodyBytes(body));
  if (!valid) throw new WebhookVerificationError('signature_mismatch', 'X-Comapi-Signature does not match the body and secret');
}
