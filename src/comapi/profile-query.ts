/**
 * Builds the query string of `GET /profiles` from a typed filter, so callers never write the operator
 * syntax by hand. Comapi parses the field filters with the npm package mongo-querystring (its Android SDK's
 * QueryBuilder writes the same operators), which reads the first character of a value as the operator.
 * What that parser does, and so what this module must guard against:
 *   - `!x` ne, `>x` gt, `>=x` gte, `<x` lt, `<=x` lte, `^x` starts with, `$x` ends with, `~x` contains
 *     (the last three become a case-insensitive regular expression with the value pasted in unescaped);
 *   - an empty value means "exists", a lone `!` "does not exist";
 *   - `f[]=a&f[]=b` is "in", `f[]=!a` "not in"; repeated conditions on one field combine (`age[]=>=18&age[]=<65`);
 *   - `true`/`false` become booleans and numeric-looking values numbers; Comapi documents that a numeric-looking
 *     string can be kept a string by wrapping it in single quotes;
 *   - a field whose name has characters outside `[A-Za-z0-9_.-]` (and æøå) is silently ignored.
 */
import { ValidationError, type ValidationIssue } from '../core/errors/index.ts';
import { isPlainObject, readingInput, requireJsonObject } from '../core/input.ts';

type Scalar = string | number | boolean;

/** Conditions on one profile field; several combine with AND. */
export interface FieldConditions {
  eq?: Scalar;
  ne?: Scalar;
  gt?: string | number;
  gte?: string | number;
  lt?: string | number;
  lte?: string | number;
  /** Case-insensitive. */
  startsWith?: string;
  /** Case-insensitive. */
  endsWith?: string;
  /** Case-insensitive. */
  contains?: string;
  /** `true`: the field is set; `false`: it is not. Cannot be combined with other conditions. */
  exists?: boolean;
  in?: readonly Scalar[];
  notIn?: readonly Scalar[];
}

/** A profile filter: field name (dots for nested fields) to a value (equality) or conditions. */
export type ProfileFilter = Record<string, Scalar | FieldConditions>;

const OPERATOR_CHARS = new Set(['!', '^', '$', '~', '>', '<']);
/** mongo-querystring's own key pattern; a key outside it is dropped without a word. */
const FIELD_NAME = /^[a-zæøå0-9\-_.]+$/i;
// `=` too: after an operator the parser swallows a `=` in second place (`^=x` means "starts with x").
const REGEX_SPECIALS = /[\\^$.*+?()[\]{}|/=]/g;

function looksTyped(value: string): boolean {
  return /^(true|false)$/i.test(value) || (value.trim() !== '' && !Number.isNaN(Number(value)));
}

/** A literal value as the parser will read it back: strings that would turn into numbers or booleans are quoted. */
function literal(value: Scalar): string {
  if (typeof value !== 'string') return String(value);
  return looksTyped(value) ? `'${value}'` : value;
}

function escapeRegex(value: string): string {
  // mongo-querystring 4 strips the first literal "undefined" from a contains-value (a typo in its code:
  // `replace(this.valReqex, '')`); a character class keeps the text out of its reach and matches the same.
  return value.replace(REGEX_SPECIALS, '\\$&').replace(/undefined/g, '[u]ndefined');
}

function isScalar(value: unknown): value is Scalar {
  return (
    typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))
  );
}

/** The operand types each operator takes; anything else would be sent as `[object Object]` or `1,2`. */
const OPERAND_CHECKS: Record<keyof FieldConditions, { test: (value: unknown) => boolean; message: string }> = {
  eq: { test: isScalar, message: 'must be a string, a finite number or a boolean' },
  ne: { test: isScalar, message: 'must be a string, a finite number or a boolean' },
  gt: {
    test: (v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)),
    message: 'must be a string or a finite number',
  },
  gte: {
    test: (v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)),
    message: 'must be a string or a finite number',
  },
  lt: {
    test: (v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)),
    message: 'must be a string or a finite number',
  },
  lte: {
    test: (v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)),
    message: 'must be a string or a finite number',
  },
  startsWith: { test: (v) => typeof v === 'string', message: 'must be a string' },
  endsWith: { test: (v) => typeof v === 'string', message: 'must be a string' },
  contains: { test: (v) => typeof v === 'string', message: 'must be a string' },
  exists: { test: (v) => typeof v === 'boolean', message: 'must be true or false' },
  in: {
    test: (v) => Array.isArray(v) && v.length > 0 && Array.from(v).every(isScalar),
    message: 'must be a non-empty array of strings, finite numbers or booleans',
  },
  notIn: {
    test: (v) => Array.isArray(v) && v.length > 0 && Array.from(v).every(isScalar),
    message: 'must be a non-empty array of strings, finite numbers or booleans',
  },
};

/** Whether a condition becomes a regular expression: the parser keeps only the last one given for a field. */
function isRegex(op: keyof FieldConditions, raw: unknown): boolean {
  if (op === 'startsWith' || op === 'endsWith' || op === 'contains') return true;
  return op === 'eq' && isScalar(raw) && (OPERATOR_CHARS.has(literal(raw)[0] ?? '') || raw === '');
}

