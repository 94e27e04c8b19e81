import { ConcurrencyError, ConflictError } from '../errors/index.ts';

/** The `ETag` of a read, to pass back as `etag` to a conditional write. */
export function etagOf(response: Response): string | undefined {
  return response.headers.get('etag') ?? undefined;
}

/** The `If-Match` header for a conditional write, or none when the caller has no etag. */
export function ifMatch(etag: string | undefined): { 'If-Match'?: string } {
  return etag === undefined ? {} : { 'If-Match': etag };
}

/**
 * Runs a write that carried `If-Match: etag`; a 409 then means the etag was stale, and is rethrown as a
 * ConcurrencyError so callers can tell "someone else changed it" from other conflicts.
 */
export async function conditionalWrite<T>(etag: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (etag === undefined || !(error instanceof ConflictError) || error instanceof ConcurrencyError) throw error;
    throw new ConcurrencyError({
      status: error.status,
      headers: new Headers(error.headers),
      body: error.body,
      code: error.code,
      requestId: error.requestId,
      message: `${error.message} (the etag is stale: read the resource again)`,
      attempts: error.attempts,
      outcomeUnknown: error.outcomeUnknown,
      cause: error,
    });
  }
}
