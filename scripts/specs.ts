/** Where the specs are and which providers they describe: every `specs/<provider>.yaml` is one provider. */
import { readdir } from 'node:fs/promises';
import path from 'node:path';

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
