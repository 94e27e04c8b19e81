/**
 * A check compiled from a generated zod schema that reads a value without building zod's output copy: `true` only
 * when zod would accept the value and its output would equal the value itself, so the value can stand for
 * `safeParse(value).data`. `false` means "ask zod": the value is invalid, or the schema does something this check
 * does not model (a transform, a default, an intersection, an object that would drop unknown keys). Callers fall
 * back to `safeParse` on `false`, so a `false` costs time, never correctness; a wrong `true` is the one bug to avoid,
 * and test/core/quick-check.property.test.ts compares the two on generated values.
 *
 * Why: zod parses a 1000-entry batch answer into a copy of 1000 objects, a tenth of a CM batch's client CPU (by
 * --cpu-prof); checking in place costs a fraction of that. The leaves (a string's length, pattern and format, an
 * integer's range) run zod's own check functions, so no rule is written again here; only the containers are walked.
 */
import type * as z from 'zod/mini';

type Check = (value: unknown) => boolean;

/** What this file reads of a zod schema or check: `_zod.def`, zod's documented introspection point. */
interface Internals {
  _zod: {
    def: {
      type: string;
      checks?: Internals[];
      check?: string;
      shape?: Record<string, Internals>;
      catchall?: Internals;
      innerType?: Internals;
      element?: Internals;
      options?: Internals[];
      keyType?: Internals;
      valueType?: Internals;
    };
    values?: Set<unknown>;
    optin?: string;
    check?: (payload: { value: unknown; issues: unknown[] }) => void;
  };
}

/** By schema: the compiled walk, and the guarded check `quickCheck` hands out. */
const compiled = new WeakMap<object, Check>();
const guarded = new WeakMap<object, Check>();
const never: Check = () => false;

/** The quick check of `schema`, compiled once per schema object. */
export function quickCheck(schema: z.ZodMiniType): Check {
  const known = guarded.get(schema);
  if (known) return known;
  const check = compile(schema as unknown as Internals);
  // A throw while reading (a revoked Proxy, a getter, a stack overflow on a cyclic value) is "ask zod": the value
  // then gets exactly the handling it would get without the quick check.
  const safe: Check = (value) => {
    try {
      return check(value);
    } catch {
      return false;
    }
  };
  guarded.set(schema, safe);
  return safe;
}

/** `schema.safeParse(value)`, answered from the value itself when the quick check passes. */
export function parseQuickly<T>(schema: z.ZodMiniType<T>, value: unknown): ReturnType<z.ZodMiniType<T>['safeParse']> {
  return quickCheck(schema)(value) ? { success: true, data: value as T } : schema.safeParse(value);
}

function compile(schema: Internals): Check {
  const known = compiled.get(schema);
  if (known) return known;
  // Recursive schemas (zod's getter shapes) reach themselves: the entry is in place before the parts are compiled.
  let check: Check = never;
  compiled.set(schema, (value) => check(value));
  try {
    check = build(schema);
  } catch {
    check = never;
  }
  compiled.set(schema, check);
  return check;
}

function build(schema: Internals): Check {
  const def = schema._zod.def;
  switch (def.type) {
    case 'string':
      return leaf(schema, (value) => typeof value === 'string');
    case 'number':
      // zod 4 refuses NaN and ±Infinity for every number schema; `int` is a format check, run by `leaf`.
      return leaf(schema, (value) => typeof value === 'number' && Number.isFinite(value));
    case 'boolean':
      return leaf(schema, (value) => typeof value === 'boolean');
    case 'null':
      return (value) => value === null;
    case 'enum':
    case 'literal': {
      const values = schema._zod.values;
      return values && !def.checks?.length ? (value) => values.has(value) : never;
    }
    case 'unknown':
    case 'any':
      // The output is the input itself, whatever it is.
      return def.checks?.length ? never : () => true;
    case 'optional': {
      const inner = compile(def.innerType!);
      return (value) => value === undefined || inner(value);
    }
    case 'nullable': {
      const inner = compile(def.innerType!);
      return (value) => value === null || inner(value);
    }
    case 'readonly':
      // zod freezes a readonly object's output: only a readonly primitive is its input unchanged.
      return isPrimitive(def.innerType!) ? compile(def.innerType!) : never;
    case 'array':
      return arrayCheck(schema);
    case 'object':
      return objectCheck(schema);
    case 'record':
      return recordCheck(schema);
    case 'union':
      return unionCheck(def.options ?? []);
    default:
      // Transforms, pipes, defaults, intersections, tuples, lazies…: zod decides.
      return never;
  }
}

/**
 * A string, number or boolean: its type, then the schema's own format check (`z.uuid()`, `z.int()`) and its
 * refinements (`minLength`, `regex`, `gte`), each zod's own function run on one reused payload.
 */
