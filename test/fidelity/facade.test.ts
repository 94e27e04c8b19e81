/**
 * The clients take what the providers take (the fidelity corpus shows it), and refuse more only where that protects
 * the caller (README: "Stricter than the API, on purpose"). Against a loopback server that records what arrives.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CmClient } from '../../src/cm/index.ts';
import { BadRequestError, ComapiClient } from '../../src/comapi/index.ts';
import { ValidationError } from '../../src/core/errors/index.ts';
import { WebexClient } from '../../src/webex/index.ts';
import { API_SPACE, COMAPI_TOKEN, TOKEN } from '../helpers.ts';
import { json, providerAnswer, startLoopbackServer, type LoopbackServer } from '../support/loopback-server.ts';

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer(providerAnswer);
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
  server.handle(providerAnswer);
});

const sent = () => JSON.parse(server.requests.at(-1)!.body);

describe('CM', () => {
  const client = () => new CmClient({ productToken: TOKEN, baseUrl: server.url, maxRetries: 0 });

  it('sends from "CM.com" and "cm.com" (the PHP SDK\'s default sender) and a 36-character reference', async () => {
    const reference = '4950fb39-6e2a-4d4b-8f8e-3c1a2b3c4d5e';
    for (const from of ['CM.com', 'cm.com']) {
      const result = await client().messages.send({ from, to: '+447911123456', body: 'x', reference });
      expect(result.accepted).toHaveLength(1);
      expect(sent().messages.msg[0]).toMatchObject({ from, reference });
    }
  });

  it('refuses an empty text unless the message has rich content (a template), which it then sends', async () => {
    await expect(client().messages.send({ from: 'Acme', to: '+447911123456', body: '' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(server.requests).toHaveLength(0);
    const template = {
      conversation: [
        {
          template: {
            whatsapp: {
              namespace: 'ns',
              element_name: 'welcome',
              language: { policy: 'deterministic', code: 'en' },
              components: [],
            },
          },
        },
      ],
    };
    await client().messages.send({
      from: 'Acme',
      to: '+447911123456',
      body: { type: 'auto', content: '' },
      allowedChannels: ['WhatsApp'],
      richContent: template as never,
    });
    expect(sent().messages.msg[0].body.content).toBe('');
  });

  it('still refuses a key in another casing: the types name the canonical keys, which the client sends', async () => {
    await expect(
      client().messages.send({ from: 'Acme', to: '+447911123456', body: 'x', customgrouping3: 'x' } as never),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('Comapi', () => {
  const client = () =>
    new ComapiClient({ apiSpaceId: API_SPACE, token: COMAPI_TOKEN, baseUrl: server.url, maxRetries: 0 });

  it('takes a phone number with "+" (as dotdigital\'s own Magento module sends it) and sends the digits', async () => {
    await client().messages.send({
      to: { phoneNumber: '+447911123456' },
      body: 'x',
      rules: ['sms'],
      shortenLinks: 'on',
    });
    expect(sent()).toMatchObject({ to: { phoneNumber: '447911123456' }, shortenLinks: 'on' });
  });

  it("reads a 400's validationFailures into the error message", async () => {
    server.handle((_request, res) =>
      json(res, 400, { validationFailures: [{ paramName: 'to.phoneNumber', message: 'is not a valid phone number' }] }),
    );
    const error = await client()
      .messages.get('m-1')
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as Error).message).toContain('to.phoneNumber: is not a valid phone number');
  });
});

describe('Webex', () => {
  it('sends a number without "+" as given: +E.164 is a tenant setting', async () => {
    const webex = new WebexClient({ serviceKey: 'service-key-1', baseUrl: server.url, maxRetries: 0 });
    await webex.sms.send({ from: '12233445566', to: '447911123456', content: 'x' });
    expect(sent().to).toBe('447911123456');
    await webex.sms.send({ from: 'Acme', to: '0044 7911 123456', content: 'x' });
    expect(sent().to).toBe('+447911123456');
  });
});
