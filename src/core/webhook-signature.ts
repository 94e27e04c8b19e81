/**
 * HMAC signatures on webhook requests, with WebCrypto only (Node, Deno, Bun, browsers, edge runtimes).
 * `crypto.subtle.verify` does the comparison, in constant time.
 */
import { SwitchboardError } from './errors/index.ts';

export type WebhookVerificationFailure = 'missing_signature' | 'malformed_signature' | 'missing_secret' | 'signature_mismatch';

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

function bytesOf(body: RawBody): Uint8Array<ArrayBuffer> {
  if (typeof body === 'string') return utf8.encode(body) as Uint8Array<ArrayBuffer>;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return new Uint8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
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
  secret: string;
  /** The hashes the provider may use; the signature's length picks one. */
  hashes: readonly HmacHash[];
  /** The header's name, for messages. */
  header: string;
  /** Prefixes a provider may put before the hex digits (`sha256=`), stripped before checking. */
  prefixes?: readonly string[];
}

/** Resolves when `signature` is the hex HMAC of the body under `secret`; rejects with a WebhookVerificationError otherwise. */
export async function verifyHmacSignature(check: HmacCheck): Promise<void> {
  const { body, signature, secret, hashes, header } = check;
  if (!secret) throw new WebhookVerificationError('missing_secret', 'No webhook secret was given to verify with');
  if (signature === null || signature === undefined || signature.trim() === '') {
    throw new WebhookVerificationError('missing_signature', `The request has no ${header} header`);
  }
  let hex = signature.trim();
  const prefix = check.prefixes?.find((p) => hex.toLowerCase().startsWith(p));
  if (prefix) hex = hex.slice(prefix.length);
  const hash = hashes.find((candidate) => hex.length === HEX_DIGITS[candidate]);
  if (!hash || !/^[0-9a-fA-F]+$/.test(hex)) {
    const expected = hashes.map((h) => `${HEX_DIGITS[h]}-digit hex HMAC-${h}`).join(' or ');
    throw new WebhookVerificationError('malformed_signature', `${header} is not a ${expected}`);
  }
  const key = await crypto.subtle.importKey('raw', utf8.encode(secret), { name: 'HMAC', hash }, false, ['verify']);
  if (!(await crypto.subtle.verify('HMAC', key, hexToBytes(hex), bytesOf(body)))) {
    throw new WebhookVerificationError('signature_mismatch', `${header} does not match the body and secret`);
  }
}
