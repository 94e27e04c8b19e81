/**
 * HMAC signatures on webhook requests, with WebCrypto only (Node, Deno, Bun, browsers, edge runtimes).
 * `crypto.subtle.verify` does the comparison, in constant time.
 */
import { SwitchboardError, ValidationError } from './errors/index.ts';
import { readingInput } from './input.ts';

export type WebhookVerificationFailure =
  | 'missing_signature'
  | 'malformed_signature'
  | 'missing_secret'
  | 'signature_mismatch';

/** The request is not provably from the provider. `reason` says why; the message never includes the secret or the body. */
export class WebhookVerificationError extends SwitchboardError {
  override readonly name = 'WebhookVerificationError';
  readonly reason: WebhookVerificationFailure;

  constructor(reason: WebhookVerificationFailure, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** The raw body exactly as received: bytes, or the string decoded as UTF-8. Re-serialised JSON will not verify. */
export type RawBody = string | Uint8Array | ArrayBuffer;

/** A hash the signature may use, by the number of hex digits it produces. */
export type HmacHash = 'SHA-1' | 'SHA-256' | 'SHA-512';
const HEX_DIGITS: Record<HmacHash, number> = { 'SHA-1': 40, 'SHA-256': 64, 'SHA-512': 128 };

const utf8 = new TextEncoder();

/** Bytes as given (a string as UTF-8); undefined for anything else: a parsed body, a number, null. */
function bytesOf(value: unknown): Uint8Array<ArrayBuffer> | undefined {
  if (typeof value === 'string') return utf8.encode(value) as Uint8Array<ArrayBuffer>;
  if (value instanceof ArrayBuffer) return new Uint8Array(value.slice(0));
  if (ArrayBuffer.isView(value))
    return new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) as ArrayBuffer);
  return undefined;
}

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

export interface HmacCheck {
  body: RawBody;
  /** The signature header's value, hex; `null`/`undefined` when the header is absent. */
  signature: string | null | undefined;
  /** The shared secret: a non-empty string (used as UTF-8) or bytes. */
  secret: string | Uint8Array | ArrayBuffer;
  /** The hashes the provider may use; the signature's length picks one. */
  hashes: readonly HmacHash[];
  /** The header's name, for messages. */
  header: string;
  /** Prefixes a provider may put before the hex digits (`sha256=`), stripped before checking. */
  prefixes?: readonly string[];
  /**
   * Imported keys to reuse, by hash, for this `secret` only: a receiver that verifies every request with the same
   * secret saves importing it each time (a third of WebCrypto's cost of a check in Node).
   */
  keys?: HmacKeyCache;
}

/** Keys imported from one secret, by hash; see `HmacCheck.keys`. */
export type HmacKeyCache = Map<HmacHash, Promise<CryptoKey>>;

/** Resolves when `signature` is the hex HMAC of the body under `secret`; rejects with a WebhookVerificationError otherwise. */
export async function verifyHmacSignature(check: HmacCheck): Promise<void> {
  const { body, signature, secret, hashes, header } = check;
  // Fail closed on types: a secret of another type must never be coerced to a string ({} → "[object Object]",
  // a key anyone can sign with), and a parsed body cannot be verified (its bytes are gone).
  const key = secret === '' || secret === undefined || secret === null ? undefined : bytesOf(secret);
  if (secret === '' || secret === undefined || secret === null) {
    throw new WebhookVerificationError('missing_secret', 'No webhook secret was given to verify with');
  }
  if (!key || key.byteLength === 0) {
    throw new ValidationError(
      [{ path: 'secret', message: 'must be a non-empty string or bytes (Uint8Array, ArrayBuffer)' }],
      'Invalid webhook verification',
    );
  }
  const data = bytesOf(body);
  if (!data) {
    throw new ValidationError(
      [
        {
          path: 'body',
          message:
            'must be the raw body as received: a string, Uint8Array or ArrayBuffer (a parsed body cannot be verified)',
        },
      ],
      'Invalid webhook verification',
    );
  }
  if (signature === null || signature === undefined || (typeof signature === 'string' && signature.trim() === '')) {
    throw new WebhookVerificationError('missing_signature', `The request has no ${header} header`);
  }
  if (typeof signature !== 'string') {
    throw new WebhookVerificationError('malformed_signature', `${header} must be the header's value, a string`);
  }
  let hex = signature.trim();
  const prefix = check.prefixes?.find((p) => hex.toLowerCase().startsWith(p));
  if (prefix) hex = hex.slice(prefix.length);
  const hash = hashes.find((candidate) => hex.length === HEX_DIGITS[candidate]);
  if (!hash || !/^[0-9a-fA-F]+$/.test(hex)) {
    const expected = hashes.map((h) => `${HEX_DIGITS[h]}-digit hex HMAC-${h}`).join(' or ');
    throw new WebhookVerificationError('malformed_signature', `${header} is not a ${expected}`);
  }
  const cryptoKey = await importKey(key, hash, check.keys);
  if (!(await crypto.subtle.verify('HMAC', cryptoKey, hexToBytes(hex), data))) {
    throw new WebhookVerificationError('signature_mismatch', `${header} does not match the body and secret`);
  }
}

function importKey(secret: Uint8Array<ArrayBuffer>, hash: HmacHash, cache?: HmacKeyCache): Promise<CryptoKey> {
  const cached = cache?.get(hash);
  if (cached) return cached;
  const imported = crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash }, false, ['verify']);
  if (cache) {
    cache.set(hash, imported);
    imported.catch(() => cache.delete(hash));
  }
  return imported;
}

/** The argument of a provider's verify function: a plain object, read once; anything else is a ValidationError. */
export function readWebhookRequest<T extends object>(request: unknown, context: string): T {
  return readingInput(context, () => {
    if (request === null || typeof request !== 'object' || Array.isArray(request)) {
      throw new ValidationError([{ path: '', message: 'must be an object: { body, signature, secret }' }], context);
    }
    const { body, signature, secret } = request as Record<string, unknown>;
    return { body, signature, secret } as T;
  });
}
