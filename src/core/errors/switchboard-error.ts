/**
 * The root of every error Switchboard throws, so callers can tell ours from anything else with one
 * `instanceof`. Subclasses keep only data that is safe to log: no request headers, no request body,
 * no credentials. `toJSON` lists the own fields explicitly so `JSON.stringify(error)` cannot pick up
 * anything a subclass did not mean to expose.
 */
export class SwitchboardError extends Error {
  override readonly name: string = 'SwitchboardError';

  constructor(message?: string, options?: { cause?: unknown }) {
    // An error constructor must never throw: whatever it is given, it makes an error.
    let cause: { cause: unknown } | undefined;
    try {
      if (options !== null && typeof options === 'object' && 'cause' in options && options.cause !== undefined)
        cause = { cause: options.cause };
    } catch {
      cause = undefined;
    }
    super(messageText(message, ''), cause);
  }

  toJSON(): Record<string, unknown> {
    const fields: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key !== 'cause') fields[key] = value;
    }
    return fields;
  }
}

/** A message for an error constructor: the string given, or a description of what was given instead; never throws. */
export function messageText(value: unknown, fallback: string): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return fallback;
  try {
    return String(value);
  } catch {
    return fallback;
  }
}

/** An error constructor's options, copied; `{}` when they are not an object or cannot be read (a hostile Proxy). */
export function readInit<T extends object>(value: unknown): Partial<T> {
  if (value === null || typeof value !== 'object') return {};
  try {
    return { ...(value as T) };
  } catch {
    return {};
  }
}
