/**
 * Every example in every spec parses with the generated zod schema for its place. Prism serves examples as
 * written and the docs show them, so an example the validators refuse means the spec and the generated code
 * disagree (or the example is wrong). Redocly lint checks the same examples against the spec's own JSON Schema.
 * The specs are bundled first, as for generation, so split files and path-item refs are followed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { z } from 'zod';
import { bundleSpec, listProviders } from '../scripts/specs.ts';

const pascal = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);
const refName = (schema: any): string | undefined => schema?.$ref?.match(/^#\/components\/schemas\/(\w+)$/)?.[1];

interface ExampleCase {
  where: string;
  schemaName: string;
  value: unknown;
}

/** Named examples of operations and webhooks, each with the zod schema that should accept it. */
function operationExamples(spec: any): ExampleCase[] {
  const cases: ExampleCase[] = [];
  const items = [...Object.entries<any>(spec.paths ?? {}), ...Object.entries<any>(spec.webhooks ?? {})];
  for (const [route, item] of items) {
    for (const [method, operation] of Object.entries<any>(item)) {
      if (!operation?.operationId) continue;
      const op = pascal(operation.operationId);
      const media = [
        ...Object.values<any>(operation.requestBody?.content ?? {}).map((m) => ({ m, fallback: `z${op}Body` })),
        ...Object.entries<any>(operation.responses ?? {}).flatMap(([status, response]) => {
          const resolved = response.$ref ? spec.components.responses[response.$ref.split('/').pop()] : response;
          return Object.entries<any>(resolved.content ?? {})
            .filter(([type]) => type.includes('json'))
            .map(([, m]) => ({ m, fallback: status.startsWith('2') ? `z${op}Response` : '' }));
        }),
      ];
      for (const { m, fallback } of media) {
        for (const [name, example] of Object.entries<any>(m.examples ?? {})) {
          const resolved = example.$ref ? spec.components.examples[example.$ref.split('/').pop()] : example;
          const schemaName = refName(m.schema) ? `z${refName(m.schema)}` : fallback;
          cases.push({ where: `${method.toUpperCase()} ${route} ${name}`, schemaName, value: resolved.value });
        }
      }
    }
  }
  return cases;
}

/** `examples` arrays inside component schemas. */
function schemaExamples(spec: any): ExampleCase[] {
  return Object.entries<any>(spec.components?.schemas ?? {}).flatMap(([name, schema]) =>
    (schema.examples ?? []).map((value: unknown, i: number) => ({
      where: `schema ${name} example ${i + 1}`,
      schemaName: `z${name}`,
      value,
    })),
  );
}

/**
 * Operations whose bodies the vendor documents no shape or example for (open schemas): an example there would be
 * invented, so they have none. Every other operation must show an example of its request body and of its answer.
 */
const UNDOCUMENTED_BODIES = new Set([
  'cm receiveIncomingEvent',
  'comapi getDefaultOptIn',
  'comapi setDefaultOptIn',
  'comapi bulkUpsertProfiles',
  'comapi bulkDeleteProfiles',
  'comapi exportProfiles',
  'comapi createProfileImport',
  'comapi startProfileImport',
  'comapi getProfileImportDuplicates',
  'comapi listAudiences',
  'comapi createAudience',
  'comapi getAudience',
  'comapi updateAudience',
  'comapi unlinkProfile',
  'comapi removePrimaryProfile',
  'comapi receiveOtherEvents',
]);

/** Operations (by "provider operationId") with a JSON request body or 2xx answer that shows no example. */
function operationsWithoutExamples(provider: string, spec: any): string[] {
  const schemas = spec.components?.schemas ?? {};
  const hasExample = (media: any) => {
    if (media.examples && Object.keys(media.examples).length > 0) return true;
    const name = refName(media.schema);
    return Boolean((name ? schemas[name] : media.schema)?.examples?.length);
  };
  const missing: string[] = [];
  for (const item of [...Object.values<any>(spec.paths ?? {}), ...Object.values<any>(spec.webhooks ?? {})]) {
    for (const operation of Object.values<any>(item)) {
      if (!operation?.operationId) continue;
      const bodies = [
        ...Object.entries<any>(operation.requestBody?.content ?? {}),
        ...Object.entries<any>(operation.responses ?? {})
          .filter(([status, response]) => status.startsWith('2') && !response.$ref)
          .flatMap(([, response]) => Object.entries<any>(response.content ?? {})),
      ].filter(([type]) => type.includes('json'));
      if (bodies.some(([, media]) => !hasExample(media))) missing.push(`${provider} ${operation.operationId}`);
    }
  }
  return missing;
}

const scratch = mkdtempSync(path.join(tmpdir(), 'switchboard-examples-'));
const specs = await Promise.all(
  (await listProviders()).map(async (provider) => {
    const file = path.join(scratch, `${provider}.yaml`);
    await bundleSpec(provider, file);
    return { provider, spec: parse(readFileSync(file, 'utf8')) };
  }),
);
rmSync(scratch, { recursive: true, force: true });

for (const { provider, spec } of specs) {
  const zod: Record<string, z.ZodType> = await import(`../generated/${provider}/zod/zod.gen.ts`);
  const cases = [...operationExamples(spec), ...schemaExamples(spec)].filter((c) => c.schemaName);

  describe(`specs/${provider}.yaml examples`, () => {
    it('has examples to check', () => {
      expect(cases.length).toBeGreaterThan(0);
    });

    it('shows an example for every request body and answer the vendor documents', () => {
      const missing = operationsWithoutExamples(provider, spec);
      expect(missing.filter((op) => !UNDOCUMENTED_BODIES.has(op))).toEqual([]);
      // And the exception list stays true: an operation that gained an example leaves it.
      const listed = [...UNDOCUMENTED_BODIES].filter((op) => op.startsWith(`${provider} `));
      expect(listed.filter((op) => !missing.includes(op))).toEqual([]);
    });

    it.each(cases.map((c) => [c.where, c] as const))('%s', (_where, { schemaName, value }) => {
      const schema = zod[schemaName];
      expect(schema, `no generated schema ${schemaName}`).toBeDefined();
      const parsed = schema!.safeParse(value);
      expect(parsed.error?.issues ?? []).toEqual([]);
    });
  });
}