function leaf(schema: Internals, type: Check): Check {
  const checks = [schema, ...(schema._zod.def.checks ?? [])].filter((item) => item._zod.def.check !== undefined);
  // Only checks that read the value: an `overwrite` (trim, toLowerCase) changes zod's output.
  if (checks.some((item) => !READING_CHECKS.has(item._zod.def.check!) || typeof item._zod.check !== 'function'))
    return never;
  if (checks.length === 0) return type;
  const runs = checks.map((item) => item._zod.check!.bind(item._zod));
  const payload: { value: unknown; issues: unknown[] } = { value: undefined, issues: [] };
  return (value) => {
    if (!type(value)) return false;
    // Issues left by a check that threw on an earlier value are not this value's.
    if (payload.issues.length > 0) payload.issues = [];
    payload.value = value;
    for (const run of runs) {
      run(payload);
      if (payload.issues.length > 0) {
        payload.issues = [];
        return false;
      }
    }
    return true;
  };
}

const READING_CHECKS = new Set([
  'string_format',
  'number_format',
  'min_length',
  'max_length',
  'length_equals',
  'greater_than',
  'less_than',
  'multiple_of',
]);

function arrayCheck(schema: Internals): Check {
  const def = schema._zod.def;
  const element = compile(def.element!);
  const bounds = lengthBounds(def.checks ?? []);
  if (!bounds) return never;
  return (value) => {
    if (!Array.isArray(value) || value.length < bounds.min || value.length > bounds.max) return false;
    for (let index = 0; index < value.length; index += 1) if (!element(value[index])) return false;
    return true;
  };
}

/** An array's `minLength`/`maxLength`; undefined for any other refinement (zod then decides). */
function lengthBounds(checks: Internals[]): { min: number; max: number } | undefined {
  let min = 0;
  let max = Number.POSITIVE_INFINITY;
  for (const check of checks) {
    const def = check._zod.def as { check?: string; minimum?: number; maximum?: number };
    if (def.check === 'min_length' && typeof def.minimum === 'number') min = Math.max(min, def.minimum);
    else if (def.check === 'max_length' && typeof def.maximum === 'number') max = Math.min(max, def.maximum);
    else return undefined;
  }
  return { min, max };
}

/**
 * An object: each field of the shape by its own check (an absent field passes only if optional), and any other
 * key by the catchall. A looseObject keeps unknown keys, so its output is the input; a plain `z.object` drops them
 * and a strictObject refuses them, so an unknown key there is left to zod.
 */
function objectCheck(schema: Internals): Check {
  const def = schema._zod.def;
  if (def.checks?.length) return never;
  const shape = def.shape ?? {};
  const fields = Object.keys(shape).map((key) => ({
    key,
    check: compile(shape[key]!),
    optional: shape[key]!._zod.optin === 'optional',
  }));
  const keys = new Set(fields.map((field) => field.key));
  const catchall = def.catchall && def.catchall._zod.def.type !== 'never' ? compile(def.catchall) : undefined;
  return (value) => {
    if (!isPlainData(value)) return false;
    const object = value as Record<string, unknown>;
    for (const { key, check, optional } of fields) {
      // zod 4 refuses an absent key unless its schema is optional, even one that takes undefined (`z.unknown()`).
      if (!(key in object)) {
        if (optional) continue;
        return false;
      }
      if (!check(object[key])) return false;
    }
    for (const key in object) {
      if (keys.has(key)) continue;
      if (!catchall?.(object[key])) return false;
    }
    return true;
  };
}

/** `z.record(z.string(), value)`: every own key's value by the value's check. */
function recordCheck(schema: Internals): Check {
  const def = schema._zod.def;
  const keyDef = def.keyType?._zod.def;
  if (def.checks?.length || keyDef?.type !== 'string' || keyDef.checks?.length || keyDef.check) return never;
  const valueCheck = compile(def.valueType!);
  return (value) => {
    if (!isPlainData(value)) return false;
    const object = value as Record<string, unknown>;
    for (const key in object) if (!valueCheck(object[key])) return false;
    return true;
  };
}

/**
 * zod's union answers with the first option that accepts. Among primitive options any accepting one gives the
 * input back; an object option might accept with a different output (keys dropped), so such unions go to zod.
 */
function unionCheck(options: Internals[]): Check {
  if (options.length === 0 || !options.every(isPrimitive)) return never;
  const checks = options.map(compile);
  return (value) => checks.some((check) => check(value));
}

const PRIMITIVE_TYPES = new Set(['string', 'number', 'boolean', 'null', 'enum', 'literal']);

function isPrimitive(schema: Internals): boolean {
  const def = schema._zod.def;
  if (def.type === 'optional' || def.type === 'nullable') return isPrimitive(def.innerType!);
  return PRIMITIVE_TYPES.has(def.type);
}

/**
 * An object zod would copy key for key: a plain object (zod builds one with Object.prototype) without an own
 * `__proto__` key (which zod's copy would turn into the copy's prototype).
 */
function isPlainData(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype && !Object.hasOwn(value, '__proto__');
}
