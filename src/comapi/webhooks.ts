import type { Client } from 'openapi-fetch';
import type { components, paths } from '../../generated/comapi/types.ts';
import {
  zCreateWebhookResponse,
  zGetWebhookResponse,
  zListAvailableWebhookEventsResponse,
  zListAvailableWebhookTemplatesResponse,
  zListWebhooksResponse,
  zUpdateWebhookResponse,
  zWebhookConfigurationCreateUpdate,
} from '../../generated/comapi/zod/zod.gen.ts';
import { conditionalWrite, ifMatch } from '../core/conditional.ts';
import { ValidationError } from '../core/errors/index.ts';
import { callApi, callApiWithResponse, type CallContext } from '../core/http-client.ts';
import type { CallOptions } from '../core/transport.ts';
import { requireId } from '../core/ids.ts';

export type WebhookConfiguration = components['schemas']['WebhookConfiguration'];
export type WebhookConfigurationInput = components['schemas']['WebhookConfigurationCreateUpdate'];
export type AvailableWebhookEvent = components['schemas']['AvailableWebhookEvent'];
export type WebhookTemplate = components['schemas']['WebhookTemplate'];

export interface WebhooksContext extends CallContext {
  raw: Client<paths>;
  apiSpaceId: string;
}

function checkedConfiguration(configuration: WebhookConfigurationInput): WebhookConfigurationInput {
  const parsed = zWebhookConfigurationCreateUpdate.safeParse(configuration);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, 'Invalid webhook configuration');
  return configuration;
}

/** Comapi's webhook configurations: where events are POSTed, which ones, batched or not, and the signing secret. */
export class ComapiWebhooks {
  readonly #context: WebhooksContext;

  constructor(context: WebhooksContext) {
    this.#context = context;
  }

  #path(webhookId: string) {
    return { apiSpaceId: this.#context.apiSpaceId, webhookId: requireId(webhookId, 'webhookId') };
  }

  async list(options: CallOptions & { includeDeleted?: boolean } = {}): Promise<WebhookConfiguration[]> {
    const { raw, apiSpaceId } = this.#context;
    const query = options.includeDeleted === undefined ? undefined : { includeDeleted: options.includeDeleted };
    return callApi(this.#context, options, (t) =>
      raw.GET('/apispaces/{apiSpaceId}/webhooks', { params: { path: { apiSpaceId }, query }, ...t }),
      zListWebhooksResponse,
    ) as Promise<WebhookConfiguration[]>;
  }

  /** Creates a webhook: `name`, `url`, optional `secret` (signs every request), `subscriptions`, batching. */
  async create(configuration: WebhookConfigurationInput, options: CallOptions = {}): Promise<WebhookConfiguration> {
    const body = checkedConfiguration(configuration);
    const { raw, apiSpaceId } = this.#context;
    return callApi(this.#context, options, (t) =>
      raw.POST('/apispaces/{apiSpaceId}/webhooks', { params: { path: { apiSpaceId } }, body, ...t }),
      zCreateWebhookResponse,
    ) as Promise<WebhookConfiguration>;
  }

  /** The webhook and its current `etag`, for `update`/`delete` with optimistic concurrency. */
  async get(webhookId: string, options: CallOptions & { includeDeleted?: boolean } = {}): Promise<{ webhook: WebhookConfiguration; etag: string | undefined }> {
    const { raw } = this.#context;
    const query = options.includeDeleted === undefined ? undefined : { includeDeleted: options.includeDeleted };
    const { data, response } = await callApiWithResponse(this.#context, options, (t) =>
      raw.GET('/apispaces/{apiSpaceId}/webhooks/{webhookId}', { params: { path: this.#path(webhookId), query }, ...t }),
      zGetWebhookResponse,
    );
    return { webhook: data as WebhookConfiguration, etag: response.headers.get('etag') ?? undefined };
  }

  /** Replaces the webhook's configuration. With `etag`, a 409 becomes a ConcurrencyError. */
  async update(webhookId: string, configuration: WebhookConfigurationInput, options: CallOptions & { etag?: string } = {}): Promise<WebhookConfiguration> {
    const body = checkedConfiguration(configuration);
    const { raw } = this.#context;
    return conditionalWrite(options.etag, () =>
      callApi(this.#context, options, (t) =>
        raw.PUT('/apispaces/{apiSpaceId}/webhooks/{webhookId}', {
          params: { path: this.#path(webhookId), header: ifMatch(options.etag) as never },
          body,
          ...t,
        }),
        zUpdateWebhookResponse,
      ),
    ) as Promise<WebhookConfiguration>;
  }

  async delete(webhookId: string, options: CallOptions & { etag?: string } = {}): Promise<void> {
    const { raw } = this.#context;
    await conditionalWrite(options.etag, () =>
      callApi(this.#context, options, (t) =>
        raw.DELETE('/apispaces/{apiSpaceId}/webhooks/{webhookId}', {
          params: { path: this.#path(webhookId), header: ifMatch(options.etag) as never },
          ...t,
        }),
      ),
    );
  }

  /** The event types a webhook can subscribe to, with the filters each takes. */
  async availableEvents(options: CallOptions & { includeSchemas?: boolean } = {}): Promise<AvailableWebhookEvent[]> {
    const { raw, apiSpaceId } = this.#context;
    const query = options.includeSchemas === undefined ? undefined : { includeSchemas: options.includeSchemas };
    return callApi(this.#context, options, (t) =>
      raw.GET('/apispaces/{apiSpaceId}/webhooks/availableevents', { params: { path: { apiSpaceId }, query }, ...t }),
      zListAvailableWebhookEventsResponse,
    ) as Promise<AvailableWebhookEvent[]>;
  }

  /** Ready-made subscription sets ("Message events", "Message and Profile events"). */
  async templates(options: CallOptions = {}): Promise<WebhookTemplate[]> {
    const { raw, apiSpaceId } = this.#context;
    return callApi(this.#context, options, (t) =>
      raw.GET('/apispaces/{apiSpaceId}/webhooks/availabletemplates', { params: { path: { apiSpaceId } }, ...t }),
      zListAvailableWebhookTemplatesResponse,
    ) as Promise<WebhookTemplate[]>;
  }
}
