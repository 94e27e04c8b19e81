/**
 * Shapes of credentials, checked when a client is made. A credential travels in a header: a line break or another
 * control character in it would make every request fail inside fetch, with an error that quotes the header (and so
 * the credential). Refusing it at construction means it never reaches a request.
 */

/** Three base64url segments: what a JWT looks like, so a pasted secret of another kind fails early. */
export const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Printable ASCII without spaces: what an API key in a header can be. */
const HEADER_TOKEN = /^[\x21-\x7e]+$/;

/** The longest credential accepted; real ones are well under 2 KB. */
export const MAX_CREDENTIAL_LENGTH = 8_192;

export function isHeaderToken(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_CREDENTIAL_LENGTH && HEADER_TOKEN.test(value);
}

export function isJwt(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_CREDENTIAL_LENGTH && JWT_SHAPE.test(value);
}
