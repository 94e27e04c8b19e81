/**
 * What the `switchboard` commands share. Nothing here (or anything the CLI imports at startup) loads Stoplight
 * Prism: `mock` and `send --mock` import switchboard/testing when they run, so every other command works in an
 * install without the optional Prism packages.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROVIDERS, type Provider } from '../core/providers.ts';

/** Exit codes, as the usage texts document them. */
export const EXIT = { ok: 0, failure: 1, usage: 2, notAccepted: 3, interrupted: 130 } as const;

export { PROVIDERS, type Provider };

/**
 * A usage error: exit 2. `usage` is the usage text to print after the message (argument errors); environment and
 * file errors leave it out, so the message is not lost above a page of help.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly usage: string | undefined;

  constructor(message: string, usage?: string) {
    super(message);
    this.usage = usage;
  }
}

/** A runtime failure the CLI has already described: exit 1 with this message. */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';
}

export function isProvider(value: unknown): value is Provider {
  return (PROVIDERS as readonly unknown[]).includes(value);
}

/** `unknown provider "twilio" (known: cm, comapi, webex)`. */
export function unknownProvider(value: string): string {
  return `unknown provider ${JSON.stringify(value)} (known: ${PROVIDERS.join(', ')})`;
}

/** The environment variable a provider's base URL is read from (the same names as switchboard/testing's). */
export function baseUrlEnvVar(provider: Provider): string {
  return `SWITCHBOARD_${provider.toUpperCase()}_BASE_URL`;
}

/** parseArgs's errors (unknown option, missing value) are usage errors. */
export function isParseArgsError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

/**
 * A readable account of any rejection value: an Error's message, a string as it is, anything else as JSON, and
 * never `undefined` (Prism rejects with plain strings).
 */
export function describeFailure(value: unknown): string {
  try {
    if (value instanceof Error) return value.message || value.name || 'unknown error';
    if (typeof value === 'string') return value || 'unknown error';
    if (value && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string')
      return (value as { message: string }).message;
    const json = JSON.stringify(value);
    return json === undefined ? String(value) : json;
  } catch {
    return 'unknown error';
  }
}

/** The error code of a rejection value (`EADDRINUSE`), also when it is only mentioned in a string. */
export function failureCode(value: unknown): string | undefined {
  try {
    const code = (value as { code?: unknown } | null)?.code;
    if (typeof code === 'string') return code;
    const match = /\b(E[A-Z]{3,})\b/.exec(describeFailure(value));
    return match?.[1];
  } catch {
    return undefined;
  }
}

/** "no such file", "permission denied", "is a directory": a file system error in words. */
export function fileErrorText(error: unknown): string {
  switch (failureCode(error)) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    default:
      return describeFailure(error);
  }
}

/** The package's version, from the package.json above this module (src/cli/ in the repository, dist/src/cli/ when installed). */
export function packageVersion(): string {
  for (let dir = import.meta.dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === 'switchboard' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // No package.json here (or not ours): look further up.
    }
  }
  return 'unknown';
}
