/**
 * The fidelity corpus: real requests, answers and webhook payloads of the three APIs, each copied (or rebuilt from
 * the vendor's own serialization code) from a public source the file names: the vendors' SDKs in other languages
 * and their tests, vendor pages, issue threads. Every case must be accepted by the spec (the bundled document, with
 * a JSON Schema 2020-12 validator, so nothing the generators drop is skipped), and every request must also be
 * accepted by Prism serving the spec, as a consumer's contract test would send it.
 *
 * A failure means the spec is stricter than the real API (or wrong): fix the spec, citing the case's source.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { bundleSpec, listProviders } from '../../scripts/specs.ts';

interface FidelityCase {
  name: string;
  kind: 'request' | 'response' | 'webhook';
  operation?: string;
  method?: string;
  path?: string;
  status?: number;
  webhook?: string;
  headers?: Record<string, string>;
  body?: unknown;
  /**
   * `refused`: the spec deliberately refuses this case, for the reason in `why` (a mock in an SDK's test that
   * contradicts the vendor's pages, placeholders in a published sample, an endpoint outside the spec). The test
   * checks that the spec does refuse it, so the reason stays true.
   */
  expect?: 'refused';
  why?: string;
}

interface CaseFile {
  source: string;
  url?: string;
  derived: string;
  note?: string;
  cases: FidelityCase[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const here = import.meta.dirname;

/** Each provider's case files, by provider folder. */
function loadCorpus(provider: string): Array<{ file: string; content: CaseFile }> {
  const folder = path.join(here, provider);
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
  return names.sort().map((name) => ({
    file: `${provider}/${name}`,
    content: JSON.parse(readFileSync(path.join(folder, name), 'utf8')) as CaseFile,
  }));
}

const pointer = (...segments: string[]) =>
  `#/${segments.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

/** The spec's operation for a method and a concrete path (`/apispaces/<uuid>/messages` matches `{apiSpaceId}`). */
function findOperation(spec: any, method: string, concrete: string): { route: string; operation: any } | undefined {
  const lower = method.toLowerCase();
  const matches = Object.entries<any>(spec.paths ?? {})
    .filter(
      ([route, item]) =>
        item[lower] &&
        new RegExp(`^${route.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`).test(concrete),
    )
    // A literal segment beats a template one (`/profiles/bulk` over `/profiles/{profileId}`).
    .sort(([a], [b]) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
  const [route, item] = matches[0] ?? [];
  return route ? { route, operation: item[lower] } : undefined;
}

function findById(spec: any, operationId: string): { route: string; method: string; operation: any } | undefined {
  for (const [route, item] of Object.entries<any>(spec.paths ?? {})) {
    for (const method of METHODS)
      if (item[method]?.operationId === operationId) return { route, method, operation: item[method] };
  }
  return undefined;
}

function jsonMediaKey(content: Record<string, unknown> | undefined): string | undefined {
  return Object.keys(content ?? {}).find((type) => type.includes('json'));
}

/** Where the schema for a case's body is, as a JSON pointer into the bundled spec; or why there is none. */
function schemaPointer(spec: any, c: FidelityCase): { pointer: string } | { missing: string } {
  if (c.kind === 'webhook') {
    const item = spec.webhooks?.[c.webhook ?? ''];
    if (!item) return { missing: `the spec has no webhook "${c.webhook}"` };
    const media = jsonMediaKey(item.post?.requestBody?.content);
    return media
      ? { pointer: pointer('webhooks', c.webhook!, 'post', 'requestBody', 'content', media, 'schema') }
      : { missing: 'the webhook has no JSON body' };
  }
  const found = c.path && c.method ? findOperation(spec, c.method, c.path.split('?')[0]!) : undefined;
  const byId = !found && c.operation ? findById(spec, c.operation) : undefined;
  const route = found?.route ?? byId?.route;
  const method = (c.method ?? byId?.method ?? '').toLowerCase();
  const operation = found?.operation ?? byId?.operation;
  if (!route || !operation) return { missing: `the spec has no ${c.method ?? ''} ${c.path ?? c.operation}` };
  // `null` or "" stands for an answer with no body at all.
  const noBody = c.body === undefined || c.body === null || c.body === '';
  if (c.kind === 'request') {
    if (noBody) return { pointer: '' };
    const media = jsonMediaKey(operation.requestBody?.content);
    return media
      ? { pointer: pointer('paths', route, method, 'requestBody', 'content', media, 'schema') }
      : { missing: `${route} takes no JSON body` };
  }
  const responses = operation.responses ?? {};
  const status = String(c.status);
  const key = [status, `${status[0]}XX`, 'default'].find((candidate) => responses[candidate]);
  if (!key) return { missing: `${method.toUpperCase()} ${route} declares no ${status} answer` };
  let response = responses[key];
  let base = pointer('paths', route, method, 'responses', key);
  if (response.$ref) {
    const name = response.$ref.split('/').pop();
    response = spec.components.responses[name];
    base = pointer('components', 'responses', name);
  }
  if (noBody) return { pointer: '' };
  const media = jsonMediaKey(response.content);
  return media
    ? { pointer: `${base}/content/${media.replace(/~/g, '~0').replace(/\//g, '~1')}/schema` }
    : { missing: `the ${status} answer has no JSON body` };
}

const scratch = mkdtempSync(path.join(tmpdir(), 'switchboard-fidelity-'));
const providers = await listProviders();
const specs = Object.fromEntries(
  await Promise.all(
    providers.map(async (provider) => {
      const file = path.join(scratch, `${provider}.yaml`);
      await bundleSpec(provider, file);
      return [provider, parse(readFileSync(file, 'utf8'))] as const;
    }),
  ),
);
rmSync(scratch, { recursive: true, force: true });

/** A validator per provider over the whole bundled document, so `$ref`s inside it resolve. */
function validatorFor(provider: string) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats.default(ajv);
  // OpenAPI's own keywords (discriminator, xml, example, externalDocs) are annotations here.
  for (const keyword of ['discriminator', 'xml', 'example', 'externalDocs']) ajv.addKeyword(keyword);
  ajv.addSchema({ ...specs[provider], $id: `spec:${provider}` });
  return (where: string, value: unknown) => {
    const validate = ajv.compile({ $ref: `spec:${provider}${where}` });
    return validate(value)
      ? []
      : (validate.errors ?? []).map(
          (error) => `${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`,
        );
  };
}

/** Sends a request case to Prism serving the spec; returns the violations Prism found, if any. */
async function prismViolations(base: string, provider: string, c: FidelityCase): Promise<string[]> {
  const headers = new Headers(c.headers ?? {});
  if (c.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
  // The corpus is about bodies: a case whose source shows no credential gets a well-formed one of the provider's
  // documented kind, so Prism's security check does not hide what it says of the body.
  if (!['authorization', 'key', 'x-cm-producttoken'].some((name) => headers.has(name))) {
    if (provider === 'cm') headers.set('X-CM-PRODUCTTOKEN', '00000000-0000-0000-0000-000000000000');
    if (provider === 'comapi') headers.set('Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln');
    if (provider === 'webex') headers.set('key', 'service-key');
  }
  const response = await fetch(`${base}${c.path}`, {
    method: c.method,
    headers,
    body:
      c.body === undefined || c.body === null
        ? undefined
        : typeof c.body === 'string'
          ? c.body
          : JSON.stringify(c.body),
  });
  await response.arrayBuffer();
  const header = response.headers.get('sl-violations');
  const violations: Array<{ severity: string; message: string; location?: string[] }> = header
    ? JSON.parse(header)
    : [];
  const errors = violations
    .filter((v) => v.severity === 'Error')
    .map((v) => `${(v.location ?? []).join('.')}: ${v.message}`);
  if (errors.length === 0 && response.status >= 400) errors.push(`Prism answered ${response.status}`);
  return errors;
}

describe('the fidelity corpus', () => {
  const corpus = providers.flatMap((provider) => loadCorpus(provider).map((entry) => ({ provider, ...entry })));

  it('has at least 50 cases, each file naming its source', () => {
    const total = corpus.reduce((sum, { content }) => sum + content.cases.length, 0);
    expect(total).toBeGreaterThanOrEqual(50);
    for (const { file, content } of corpus) {
      expect(content.source, file).toMatch(/\S/);
      expect(['verbatim', 'reconstructed'], file).toContain(content.derived);
      for (const c of content.cases) expect(['request', 'response', 'webhook'], `${file} ${c.name}`).toContain(c.kind);
    }
    // Refusing is the exception: at most one case in ten.
    const refused = corpus.flatMap(({ content }) => content.cases.filter((c) => c.expect === 'refused'));
    expect(refused.length).toBeLessThanOrEqual(Math.ceil(total / 10));
    // README.md states the counts; they stay true.
    const readme = readFileSync(path.join(here, '..', '..', 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const count = (provider: string) =>
      corpus.filter((entry) => entry.provider === provider).reduce((sum, { content }) => sum + content.cases.length, 0);
    expect(readme).toContain(`a corpus of ${total} real requests`);
    expect(readme).toContain(`(CM ${count('cm')}, Comapi ${count('comapi')}, Webex ${count('webex')})`);
    expect(readme).toContain(`${refused.length} cases are kept as refused`);
  });

  for (const provider of providers) {
    const files = corpus.filter((entry) => entry.provider === provider);
    if (files.length === 0) continue;
    const validate = validatorFor(provider);
    const cases = files.flatMap(({ file, content }) =>
      content.cases.map((c) => [`${file}: ${c.kind} ${c.name}`, c] as const),
    );

    describe(`specs/${provider}.yaml accepts every case`, () => {
      it.each(cases)('%s', (_label, c) => {
        const where = schemaPointer(specs[provider], c);
        const problems = 'missing' in where ? [where.missing] : where.pointer ? validate(where.pointer, c.body) : [];
        if (c.expect === 'refused') {
          expect(c.why, 'a refused case says why').toMatch(/\S/);
          expect(problems.length, `the spec accepts a case marked refused (${c.why})`).toBeGreaterThan(0);
        } else {
          expect(problems).toEqual([]);
        }
      });
    });

    const requests = cases.filter(([, c]) => c.kind === 'request' && c.expect !== 'refused');
    if (requests.length > 0) {
      describe(`Prism serving specs/${provider}.yaml accepts every request`, () => {
        it.each(requests)('%s', async (_label, c) => {
          expect(await prismViolations(inject('mockUrls')[provider]!, provider, c)).toEqual([]);
        });
      });
    }
  }
});
