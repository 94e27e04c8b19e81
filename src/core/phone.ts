import { ValidationError } from './errors/index.ts';

/** Drops the spaces, dashes, dots and brackets of human formatting; each provider then applies its own prefix rule. */
export function compactPhoneNumber(raw: string, name: string): string {
  if (typeof raw !== 'string') throw new ValidationError([{ path: name, message: 'must be a string' }]);
  return raw.trim().replace(/[\s\-.()]/g, '');
}
