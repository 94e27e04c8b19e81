const REDACTED = '[redacted]';
/** Deeper than this, a value is replaced whole rather than walked: a hostile answer may nest 15,000 levels. */
const MAX_REDACT_DEPTH = 32;
const TOO_DEEP = '[nested too deeply]';

/**
 * Replaces every occurrence of the given secrets in a value: strings anywhere inside objects and arrays, object
 * keys included. Used on whatever a server sent back before it is kept on an error: a mock or a proxy may echo the
 * request, credentials included. Depth is bounded, so a deep answer cannot overflow the stack.
 */
export function redact<T>(value: T, secrets: readonly string[]): T {
  const active = secrets.filter((secret) => typeof secret === 'string' && secret.length > 0);
  if (active.length === 0 && !isDeep(value)) return value;
  return redactValue(value, active, 0) as T;
}

export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length > 0 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

function redactValue(value: unknown, secrets: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_REDACT_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // defineProperty, so a `__proto__` key from JSON.parse stays a key and does not set the prototype.
    Object.defineProperty(out, redactText(key, secrets), {
      value: redactValue(item, secrets, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** Whether a value nests deeper than redaction walks (checked without recursion). */
function isDeep(value: unknown): boolean {
  let level: unknown[] = [value];
  for (let depth = 0; level.length > 0; depth += 1) {
    if (depth >= MAX_REDACT_DEPTH) return true;
    const next: unknown[] = [];
    for (const item of level) if (item !== null && typeof item === 'object') next.push(...Object.values(item));
    level = next;
  }
  return false;
}

/**
 * An error from below the client (undici, a runtime's fetch, a caller's fetch), copied with the secrets taken out of
 * its message, its stack and its own `cause` chain, so an error Switchboard throws can keep it as `cause` safely.
 * The copy keeps the name and the `code`, `errno` and `syscall` that tell what happened.
 */
export function redactError(error: unknown, secrets: readonly string[], depth = 0): unknown {
  if (error === null || error === undefined) return error;
  if (typeof error !== 'object') return typeof error === 'string' ? redactText(error, secrets) : error;
  if (depth >= 4) return undefined;
  const source = error as {
    name?: unknown;
    message?: unknown;
    stack?: unknown;
    cause?: unknown;
    code?: unknown;
    errno?: unknown;
    syscall?: unknown;
  };
  const copy = new Error(redactText(typeof source.message === 'string' ? source.message : '', secrets));
  Object.defineProperty(copy, 'name', {
    value: typeof source.name === 'string' ? source.name : 'Error',
    enumerable: false,
    configurable: true,
    writable: true,
  });
  copy.stack = typeof source.stack === 'string' ? redactText(source.stack, secrets) : `${copy.name}: ${copy.message}`;
  for (const key of ['code', 'errno', 'syscall'] as const) {
    const value = source[key];
    if (typeof value === 'string' || typeof value === 'number')
      Object.assign(copy, { [key]: typeof value === 'string' ? redactText(value, secrets) : value });
  }
  if (source.cause !== undefined) {
    const cause = redactError(source.cause, secrets, depth + 1);
    if (cause !== undefined)
      Object.defineProperty(copy, 'cause', { value: cause, enumerable: false, configurable: true, writable: true });
  }
  return copy;
}
