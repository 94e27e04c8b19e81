/**
 * Payloads from the sources the status tables cite: cases of the fidelity corpus (test/fidelity, each file naming
 * its source) and the named examples of the specs' webhooks (each description naming its source).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../..');

/** The body of a fidelity case, by file and case name, deep-copied. */
export function fidelityCase(provider: 'cm' | 'comapi' | 'webex', file: string, name: string): any {
  const content = JSON.parse(readFileSync(path.join(root, 'test/fidelity', provider, `${file}.json`), 'utf8'));
  const found = content.cases.find((each: { name: string }) => each.name === name);
  if (!found) throw new Error(`no case ${name} in ${provider}/${file}.json`);
  return structuredClone(found.body);
}

const specs = new Map<string, any>();

/** A named example of a webhook's request body in specs/<provider>.yaml, deep-copied. */
export function specExample(provider: 'cm' | 'webex', webhook: string, example: string): any {
  if (!specs.has(provider))
    specs.set(provider, parse(readFileSync(path.join(root, 'specs', `${provider}.yaml`), 'utf8')));
  const value =
    specs.get(provider).webhooks[webhook].post.requestBody.content['application/json'].examples[example]?.value;
  if (value === undefined) throw new Error(`no example ${example} of ${provider} webhook ${webhook}`);
  return structuredClone(value);
}
