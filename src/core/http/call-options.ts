/**
 * Checks of the options objects every method and client takes. `options = {}` defaults only `undefined`, so
 * `null`, a string or an object with `signal: 'nope'` would otherwise reach the transport and fail there as a raw
 * TypeError, or worse, after something was sent.
 */
import { ValidationError, type ValidationIssue } from '../errors/index.ts';
import { isPlainObject, readingInput } from '../input.ts';

/**
 * The longest delay a timer can hold: setTimeout treats anything above 2^31 − 1 ms (about 24.8 days) as 1 ms, so a
 * larger timeout would fire at once and a 40-day Retry-After would be retried immediately.
 */
export const MAX_TIMER_MS = 2_147_483_647;

/** Limits a client and a call may set; each is refused when a timer could not honour it. */
export interface LimitOptions {
  timeoutMs?: unknown;
  maxRetries?: unknown;
  maxRetryDelayMs?: unknown;
  maxResponseBytes?: unknown;
}

/** A bound on retries that keeps a misconfigured client from retrying for days. */
export const MAX_RETRIES_LIMIT = 100;

export function limitIssues(options: LimitOptions): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const { timeoutMs, maxRetries, maxRetryDelayMs, maxResponseBytes } = options;
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS)) {
    issues.push({
      path: 'timeoutMs',
      message: `must be a number of milliseconds above 0 and at most ${MAX_TIMER_MS} (about 24.8 days)`,
    });
  }
  if (
    maxRetries !== undefined &&
    !(Number.isInteger(maxRetries) && (maxRetries as number) >= 0 && (maxRetries as number) <= MAX_RETRIES_LIMIT)
  ) {
    issues.push({ path: 'maxRetries', message: `must be a whole number from 0 to ${MAX_RETRIES_LIMIT}` });
  }
  if (
    maxRetryDelayMs !== undefined &&
    !(typeof maxRetryDelayMs === 'number' && maxRetryDelayMs >= 0 && maxRetryDelayMs <= MAX_TIMER_MS)
  ) {
    issues.push({
      path: 'maxRetryDelayMs',
      message: `must be a number of milliseconds from 0 to ${MAX_TIMER_MS} (about 24.8 days)`,
    });
  }
  if (maxResponseBytes !== undefined && !(Number.isSafeInteger(maxResponseBytes) && (maxResponseBytes as number) > 0)) {
    issues.push({ path: 'maxResponseBytes', message: 'must be a whole number of bytes above 0' });
  }
  return issues;
}

/** What an AbortSignal must have for the transport to listen to it (a polyfill or another realm's will do). */
function isSignal(value: unknown): value is AbortSignal {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AbortSignal).aborted === 'boolean' &&
    typeof (value as AbortSignal).addEventListener === 'function' &&
    typeof (value as AbortSignal).removeEventListener === 'function'
  );
}

/** How a method's own options are checked, by name. */
/** `header`: a string that can be a header value (an etag): no line breaks or other control characters. */
export type OptionKind = 'boolean' | 'string' | 'string[]' | 'count' | 'whole' | 'header';

function kindIssue(value: unknown, kind: OptionKind): string | undefined {
  switch (kind) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'string':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'string[]':
      if (!Array.isArray(value)) return 'must be an array of strings';
      for (let index = 0; index < value.length; index += 1)
        if (typeof value[index] !== 'string') return 'must be an array of strings (no holes)';
      return undefined;
    case 'header':
      return typeof value === 'string' && value.length <= 8_192 && /^[\t\x20-\x7e\x80-\xff]*$/.test(value)
        ? undefined
        : 'must be a string that can be a header value (no line breaks or control characters)';
    case 'whole':
      return Number.isSafeInteger(value) && (value as number) >= 0 ? undefined : 'must be a whole number, 0 or more';
    case 'count':
      return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 1_000_000
        ? undefined
        : 'must be a whole number, 1 or more';
  }
}

/**
 * The options argument of a method, checked: `undefined` is `{}`; anything but a plain object is refused; the call
 * options (signal, timeoutMs, maxRetries) and the method's own (`own`, by name) must have their types. A shallow
 * copy is returned, so a getter is read once, here.
 */
export function readOptions<T extends object>(
  options: unknown,
  own: Record<string, OptionKind> = {},
  context = 'Invalid call options',
): T {
  if (options === undefined) return {} as T;
  return readingInput(context, () => {
    if (!isPlainObject(options))
      throw new ValidationError([{ path: 'options', message: 'must be an object or undefined' }], context);
    const copy: Record<string, unknown> = { ...options };
    const issues = limitIssues({ timeoutMs: copy.timeoutMs, maxRetries: copy.maxRetries });
    if (copy.maxRetryDelayMs !== undefined || copy.maxResponseBytes !== undefined) {
      issues.push({
        path: copy.maxRetryDelayMs !== undefined ? 'maxRetryDelayMs' : 'maxResponseBytes',
        message: 'is a client option: set it on the client',
      });
    }
    if (copy.signal !== undefined && !isSignal(copy.signal))
      issues.push({ path: 'signal', message: 'must be an AbortSignal' });
    for (const [name, kind] of Object.entries(own)) {
      const value = copy[name];
      if (value === undefined) continue;
      const problem = kindIssue(value, kind);
      if (problem) issues.push({ path: name, message: problem });
    }
    if (issues.length > 0) throw new ValidationError(issues, context);
    return copy as T;
  });
}

/** A client constructor's options: a plain object (copied, so each getter is read once), or a ValidationError. */
export function readClientOptions<T extends object>(options: unknown, context: string): T {
  return readingInput(context, () => {
    if (!isPlainObject(options))
      throw new ValidationError([{ path: 'options', message: 'must be an object' }], context);
    return { ...options } as T;
  });
}

/**
 * The API parameters of a call (query and header values such as `etag` or `includeDeleted`), kept apart from its
 * `CallOptions`: `undefined` is `{}`; anything but a plain object of the named parameters, with their types, is a
 * ValidationError. An unknown key is refused too, so call options put here by mistake are not silently ignored.
 */
export function readParams<T extends object>(
  params: unknown,
  kinds: Record<string, OptionKind>,
  context = 'Invalid parameters',
): T {
  if (params === undefined) return {} as T;
  return readingInput(context, () => {
    if (!isPlainObject(params))
      throw new ValidationError([{ path: 'params', message: 'must be an object or undefined' }], context);
    const copy: Record<string, unknown> = { ...params };
    const issues: ValidationIssue[] = [];
    for (const [name, value] of Object.entries(copy)) {
      const kind = Object.hasOwn(kinds, name) ? kinds[name] : undefined;
      if (kind === undefined) {
        issues.push({
          path: name,
          message: `is not a parameter of this call (${Object.keys(kinds).join(', ')}); call options go in the next argument`,
        });
      } else if (value !== undefined) {
        const problem = kindIssue(value, kind);
        if (problem) issues.push({ path: name, message: problem });
      }
    }
    if (issues.length > 0) throw new ValidationError(issues, context);
    return copy as T;
  });
}

/**
 * readParams for a query string: only the parameters that have a value, or undefined when none has one, so an
 * unset flag sends no `?flag=` at all.
 */
export function readQuery<T extends object>(params: unknown, kinds: Record<string, OptionKind>): T | undefined {
  const entries = Object.entries(readParams<T>(params, kinds)).filter(([, value]) => value !== undefined);
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as T);
}
