/**
 * The router's view of a client: a name, and "send each of these one-recipient texts". Each provider's batch
 * method does the sending, so its request packing (CM 1000 `msg` per request, Comapi 5000 messages), its
 * concurrency and its retry rules apply unchanged; here the common message becomes the provider's own shape.
 */
import { CmClient } from '../cm/client.ts';
import { ComapiClient } from '../comapi/client.ts';
import { type SwitchboardError, ValidationError, type ValidationIssue } from '../core/errors/index.ts';
import type { BatchOptions } from '../core/batch.ts';
import { isPlainObject, readingInput } from '../core/input.ts';
import type { Provider } from '../core/providers.ts';
import { WebexClient } from '../webex/client.ts';

export type RoutableClient = CmClient | ComapiClient | WebexClient;

/** A client, or a client with its own name: needed when two clients of one provider are routed between. */
export type ProviderEntry = RoutableClient | { name: string; client: RoutableClient };

/** One text to one recipient, as the router hands it to a provider. */
export interface Delivery {
  /** E.164, `+447911123456`. */
  to: string;
  from: string;
  text: string;
  reference: string | undefined;
}

export type DeliveryOutcome =
  | { ok: true; messageId: string | undefined; requestId: string | undefined }
  | { ok: false; error: SwitchboardError };

export interface RoutedProvider {
  name: string;
  kind: Provider;
  /** One outcome per delivery, in order; never rejects. */
  sendEach(deliveries: readonly Delivery[], options: BatchOptions): Promise<DeliveryOutcome[]>;
}

const CONTEXT = 'Invalid Switchboard options';

/** The providers option, checked: clients of this package, each under a distinct name. */
export function readProviders(value: unknown): RoutedProvider[] {
  return readingInput(CONTEXT, () => {
    if (!Array.isArray(value) || value.length === 0) {
      throw new ValidationError([{ path: 'providers', message: 'must be a non-empty array of clients' }], CONTEXT);
    }
    const issues: ValidationIssue[] = [];
    const providers: RoutedProvider[] = [];
    for (let index = 0; index < value.length; index += 1) {
      const entry: unknown = value[index];
      const named = isPlainObject(entry);
      const client = named ? entry.client : entry;
      const path = `providers[${index}]`;
      const kind = kindOf(client);
      if (!kind) {
        issues.push({
          path: named ? `${path}.client` : path,
          message: 'must be a CmClient, ComapiClient or WebexClient',
        });
        continue;
      }
      const name = named ? entry.name : kind;
      if (typeof name !== 'string' || !/^[\w.-]{1,64}$/.test(name)) {
        issues.push({ path: `${path}.name`, message: 'must be 1 to 64 letters, digits, "_", "." or "-"' });
      } else if (providers.some((provider) => provider.name === name)) {
        issues.push({
          path: named ? `${path}.name` : path,
          message: `is a second provider named "${name}": give each client its own name ({ name, client })`,
        });
      } else {
        providers.push(routed(name, kind, client as RoutableClient));
      }
    }
    if (issues.length > 0) throw new ValidationError(issues, CONTEXT);
    return providers;
  });
}

function kindOf(client: unknown): Provider | undefined {
  if (client instanceof CmClient) return 'cm';
  if (client instanceof ComapiClient) return 'comapi';
  if (client instanceof WebexClient) return 'webex';
  return undefined;
}

/** What every client's `sendBatch` answers per message, as far as the router reads it. */
type BatchAnswer =
  | { ok: true; requestId: string | undefined; messageId?: string }
  | { ok: false; error: SwitchboardError };

/**
 * Each provider's own message for a delivery. The reference goes where the provider echoes it on its delivery
 * reports: CM's `reference`; Comapi's `metadata`, which comes back on every message event; Webex's
 * `correlationId`.
 */
const SHAPES: Record<Provider, (delivery: Delivery) => unknown> = {
  cm: ({ to, from, text, reference }: Delivery) => ({
    to,
    from,
    body: text,
    ...(reference === undefined ? {} : { reference }),
  }),
  comapi: ({ to, from, text, reference }: Delivery) => ({
    to: { phoneNumber: to },
    body: text,
    rules: ['sms'],
    channelOptions: { sms: { from } },
    ...(reference === undefined ? {} : { metadata: { reference } }),
  }),
  webex: ({ to, from, text, reference }: Delivery) => ({
    to,
    from,
    content: text,
    ...(reference === undefined ? {} : { correlationId: reference }),
  }),
};

function routed(name: string, kind: Provider, client: RoutableClient): RoutedProvider {
  const sendBatch = (messages: unknown[], options: BatchOptions): Promise<BatchAnswer[]> =>
    client instanceof WebexClient
      ? client.sms.sendBatch(messages as never, options)
      : (client as CmClient | ComapiClient).messages.sendBatch(messages as never, options);
  return {
    name,
    kind,
    sendEach: async (deliveries, options) =>
      (await sendBatch(deliveries.map(SHAPES[kind]), options)).map((result, index) =>
        result.ok
          ? {
              ok: true,
              // CM gives no message id: the reference is what its status reports carry.
              messageId: kind === 'cm' ? deliveries[index]!.reference : result.messageId,
              requestId: result.requestId,
            }
          : { ok: false, error: result.error },
      ),
  };
}