/**
 * Turns a filter into query pairs; throws a ValidationError for what the query language cannot say: a field with
 * no condition (it would filter nothing, and `export` would export every profile), an operand of the wrong type,
 * two regular-expression conditions on one field (only the last would count), and `eq` with `in` (they would OR).
 */
export function buildProfileFilter(filter: ProfileFilter): Array<[string, string]> {
  return readingInput('Invalid profile filter', () =>
    build(requireJsonObject(filter, 'Invalid profile filter', 'filter') as ProfileFilter),
  );
}

function build(filter: ProfileFilter): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const issues: ValidationIssue[] = [];

  for (const [field, spec] of Object.entries(filter)) {
    if (!FIELD_NAME.test(field)) {
      issues.push({
        path: field,
        message: 'field names may contain only letters, digits, "_", "-" and "." (Comapi ignores others)',
      });
      continue;
    }
    if (!isScalar(spec) && !isPlainObject(spec)) {
      issues.push({
        path: field,
        message: 'must be a value (string, finite number, boolean) or an object of conditions',
      });
      continue;
    }
    const conditions: FieldConditions = isPlainObject(spec) ? (spec as FieldConditions) : { eq: spec };
    const given = (Object.entries(conditions) as Array<[keyof FieldConditions, unknown]>).filter(
      ([, raw]) => raw !== undefined,
    );
    if (given.length === 0) {
      issues.push({
        path: field,
        message: 'has no condition: give at least one, or leave the field out of the filter',
      });
      continue;
    }
    const fail = (op: string, message: string) => issues.push({ path: `${field}.${op}`, message });
    if (given.filter(([op, raw]) => isRegex(op, raw)).length > 1) {
      issues.push({
        path: field,
        message:
          'at most one of startsWith, endsWith, contains (and eq of a value starting with an operator character) per field: Comapi keeps only the last',
      });
      continue;
    }
    if (conditions.eq !== undefined && conditions.in !== undefined) {
      issues.push({ path: field, message: 'eq and in cannot be combined: Comapi would match either (OR), not both' });
      continue;
    }
    const values: string[] = [];

    for (const [op, raw] of given) {
      const check = Object.hasOwn(OPERAND_CHECKS, op) ? OPERAND_CHECKS[op] : undefined;
      if (!check) {
        fail(op, 'is not a filter operator');
        continue;
      }
      if (!check.test(raw)) {
        fail(op, check.message);
        continue;
      }
      // An empty operand reads as another operator: `!` alone is "does not exist", an empty value "exists".
      const emptyOperand = raw === '' || (Array.isArray(raw) && raw.includes(''));
      if (emptyOperand && op !== 'eq') {
        fail(op, 'an empty value cannot be expressed here (use exists: false, or eq: "")');
        continue;
      }
      switch (op) {
        case 'eq': {
          const value = literal(raw as Scalar);
          // A leading operator character would be read as the operator: say "equals" as an anchored match instead.
          values.push(OPERATOR_CHARS.has(value[0] ?? '') || value === '' ? `^${escapeRegex(String(raw))}$` : value);
          break;
        }
        case 'ne': {
          const value = literal(raw as Scalar);
          if (value.startsWith('=')) fail(op, 'a value starting with "=" cannot be expressed: "!=x" means "not x"');
          else values.push(`!${value}`);
          break;
        }
        case 'gt':
        case 'lt': {
          const value = literal(raw as Scalar);
          if (value.startsWith('=')) fail(op, `a value starting with "=" would be read as ${op}e`);
          else values.push(`${op === 'gt' ? '>' : '<'}${value}`);
          break;
        }
        case 'gte':
        case 'lte':
          values.push(`${op === 'gte' ? '>' : '<'}=${literal(raw as Scalar)}`);
          break;
        case 'startsWith':
          values.push(`^${escapeRegex(String(raw))}`);
          break;
        case 'endsWith':
          values.push(`$${escapeRegex(String(raw))}`);
          break;
        case 'contains':
          values.push(`~${escapeRegex(String(raw))}`);
          break;
        case 'exists':
          if (Object.values(conditions).filter((v) => v !== undefined).length > 1)
            fail(op, 'cannot be combined with other conditions');
          else values.push(raw ? '' : '!');
          break;
        case 'in':
        case 'notIn': {
          const items = raw as readonly Scalar[];
          if (!Array.isArray(items) || items.length === 0) {
            fail(op, 'needs a non-empty array');
            break;
          }
          for (const item of items) {
            const value = literal(item);
            if (op === 'in' && OPERATOR_CHARS.has(value[0] ?? ''))
              fail(op, 'a value starts with an operator character, which "in" cannot carry');
            else if (op === 'notIn' && value.startsWith('='))
              fail(op, 'a value starts with "=", which "notIn" cannot carry');
            else values.push(op === 'in' ? value : `!${value}`);
          }
          break;
        }
        default:
          fail(op, 'is not a filter operator');
      }
    }

    // One condition goes as `field=value`; several (or any in/notIn) as the array form, which ANDs them.
    const arrayForm = values.length > 1 || conditions.in !== undefined || conditions.notIn !== undefined;
    for (const value of values) pairs.push([arrayForm ? `${field}[]` : field, value]);
  }

  if (issues.length > 0) throw new ValidationError(issues, 'Invalid profile filter');
  return pairs;
}
