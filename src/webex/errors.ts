/**
 * Webex answers errors with `{ code, message }`, `code` a string, and documents the HTTP status for only a
 * few codes (7000/7004 on 400, 7001 on 403, 7006 on 500). The code, not the status alone, says what failed.
 */
import {
  AuthenticationError,
  BadRequestError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  type ApiErrorClass,
} from '../core/errors/index.ts';
import type { ErrorDetails } from '../core/http/response-errors.ts';

const CLASS_BY_CODE: Record<string, ApiErrorClass> = {
  '7000': BadRequestError, // Invalid JSON
  '7001': AuthenticationError, // Authentication failed (HTTP 403 on v1)
  '7002': AuthenticationError, // Service Key Missing
  '7003': BadRequestError, // Mandatory parameters missing
  '7004': BadRequestError, // Invalid parameters/values
  '7005': BadRequestError, // Request expired
  '7006': ServerError, // Internal error
  '7007': PermissionDeniedError, // Service inactive
  '7009': BadRequestError, // More than 1000 destinations
  '7020': RateLimitError, // Maximum transaction limit (TPS) reached
  '7108': BadRequestError, // Invalid template ID
};

export function describeWebexError(body: unknown): ErrorDetails | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const { code, message } = body as { code?: unknown; message?: unknown };
  const codeText = typeof code === 'string' || typeof code === 'number' ? String(code) : undefined;
  return {
    code: codeText,
    detail: typeof message === 'string' ? message : undefined,
    errorClass: codeText ? CLASS_BY_CODE[codeText] : undefined,
  };
}
