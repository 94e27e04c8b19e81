/**
 * CM answers a request-level failure with `{ details, errorCode, messages }`. The code, not the HTTP status alone,
 * says what failed: 101 and 103 (the product token was refused) arrive as HTTP 400.
 */
import { AuthenticationError } from '../core/errors/index.ts';
import type { ErrorDetails } from '../core/http/response-errors.ts';

/** Request-level codes that mean the product token was refused. */
const AUTH_ERROR_CODES = new Set([101, 103]);

export function describeCmError(body: unknown): ErrorDetails | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { errorCode, details } = body as { errorCode?: unknown; details?: unknown };
  const code = typeof errorCode === 'number' ? errorCode : undefined;
  return {
    code,
    detail: typeof details === 'string' ? details : undefined,
    errorClass: code !== undefined && AUTH_ERROR_CODES.has(code) ? AuthenticationError : undefined,
  };
}
