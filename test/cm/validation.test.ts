/** Bad input fails with a ValidationError naming the field, and no request leaves. */
import { describe, expect, it } from 'vitest';
import { CmClient, ValidationError, type CmMessage } from '../../src/cm/index.ts';
import { countingFetch, TOKEN } from '../helpers.ts';

const good: CmMessage = { from: 'Acme', to: '+447911123456', body: 'Hello' };

async function refusal(message: unknown) {
  const fetch = countingFetch();
  const cm = new CmClient({ productToken: TOKEN, baseUrl: 'http://127.0.0.1:9', fetch });
  const error = await cm.messages.send(message as CmMessage).catch((e: unknown) => e);
  expect(fetch.calls).toBe(0);
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('CmClient input validation', () => {
  it.each([
    ['a missing sender', { to: good.to, body: good.body }, 'from'],
    ['an empty body', { ...good, body: '' }, 'body.content'],
    ['an empty body object', { ...good, body: { type: 'auto', content: '' } }, 'body.content'],
    ['a non-numeric recipient', { ...good, to: '0044791112345a' }, 'to[0]'],
    ['a bad recipient among good ones', { ...good, to: ['+447911123456', 'call me'] }, 'to[1]'],
    ['no recipients', { ...good, to: [] }, 'to'],
    ['an SMS sender that is too long', { ...good, from: 'AcmeCorporation' }, 'from'],
    ['an empty reference', { ...good, reference: '' }, 'reference'],
    ['an unknown channel', { ...good, allowedChannels: ['Pigeon'] }, 'allowedChannels[0]'],
    ['a misspelt field', { ...good, refrence: 'x' }, ''],
    ['a body type CM does not know', { ...good, body: { type: 'plain', content: 'x' } }, 'body.type'],
    ['more message parts than CM allows', { ...good, maximumNumberOfMessageParts: 256 }, 'maximumNumberOfMessageParts'],
  ])('refuses %s', async (_name, message, path) => {
    const error = await refusal(message);
    expect(error.issues.map((issue) => issue.path)).toContain(path);
    expect(error.message).toMatch(/^Invalid CM message: /);
  });

  it('allows a long channel account id as sender when SMS is not among the channels', async () => {
    const fetch = countingFetch();
    const cm = new CmClient({ productToken: TOKEN, baseUrl: 'http://127.0.0.1:9', fetch });
    // The fake fetch answers 500: what matters is that validation let the request out.
    await cm.messages.send({ ...good, from: '1234567890123456789', allowedChannels: ['Twitter'] }).catch(() => {});
    expect(fetch.calls).toBe(1);
  });

  describe('maximumNumberOfMessageParts, counted in the encoding the message asks for', () => {
    const gsm = (n: number) => 'a'.repeat(n);
    it.each([
      ['auto, GSM-7: 307 septets need 3 parts', { type: 'auto', content: gsm(307) }, undefined, 2, 3],
      ['auto, Unicode: 71 units need 2 parts', { type: 'auto', content: `${gsm(70)}ç` }, undefined, 1, 2],
      ['a plain string body counts as auto', `${gsm(150)}€€€€€€`, undefined, 1, 2],
      ['text with dcs 8: 71 units as UCS-2', { type: 'TEXT', content: gsm(71) }, 8, 1, 2],
      [
        'text with no dcs: GSM-7 even with a character outside it',
        { type: 'text', content: `${gsm(160)}ç` },
        undefined,
        1,
        2,
      ],
    ])('refuses %s', async (_name, body, dcs, maximumNumberOfMessageParts, needed) => {
      const error = await refusal({ ...good, body, dcs, maximumNumberOfMessageParts });
      expect(error.issues).toContainEqual({
        path: 'body.content',
        message: expect.stringMatching(
          new RegExp(`^needs ${needed} SMS parts .* \\(${maximumNumberOfMessageParts}\\)$`),
        ),
      });
    });

    it.each([
      ['exactly at the limit', { type: 'auto', content: gsm(306) }, undefined, 2, undefined],
      ['auto ignores dcs', { type: 'auto', content: gsm(160) }, 8, 1, undefined],
      [
        'text with no dcs: a character outside GSM-7 is one septet',
        { type: 'text', content: `${gsm(159)}ç` },
        undefined,
        1,
        undefined,
      ],
      ['binary content is not counted', { type: 'binary', content: gsm(2000) }, undefined, 1, undefined],
      ['another dcs is not counted', { type: 'text', content: gsm(2000) }, 4, 1, undefined],
      ['SMS not among the channels', { type: 'auto', content: gsm(2000) }, undefined, 1, ['WhatsApp']],
    ])('lets out %s', async (_name, body, dcs, maximumNumberOfMessageParts, allowedChannels) => {
      const fetch = countingFetch();
      const cm = new CmClient({ productToken: TOKEN, baseUrl: 'http://127.0.0.1:9', fetch });
      await cm.messages
        .send({ ...good, body, dcs, maximumNumberOfMessageParts, allowedChannels } as CmMessage)
        .catch((error: unknown) => expect(error).not.toBeInstanceOf(ValidationError));
      expect(fetch.calls).toBe(1);
    });
  });

  it.each([
    ['no product token', {}],
    ['an empty product token', { productToken: '' }],
    ['a product token that is not a GUID', { productToken: 'secret-token-value' }],
  ])('refuses a client with %s, without echoing it', (_name, options) => {
    let error: unknown;
    try {
      new CmClient(options as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]!.path).toBe('productToken');
    expect(JSON.stringify(error)).not.toContain('secret-token-value');
  });

  it.each([
    ['plain http to a remote host', 'http://gw.messaging.cm.com'],
    ['a relative URL', '/v1.0'],
    ['credentials in the URL', 'https://user:pass@gw.messaging.cm.com'],
  ])('refuses %s as base URL', (_name, baseUrl) => {
    expect(() => new CmClient({ productToken: TOKEN, baseUrl })).toThrow(ValidationError);
  });

  it.each(['http://127.0.0.1:4010', 'http://localhost:4010', 'http://[::1]:4010', 'https://gw.cmtelecom.com'])(
    'accepts %s as base URL',
    (baseUrl) => {
      expect(() => new CmClient({ productToken: TOKEN, baseUrl })).not.toThrow();
    },
  );
});
