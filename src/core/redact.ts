const REDACTED = '[redacted]';

/**
 * Replaces every occurrence of the given secrets in a value (strings anywhere inside objects and arrays).
 * Used on whatever a server sent back before it is kept on an error: a mock or a proxy may echo the
 * request, credentials included.
 */
export function redact<T>(value: T, secrets: readonly string[]): T {
  const active = secrets.filter((secret) => secret.length > 0);
  if (active.length === 0) return value;
  return redactValue(value, active) as T;
}

function redactValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') {
    return secrets.reduce((text, secret) => text.split(secret).join(REDACTED), value);
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactValue(item, secrets)]));
  }
  return value;
}
