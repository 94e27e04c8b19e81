/** CM's webhook examples go through the facade's parsers, and every documented outcome has an example. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseInbound, parseStatusReport } from '../../src/cm/index.ts';

const spec = parse(readFileSync(new URL('../../specs/cm.yaml', import.meta.url), 'utf8'));
const send = spec.paths['/v1.0/message'].post;
const examplesOf = (content: any) => Object.entries<any>(content['application/json'].examples);

describe('specs/cm.yaml webhook examples and outcomes', () => {
  it.each(examplesOf(spec.webhooks.statusReport.post.requestBody.content))(
    'status report example %s parses',
    (_name, example) => {
      expect(parseStatusReport(example.value)).toEqual(example.value);
    },
  );

  it.each(examplesOf(spec.webhooks.inboundMessage.post.requestBody.content))(
    'inbound example %s parses',
    (_name, example) => {
      expect(parseInbound(JSON.stringify(example.value))).toEqual(example.value);
    },
  );

  it('has an example for every documented outcome', () => {
    expect(Object.keys(send.responses['200'].content['application/json'].examples)).toEqual([
      'accepted',
      'partlyRejected',
    ]);
    expect(Object.keys(send.responses['400'].content['application/json'].examples)).toEqual([
      'allRejected',
      'unknownToken',
    ]);
  });
});
