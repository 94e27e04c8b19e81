import { ValidationError } from './errors/index.ts';

/** Ids longer than this are refused: none of the three APIs issues one anywhere near it. */
const MAX_ID_LENGTH = 1024;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * A path id the caller passed, checked before it goes into a URL. openapi-fetch percent-encodes path parameters,
 * so `/`, `?` and `#` cannot escape their segment; `.` and `..` pass through encoding unchanged and URL parsing
 * then removes them (`profiles.delete('..')` would become `DELETE /apispaces/{id}/`), so they are refused, as are
 * empty ids and control characters.
 */
export function requireId(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ValidationError([{ path: name, message: 'must be a non-empty string' }]);
  }
  if (value === '.' || value === '..') {
    throw new ValidationError([{ path: name, message: 'must not be "." or "..", which would change the URL\'s path' }]);
  }
  if (CONTROL_CHARACTERS.test(value) || value.length > MAX_ID_LENGTH) {
    throw new ValidationError([
      { path: name, message: `must be at most ${MAX_ID_LENGTH} characters, none of them control characters` },
    ]);
  }
  return value;
}
