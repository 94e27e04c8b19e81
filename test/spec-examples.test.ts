/**
 * Every example in every spec parses with the generated zod schema for its place. Prism serves examples as
 * written and the docs show them, so an example the validators refuse means the spec and the generated code
 * disagree (or the example is wrong). Redocly lint checks the same examples against the spec's own JSON Schema.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { z } from 'zod';
import { listProviders, specFile, specsDir } from '../scripts/specs.ts';

const pascal = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);
const refName = (schema: any): string | undefined => schema?.$ref?.match(/^#\/components\/schemas\/(\w+)$/)?.[1];

interface ExampleCase {
  where: string;
  schemaName: string;
  value: unknown;
}

/** Named examples of a spec's operations and webhooks, each with the zod schema that should accept it. */
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
          return Object.values<any>(resolved.content ?? {}).map((m) => ({ m, fallback: status.startsWith('2') ? `z${op}Response` : '' }));
        }),
      ];
      for (const { m, fallback } of media) {
        for (const [name, example] of Object.entries<any>(m.examples ?? {})) {
          const schemaName = refName(m.schema) ? `z${refName(m.schema)}` : fallback;
          cases.push({ where: `${method.toUpperCase()} ${route} ${name}`, schemaName, value: example.value });
        }
      }
    }
  }
  return cases;
}

/** `examples` arrays inside the schemas of split spec files (specs/<provider>/*.yaml). */
function schemaExamples(provider: string): ExampleCase[] {
  const dir = path.join(specsDir, provider);
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  } catch {
    return [];
  }
  return files.flatMap((file) =>
    Object.entries<any>(parse(readFileSync(path.join(dir, file), 'utf8')).schemas ?? {}).flatMap(([name, schema]) =>
      (schema.examples ?? []).map((value: unknown, i: number) => ({ where: `${file} ${name} example ${i + 1}`, schemaName: `z${name}`, value })),
    ),
  );
}

for (const provider of await listProviders()) {
  const zod: Record<string, z.ZodType> = await import(`../generated/${provider}/zod/zod.gen.ts`);
  const spec = parse(readFileSync(specFile(provider), 'utf8'));
  // A split-file schema that nothing references is not bundled, generated, served or documented: skip it.
  const cases = [
    ...operationExamples(spec),
    ...schemaExamples(provider).filter((c) => c.schemaName in zod),
  ].filter((c) => c.schemaName);

  describe(`specs/${provider}.yaml examples`, () => {
    it('has examples to check', () => {
      expect(cases.length).toBeGreaterThan(0);
    });

    it.each(cases.map((c) => [c.where, c] as const))('%s', (_where, { schemaName, value }) => {
      const schema = zod[schemaName];
      expect(schema, `no generated schema ${schemaName}`).toBeDefined();
      const parsed = schema!.safeParse(value);
      expect(parsed.error?.issues ?? []).toEqual([]);
    });
  });
}
