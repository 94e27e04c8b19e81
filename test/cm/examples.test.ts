/**
 * Every example in specs/cm.yaml parses with the generated zod schema for its place: Prism serves the examples
 * as written and the docs show them, so an example the validators refuse means the spec and the generated code
 * disagree.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { zSendMessagesRequest, zSendMessagesResponse } from '../../generated/cm/zod/zod.gen.ts';
import { parseInbound, parseStatusReport } from '../../src/cm/index.ts';

const spec = parse(readFileSync(new URL('../../specs/cm.yaml', import.meta.url), 'utf8'));
const send = spec.paths['/v1.0/message'].post;
const examplesOf = (content: any) => Object.entries<any>(content['application/json'].examples);

describe('specs/cm.yaml examples', () => {
  it.each(examplesOf(send.requestBody.content))('request example %s parses', (_name, example) => {
    const parsed = zSendMessagesRequest.safeParse(example.value);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  const responses = Object.entries<any>(send.responses).flatMap(([status, response]) =>
    examplesOf(response.content).map(([name, example]) => [`${status} ${name}`, example] as const),
  );
  it.each(responses)('response example %s parses', (_name, example) => {
    const parsed = zSendMessagesResponse.safeParse(example.value);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it.each(examplesOf(spec.webhooks.statusReport.post.requestBody.content))('status report example %s parses', (_name, example) => {
    expect(parseStatusReport(example.value)).toEqual(example.value);
  });

  it.each(examplesOf(spec.webhooks.inboundMessage.post.requestBody.content))('inbound example %s parses', (_name, example) => {
    expect(parseInbound(JSON.stringify(example.value))).toEqual(example.value);
  });

  it('has an example for every documented outcome', () => {
    expect(Object.keys(send.responses['200'].content['application/json'].examples)).toEqual(['accepted', 'partlyRejected']);
    expect(Object.keys(send.responses['400'].content['application/json'].examples)).toEqual(['allRejected', 'unknownToken']);
  });
});
