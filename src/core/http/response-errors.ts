/**
 * Turning an HTTP answer the client cannot use into a typed error: the provider's failure (ApiError subclasses, by
 * status or by the provider's own code) and the 2xx whose body breaks the spec (UnexpectedResponseError).
 */
import { apiErrorClassFor, UnexpectedResponseError, type ApiError, type ApiErrorClass } from '../errors/index.ts';
import { errorBody, excerpt, redactHeaders } from './error-body.ts';
import { redactText } from './redact.ts';
import { requestIdOf } from './request-id.ts';
import { responseFacts, responseText } from './transport.ts';

export interface ErrorDetails {
  /** The provider's error code from the body. */
  code?: number | string;
  /** The provider's own description of the failure, from the body. */
  detail?: string;
  /** A provider-specific class that overrides the one chosen by status (CM's 101 is an auth failure on HTTP 400). */
  errorClass?: ApiErrorClass;
}

/**
 * The start of a body, for an error message: enough to see what the server said without flooding a log. `body` is
 * what an error keeps (bounded in size and depth by errorBody), so stringifying it is safe.
 */
function summarizeBody(body: unknown, limit = 200): string | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  let text: string;
  try {
    text = typeof body === 'string' ? body : JSON.stringify(body);
  } catch {
    return undefined;
  }
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/**
 * Builds the typed error for an HTTP failure, with the attempts and "outcome unknown" the transport recorded.
 * The body is redacted of the client's secrets before it is kept, since a mock or proxy may echo the request.
 */
export function apiErrorFromResponse(
  provider: string,
  response: Response,
  body: unknown,
  secrets: readonly string[],
  details: ErrorDetails = {},
): ApiError {
  const facts = responseFacts(response);
  // A provider's code picks the class where the status is generic (CM's 101 on a 400); 401 and 429 say it all.
  const byStatus = apiErrorClassFor(response.status);
  const ErrorClass = response.status === 401 || response.status === 429 ? byStatus : (details.errorClass ?? byStatus);
  const code = details.code === undefined ? '' : ` (code ${details.code})`;
  const safeBody = errorBody(body, responseText(response), secrets);
  const summary = details.detail !== undefined ? excerpt(details.detail, secrets, 500) : summarizeBody(safeBody);
  const detail = summary ? `: ${summary}` : '';
  const unknown = facts?.outcomeUnknown ? '; it may have been processed, and was not retried' : '';
  const contract = mockViolations(response.headers);
  return new ErrorClass({
    status: response.status,
    headers: redactHeaders(response.headers, secrets),
    body: safeBody,
    code: details.code,
    requestId: requestIdOf(response.headers),
    message: redactText(`${provider} answered HTTP ${response.status}${code}${detail}${unknown}${contract}`, secrets),
    attempts: facts?.attempts,
    outcomeUnknown: facts?.outcomeUnknown,
  });
}

/**
 * Prism, the mock server, says in `sl-violations` why it refused a request; the error message repeats it, so a
 * request that breaks the spec shows why in tests against the mocks.
 */
function mockViolations(headers: Headers): string {
  const header = headers.get('sl-violations');
  if (!header) return '';
  try {
    const violations = JSON.parse(header) as Array<{ severity?: string; message?: string }>;
    const errors = violations.filter((v) => v.severity === 'Error' && v.message).map((v) => v.message);
    return errors.length > 0 ? ` (the mock server refused the request: ${errors.join('; ')})` : '';
  } catch {
    return '';
  }
}

/** A 2xx whose body is not what the spec says. For a send, the message may have gone out all the same. */
export function unexpectedResponse(
  provider: string,
  response: Response,
  body: unknown,
  secrets: readonly string[],
  why: string,
): UnexpectedResponseError {
  const facts = responseFacts(response);
  const mayHaveSent = facts?.kind !== 'read';
  return new UnexpectedResponseError({
    status: response.status,
    headers: redactHeaders(response.headers, secrets),
    body: errorBody(body, responseText(response), secrets),
    requestId: requestIdOf(response.headers),
    message: redactText(
      `${provider} answered HTTP ${response.status} but ${why}${mayHaveSent ? '; the request may have been processed' : ''}${mockViolations(response.headers)}`,
      secrets,
    ),
    attempts: facts?.attempts,
    outcomeUnknown: mayHaveSent,
  });
}
