/**
 * What an error keeps of an answer: the headers and the body, with the client's secrets taken out, and the body
 * bounded. An error is logged, serialized and kept in memory; a 100 MB answer or a 15,000-deep one must not come
 * with it. A small JSON body is kept parsed (callers read CM's `errorCode` or Webex's `code` from it); anything
 * larger is kept as the start of its text.
 */
import { redact, redactText } from './redact.ts';

/** Bodies up to this many characters are kept whole on an error; longer ones are cut to an excerpt. */
export const MAX_ERROR_BODY_CHARS = 8_192;
/** How much of a long body an error keeps. */
export const ERROR_BODY_EXCERPT_CHARS = 1_024;

/** Response headers with the secrets taken out: a proxy or mock may echo a credential in one. */
export function redactHeaders(headers: Headers, secrets: readonly string[]): Headers {
  const out = new Headers();
  for (const [name, value] of headers) out.append(name, redactText(value, secrets));
  return out;
}

/** The start of a text, redacted, with how long it was. The text is cut after redaction, so no secret is half-kept. */
export function excerpt(text: string, secrets: readonly string[], limit = ERROR_BODY_EXCERPT_CHARS): string {
  if (text.length <= limit) return redactText(text, secrets);
  const longest = secrets.reduce((max, secret) => Math.max(max, secret.length), 0);
  return `${redactText(text.slice(0, limit + longest), secrets).slice(0, limit)}… (${text.length} characters in all)`;
}

/**
 * The body an error keeps: the parsed value, redacted, when the text it came from is short; else an excerpt of the
 * text. `text` is the body as received when it is known (it bounds the parsed value's size too).
 */
export function errorBody(parsed: unknown, text: string | undefined, secrets: readonly string[]): unknown {
  if (text !== undefined && text.length > MAX_ERROR_BODY_CHARS) return excerpt(text, secrets);
  if (typeof parsed === 'string') return excerpt(parsed, secrets, MAX_ERROR_BODY_CHARS);
  return redact(parsed, secrets);
}

/** Deeper than any answer of the three APIs; an answer nested deeper is refused before anyone walks it. */
export const MAX_ANSWER_DEPTH = 64;

/**
 * Whether JSON text nests arrays and objects deeper than `max`, by one pass over its characters (strings skipped).
 * JSON.parse takes any depth, but what parsed it next (zod, redaction, the caller's JSON.stringify) may recurse.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 0x22) {
      // A string: jump to its closing quote with indexOf (native, and most of an answer's text is strings). A quote
      // preceded by an odd number of backslashes is escaped, so the search goes on past it.
      let end = text.indexOf('"', i + 1);
      while (end !== -1 && isEscaped(text, end)) end = text.indexOf('"', end + 1);
      if (end === -1) return false;
      i = end;
    } else if (code === 0x5b || code === 0x7b) {
      if (++depth > max) return true;
    } else if (code === 0x5d || code === 0x7d) {
      depth -= 1;
    }
  }
  return false;
}

function isEscaped(text: string, quote: number): boolean {
  let backslashes = 0;
  for (let j = quote - 1; j >= 0 && text.charCodeAt(j) === 0x5c; j -= 1) backslashes += 1;
  return backslashes % 2 === 1;
}
