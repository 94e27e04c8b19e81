/**
 * The first look at what a caller passed, before zod or JSON.stringify see it. zod and JSON.stringify assume plain
 * data: given a cycle, a BigInt, a 20,000-deep object, a getter that throws or an array with holes, they throw a raw
 * TypeError or RangeError (or, for holes, send `null`). Everything here turns such input into a ValidationError that
 * names the place, and never includes the value itself (it may be a credential).
 */
import type { ZodMiniType } from 'zod/mini';
import { SwitchboardError, ValidationError, type ValidationIssue } from './errors/index.ts';
import { parseQuickly } from './quick-check.ts';

/** Deeper than any request body of the three APIs (their deepest, CM rich content, is about 8 levels). */
export const MAX_INPUT_DEPTH = 64;
/** Values (objects, arrays and scalars) one argument may hold; a generous bound that stops a pathological DAG. */
export const MAX_INPUT_NODES = 1_000_000;

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** A value JSON.stringify writes as it is: not a Map, a class instance or an object with its own `toJSON`. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  try {
    if (Array.isArray(value)) return false;
    const proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
  } catch {
    // A revoked Proxy, or one whose getPrototypeOf trap throws.
    return false;
  }
}

/**
 * Issues that make `value` something other than JSON data: cycles, holes and `undefined` in arrays, BigInt,
 * symbols, functions, non-finite numbers, objects that are not plain, `__proto__` keys, getters that throw, and
 * more than MAX_INPUT_DEPTH levels or MAX_INPUT_NODES values. An empty list means JSON.stringify and zod can read it.
 */
export function jsonDataIssues(value: unknown, path = ''): ValidationIssue[] {
  if (isShallowJsonData(value)) return [];
  const issues: ValidationIssue[] = [];
  // The path and the chain of objects above the current value, as stacks: a path is only written out when there
  // is an issue to name (this runs once per message of a batch, so it must cost little when all is well).
  const keys: Array<string | number> = [];
  const ancestors: object[] = [];
  let nodes = 0;
  const report = (message: string, key?: string | number) => {
    let at = path;
    for (const each of keys) at = join(at, each);
    issues.push({ path: key === undefined ? at : join(at, key), message });
  };

  // Recursion is bounded by MAX_INPUT_DEPTH, so it cannot overflow the stack.
  const visit = (current: unknown): void => {
    if (issues.length >= 10) return;
    nodes += 1;
    if (nodes > MAX_INPUT_NODES) {
      if (nodes === MAX_INPUT_NODES + 1) issues.push({ path, message: `holds more than ${MAX_INPUT_NODES} values` });
      return;
    }
    switch (typeof current) {
      case 'string':
      case 'boolean':
      case 'undefined':
        return;
      case 'number':
        if (!Number.isFinite(current)) report('must be a finite number');
        return;
      case 'bigint':
        report('is a BigInt, which JSON cannot carry: use a number or a string');
        return;
      case 'symbol':
      case 'function':
        report(`is a ${typeof current}, which JSON cannot carry`);
        return;
    }
    if (current === null) return;
    const object = current as object;
    if (ancestors.length >= MAX_INPUT_DEPTH) {
      report(`is nested more than ${MAX_INPUT_DEPTH} levels deep`);
      return;
    }
    if (ancestors.includes(object)) {
      report('refers back to an object that contains it (a cycle)');
      return;
    }
    ancestors.push(object);
    const keyDepth = keys.length;
    try {
      if (Array.isArray(object)) {
        for (let index = 0; index < object.length; index += 1) {
          if (!(index in object) || object[index] === undefined) {
            report('is a hole or undefined: arrays must be dense', index);
            continue;
          }
          keys.push(index);
          visit(object[index]);
          keys.pop();
        }
      } else if (!isPlainObject(object)) {
        report('must be a plain object (JSON data), not a class instance, Map, Date or similar');
      } else {
        for (const key of Object.keys(object)) {
          if (key === '__proto__') {
            report('is not allowed as a key', key);
            continue;
          }
          keys.push(key);
          visit((object as Record<string, unknown>)[key]);
          keys.pop();
        }
      }
    } catch (error) {
      // A getter or a Proxy trap threw: name the place, not what it said (its message is the caller's).
      // The key being read is still on the stack, so the issue names it.
      if (error instanceof SwitchboardError) throw error;
      report(`could not be read (${errorName(error)})`);
    } finally {
      keys.length = keyDepth;
      ancestors.pop();
    }
  };

  visit(value);
  return issues;
}

/** How deep the quick check goes before leaving a value to the full walk (a message's `channelOptions.sms.from`). */
const SHALLOW_DEPTH = 4;

