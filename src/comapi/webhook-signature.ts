import { readWebhookRequest, verifyHmacSignature, type RawBody } from '../core/webhook-signature.ts';

export interface ComapiWebhookRequest {
  /** The raw body exactly as received: bytes, or the string decoded as UTF-8. Re-serialised JSON will not verify. */
  body: RawBody;
  /** The `X-Comapi-Signature` header's value (`null`/`undefined` when absent). */
  signature: string | null | undefined;
  /** The secret set on the webhook configuration: a non-empty string, or its bytes. */
  secret: string | Uint8Array | ArrayBuffer;
}

/**
 * Resolves when `X-Comapi-Signature` matches: the lowercase hex HMAC-SHA1 of the raw body, keyed with the
 * webhook's secret (Comapi's quickstarts in Node, Python, Java and C#). Rejects with a WebhookVerificationError
 * (missing or malformed header, no secret, or any difference in body, secret or signature); answer 401, and
 * Comapi retries.
 */
export async function verifyComapiWebhook(request: ComapiWebhookRequest): Promise<void> {
  const { body, signature, secret } = readWebhookRequest<ComapiWebhookRequest>(request, 'Invalid verifyComapiWebhook request');
  return verifyHmacSignature({ body, signature, secret, hashes: ['SHA-1'], header: 'X-Comapi-Signature' });
}
