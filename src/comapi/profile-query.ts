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

/** Turns a filter into query pairs; throws a ValidationError for what the query language cannot say. */
export function buildProfileFilter(filter: ProfileFilter): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const issues: ValidationIssue[] = [];

  for (const [field, spec] of Object.entries(filter)) {
    if (!FIELD_NAME.test(field)) {
      issues.push({ path: field, message: 'field names may contain only letters, digits, "_", "-" and "." (Comapi ignores others)' });
      continue;
    }
    const conditions: FieldConditions = typeof spec === 'object' && spec !== null ? spec : { eq: spec };
    const values: string[] = [];
    const fail = (op: string, message: string) => issues.push({ path: `${field}.${op}`, message });

    for (const [op, raw] of Object.entries(conditions) as Array<[keyof FieldConditions, unknown]>) {
      if (raw === undefined) continue;
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
          if (Object.values(conditions).filter((v) => v !== undefined).length > 1) fail(op, 'cannot be combined with other conditions');
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
            if (op === 'in' && OPERATOR_CHARS.has(value[0] ?? '')) fail(op, `"${value}" starts with an operator character, which "in" cannot carry`);
            else if (op === 'notIn' && value.startsWith('=')) fail(op, `"${value}" starts with "=", which "notIn" cannot carry`);
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
