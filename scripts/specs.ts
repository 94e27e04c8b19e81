/** Where the specs are and which providers they describe: every `specs/<provider>.yaml` is one provider. */
import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

export const root = path.resolve(import.meta.dirname, '..');
export const specsDir = path.join(root, 'specs');

export function specFile(provider: string): string {
  return path.join(specsDir, `${provider}.yaml`);
}

export async function listProviders(): Promise<string[]> {
  const entries = await readdir(specsDir);
  return entries
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => name.slice(0, -'.yaml'.length))
    .sort();
}

/**
 * Bundles a spec split into files under specs/<provider>/ into one document with `redocly bundle`, which
 * hoists every external schema into `components.schemas` under its own name and inlines path-item refs.
 */
export async function bundleSpec(provider: string, outFile: string): Promise<void> {
  await promisify(execFile)(
    path.join(root, 'node_modules', '.bin', 'redocly'),
    ['bundle', specFile(provider), '--output', outFile],
    {
      cwd: root,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' },
    },
  );
}