/**
 * The common case, checked without the full walk's bookkeeping: plain objects and dense arrays, at most
 * SHALLOW_DEPTH levels, of strings, finite numbers, booleans and null (and `undefined` as an object's value). A
 * cycle is deeper than any bound, so it falls through too. Anything else, or anything that throws while read, is
 * left to the full walk: false means "not sure", not "invalid".
 */
function isShallowJsonData(value: unknown, depth = 0): boolean {
  if (depth > SHALLOW_DEPTH) return false;
  try {
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index += 1) {
        // A hole reads as undefined, which arrays may not hold: the full walk names it.
        const item = value[index];
        if (item === undefined || !isShallowJsonValue(item, depth)) return false;
      }
      return true;
    }
    if (!isPlainObject(value)) return false;
    for (const key of Object.keys(value)) {
      if (key === '__proto__') return false;
      const field = value[key];
      if (field !== undefined && !isShallowJsonValue(field, depth)) return false;
    }
    return true;
  } catch {
    return false;
  }
}

function isShallowJsonValue(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      return value === null || isShallowJsonData(value, depth + 1);
    default:
      return false;
  }
}

/** Throws a ValidationError when `value` is not JSON data (see jsonDataIssues). */
export function requireJsonData(value: unknown, context: string, path = ''): void {
  const issues = jsonDataIssues(value, path);
  if (issues.length > 0) throw new ValidationError(issues, context);
}

/** A plain object of JSON data, or a ValidationError (a string, an array, `null` or a class instance is refused). */
export function requireJsonObject(value: unknown, context: string, path = ''): Record<string, unknown> {
  if (!isPlainObject(value)) {
    throw new ValidationError([{ path, message: `must be an object, not ${describeType(value)}` }], context);
  }
  requireJsonData(value, context, path);
  return value;
}

/** `undefined`, or what `requireJsonObject` accepts. */
export function optionalJsonObject(value: unknown, context: string, path = ''): Record<string, unknown> | undefined {
  return value === undefined ? undefined : requireJsonObject(value, context, path);
}

/**
 * Runs the part of a call that reads the caller's input. A non-Switchboard error thrown there (a getter that
 * throws, a Proxy, a value zod cannot walk) becomes a ValidationError, so nothing raw escapes and nothing is sent.
 */
export function readingInput<T>(context: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof SwitchboardError) throw error;
    throw new ValidationError([{ path: '', message: `could not be read (${errorName(error)})` }], context);
  }
}

/** A dense array of the given length or shorter; a string, a holey array, an array-like or `null` is refused. */
export function requireDenseArray(
  value: unknown,
  path: string,
  context: string,
  options: { min?: number } = {},
): readonly unknown[] {
  if (!Array.isArray(value))
    throw new ValidationError([{ path, message: `must be an array, not ${describeType(value)}` }], context);
  const min = options.min ?? 0;
  if (value.length < min)
    throw new ValidationError([{ path, message: `must have at least ${min} item${min === 1 ? '' : 's'}` }], context);
  for (let index = 0; index < value.length; index += 1) {
    if (!(index in value) || value[index] === undefined || value[index] === null) {
      throw new ValidationError(
        [{ path: `${path}[${index}]`, message: 'is missing: holes, undefined and null are not items' }],
        context,
      );
    }
  }
  return value;
}

/** What a value is, for a message that must not show the value itself. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return `a ${typeof value}`;
  if (isPlainObject(value)) return 'an object';
  try {
    return Array.isArray(value) ? 'an array' : 'an object that is not plain data';
  } catch {
    return 'an object that cannot be read';
  }
}

function errorName(error: unknown): string {
  try {
    if (error instanceof Error) return `${error.name}${error instanceof RangeError ? ': too large or too deep' : ''}`;
  } catch {
    // a hostile error object: say nothing of it
  }
  return 'it threw';
}

/**
 * A webhook payload given as the raw body (a string) or already parsed. A string that is not JSON is a
 * ValidationError; a parsed value must be JSON data (no cycles, no getters that throw).
 */
export function parseJsonPayload(payload: unknown, context: string): unknown {
  if (typeof payload !== 'string') {
    readingInput(context, () => requireJsonData(payload, context));
    return payload;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    throw new ValidationError([{ path: '', message: 'is not valid JSON' }], context);
  }
  // JSON.parse takes any depth; a sender could post 15,000 levels, which later code should not have to walk.
  requireJsonData(parsed, context);
  return parsed;
}

/**
 * A body argument: a plain object of JSON data, copied (so a getter is read once and what is checked is what is
 * sent), and checked against the spec's zod schema; a ValidationError names every problem.
 */
export function checkedBody<T>(schema: ZodMiniType<T>, value: unknown, context: string, path = ''): T {
  return readingInput(context, () => {
    const copy = { ...requireJsonObject(value, context, path) };
    const parsed = parseQuickly(schema, copy);
    if (!parsed.success) throw ValidationError.fromZod(parsed.error, context);
    return copy as T;
  });
}
