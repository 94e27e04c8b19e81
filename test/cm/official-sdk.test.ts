/**
 * CM's own Node SDK (@cmdotcom/text-sdk) against the Prism mock of specs/cm.yaml: what CM's client sends
 * must be accepted, and what the real gateway refuses must be refused. Evidence that the spec describes the
 * gateway CM's SDK talks to, not just what Switchboard's client sends.
 */
import { MessageApiClient, type Message, type WhatsAppInteractive } from '@cmdotcom/text-sdk';
import { describe, expect, inject, it } from 'vitest';
import { TOKEN } from '../helpers.ts';

/**
 * The SDK builds a `MessagesApi` per message with a fixed host and no option to change it; pointing each
 * message's `api.basePath` at the mock redirects this client instance only, with no global patched.
 */
function pointAt(client: MessageApiClient, baseUrl: string): MessageApiClient {
  const create = client.createMessage.bind(client);
  client.createMessage = (): Message => {
    const message = create();
    // biome-ignore lint/complexity/useLiteralKeys: the SDK keeps its API client private; bracket access reaches it
    message['api'].basePath = baseUrl;
    return message;
  };
  return client;
}

const client = pointAt(new MessageApiClient(TOKEN), inject('mockUrls').cm!);
const to = ['0031600000001'];

/** The SDK resolves with axios' response on 2xx and rejects with an AxiosError otherwise. */
async function outcome(send: Promise<{ status: number; headers: unknown }>) {
  const response: any = await send.catch((error: any) => error.response ?? error);
  return { status: response.status as number, violations: (response.headers?.['sl-violations'] ?? '') as string };
}

describe('the official CM SDK against the mock', () => {
  it('gets a plain text accepted', async () => {
    expect(await outcome(client.sendTextMessage(to, 'Switchboard', 'Hello', 'ref1'))).toEqual({
      status: 200,
      violations: '',
    });
  });

  it('gets a multi-channel message accepted', async () => {
    const send = client
      .createMessage()
      .setMessage(to, 'Switchboard', 'Hello')
      .setAllowedChannels(['WhatsApp', 'SMS'])
      .send();
    expect(await outcome(send)).toEqual({ status: 200, violations: '' });
  });

  it('gets rich content with media, text and suggestions accepted', async () => {
    const send = client
      .createMessage()
      .setMessage(to, 'Switchboard', 'Fallback text')
      .setAllowedChannels(['WhatsApp'])
      .setConversation([
        { media: { mediaName: 'logo', mediaUri: 'https://www.cm.com/cdn/cm/cm.png', mimeType: 'image/png' } },
        { text: 'Check this' },
      ])
      .setSuggestion([
        { action: 'Reply', label: 'Yes', postbackdata: 'yes' },
        { action: 'OpenUrl', label: 'Website', url: 'https://www.cm.com' },
      ])
      .send();
    expect(await outcome(send)).toEqual({ status: 200, violations: '' });
  });

  it('gets a WhatsApp template with an image header accepted', async () => {
    const send = client
      .createMessage()
      .setMessage(to, 'Switchboard', 'Fallback text')
      .setAllowedChannels(['WhatsApp'])
      .setTemplate({
        whatsapp: {
          namespace: 'a1b2c3d4_e5f6_a7b8_c9d0_e1f2a3b4c5d6',
          elementName: 'welcome',
          language: { code: 'en', policy: 'deterministic' },
          components: [
            {
              type: 'header',
              parameters: [
                { type: 'image', image: { mediaName: 'h.png', mediaUri: 'https://www.cm.com/cdn/cm/cm.png' } },
              ],
            },
            { type: 'body', parameters: [{ type: 'text', text: 'Alice' }] },
          ],
        },
      } as never)
      .send();
    expect(await outcome(send)).toEqual({ status: 200, violations: '' });
  });

  it('gets a WhatsApp interactive button message accepted', async () => {
    // The SDK's .d.ts types `reply` as a string; WhatsApp (and the SDK at run time) use { id, title }.
    const interactive = {
      type: 'button',
      header: { type: 'text', text: 'Header' },
      body: { text: 'Choose one' },
      footer: { text: 'Footer' },
      action: {
        buttons: [
          { type: 'reply', reply: { id: 'b1', title: 'Yes' } },
          { type: 'reply', reply: { id: 'b2', title: 'No' } },
        ],
      },
    } as unknown as WhatsAppInteractive;
    const send = client
      .createMessage()
      .setMessage(to, 'Switchboard', 'Fallback text')
      .setAllowedChannels(['WhatsApp'])
      .setInteractive(interactive)
      .send();
    expect(await outcome(send)).toEqual({ status: 200, violations: '' });
  });

  it('is refused an empty body, as by the gateway (messageErrorCode 304)', async () => {
    const { status, violations } = await outcome(client.sendTextMessage(to, 'Switchboard', ''));
    expect(status).toBe(400);
    expect(violations).toContain('messages.msg.0 must NOT be valid');
  });

  it('is refused a non-numeric recipient, as by the gateway (messageErrorCode 303)', async () => {
    const { status, violations } = await outcome(client.sendTextMessage(['0044791112345a'], 'Switchboard', 'Hi'));
    expect(status).toBe(400);
    expect(violations).toContain('number');
  });
});
