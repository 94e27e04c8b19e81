import { ValidationError } from './errors/index.ts';

/** A path id the caller passed: refused before sending when empty, so no request goes to a wrong URL. */
export function requireId(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ValidationError([{ path: name, message: 'must be a non-empty string' }]);
  }
  return value;
}
