import type * as z from 'zod/mini';
import { messageText, readInit, SwitchboardError } from './switchboard-error.ts';
import { quickCheck } from '../quick-check.ts';

export interface ValidationIssue {
  /** Where the problem is, as a property path: `to[0].number`, `body.content`. Empty for the input as a whole. */
  path: string;
  /** Why the value was refused. Never contains the value itself, so a credential cannot leak through it. */
  message: string;
}

/** Input that the client can tell is wrong; thrown before any request is sent. */
export class ValidationError extends SwitchboardError {
  override readonly name = 'ValidationError';
  readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[], context?: string) {
    // Tolerant of what it is given, as an error constructor must be: it never throws.
    let list: ValidationIssue[] = [];
    try {
      if (Array.isArray(issues))
        list = issues
          .filter((issue) => issue !== null && typeof issue === 'object')
          .map((issue) => readInit<ValidationIssue>(issue) as ValidationIssue);
    } catch {
      list = [];
    }
    super(describe(list, typeof context === 'string' ? context : undefined));
    this.issues = list;
  }

  static fromZod(error: z.core.$ZodError, context?: string): ValidationError {
    return new ValidationError(zodIssues(error), context);
  }
}

/** zod's issues as ValidationIssues. zod 4 leaves the input out of its issues, so no value can leak through. */
export function zodIssues(error: z.core.$ZodError, at: readonly PropertyKey[] = []): ValidationIssue[] {
  return error.issues.map((issue) => ({ path: formatPath([...at, ...issue.path]), message: issue.message }));
}

/**
 * Checks one value by its own schema (a field's, from a generated object schema's `shape`) and adds its issues,
 * named from `at`: how the clients check the common messages of a batch field by field, without parsing a copy of
 * the whole object.
 */
export function checkField(
  issues: ValidationIssue[],
  at: readonly PropertyKey[],
  schema: z.ZodMiniType,
  value: unknown,
): void {
  if (quickCheck(schema)(value)) return;
  const checked = schema.safeParse(value);
  if (!checked.success) issues.push(...zodIssues(checked.error, at));
}

function describe(issues: ValidationIssue[], context?: string): string {
  const shown = issues
    .slice(0, 3)
    .map((issue) =>
      issue.path
        ? `${messageText(issue.path, '')}: ${messageText(issue.message, 'is invalid')}`
        : messageText(issue.message, 'is invalid'),
    );
  const more = issues.length > shown.length ? ` (and ${issues.length - shown.length} more)` : '';
  return `${context ? `${context}: ` : ''}${shown.join('; ')}${more}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}
