/**
 * Comapi's error bodies: a `400` lists what failed as `{"validationFailures":[{"paramName","message"}]}` (its
 * Android SDK's `ComapiResult`, and its tests); some answers carry a `message`. Other bodies are not documented.
 */
import type { ErrorDetails } from '../core/http/response-errors.ts';

export function describeComapiError(body: unknown): ErrorDetails | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { validationFailures, message } = body as { validationFailures?: unknown; message?: unknown };
  const failures = Array.isArray(validationFailures)
    ? validationFailures
        .filter(
          (failure): failure is { paramName?: unknown; message?: unknown } =>
            failure !== null && typeof failure === 'object',
        )
        .slice(0, 5)
        .map(({ paramName, message: why }) =>
          [typeof paramName === 'string' ? paramName : '', typeof why === 'string' ? why : 'invalid']
            .filter(Boolean)
            .join(': '),
        )
    : [];
  if (failures.length > 0) return { detail: failures.join('; ') };
  return typeof message === 'string' ? { detail: message } : undefined;
}
