/**
 * Whether a failed attempt provably never reached a server, so that even a send may be repeated. Each runtime
 * reports a refused connection or an unknown host its own way; only the forms below are trusted, and anything else
 * is "may have been sent".
 *
 * | runtime            | how a refused connection / unknown host shows                                  | recognized |
 * | ------------------ | ------------------------------------------------------------------------------ | ---------- |
 * | Node (undici)      | `code` ECONNREFUSED, ENOTFOUND, EAI_AGAIN, EADDRNOTAVAIL on the error or its cause | yes     |
 * | Node transport     | a request still queued for a pooled connection when it timed out or was aborted | yes       |
 * | Bun                | `code` ECONNREFUSED (1.4; `ConnectionRefused` before) on the TypeError itself   | yes        |
 * | Deno               | TypeError "fetch failed" whose cause's message says `client error (Connect): tcp connect error` or `dns error` (2.9; older: the TypeError's own message) | yes |
 * | edge-runtime (Vercel's, on Node) | TypeError "fetch failed", cause `code` ECONNREFUSED (its undici)  | yes        |
 * | workerd            | a bare Error "Network connection lost." (no code, no cause)                     | no: reported as may-have-been-sent |
 * | browsers           | a bare TypeError ("Failed to fetch")                                            | no: reported as may-have-been-sent |
 *
 * `npm run test:runtimes` (scripts/test-runtimes.ts) checks each row but the browsers' on the runtimes themselves.
 */

/** Set by a parts sender on an error for a request that never left (queued for a connection when it ended). */
export const NOT_SENT = Symbol.for('switchboard.notSent');

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL', 'ConnectionRefused']);
/**
 * Deno's fetch: a TypeError "fetch failed" whose cause says "error sending request for url (…): client error
 * (Connect): tcp connect error: Connection refused (os error 111)" or "… dns error: …" (Deno 2.9; older versions put
 * the text in the TypeError's own message).
 */
const DENO_NOT_SENT = /client error \(Connect\): (?:tcp connect error|dns error)/;

/** Whether the error or one of its causes (four deep at most) carries Deno's "could not connect" message. */
function denoNotSent(error: unknown): boolean {
  let current = error;
  for (let depth = 0; current !== null && typeof current === 'object' && depth < 4; depth += 1) {
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string' && DENO_NOT_SENT.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** The first error code in the chain (`error.code`, then `error.cause.code`, …), ignoring abort codes. */
export function causeCode(error: unknown): string | undefined {
  let current = error;
  for (let depth = 0; current !== null && typeof current === 'object' && depth < 4; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ABORT_ERR') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function provablyNotSent(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  if ((error as { [NOT_SENT]?: unknown })[NOT_SENT] === true) return true;
  const code = causeCode(error);
  if (code !== undefined) return NOT_SENT_CODES.has(code);
  return denoNotSent(error);
}

/** Marks an error as "the request never left", for the transport's retry policy. */
export function markNotSent<E extends object>(error: E): E {
  Object.defineProperty(error, NOT_SENT, { value: true });
  return error;
}
