import type { components } from '../../generated/comapi/types.ts';
import type { ComapiContext } from './client.ts';
import {
  zCreateWebhookResponse,
  zGetWebhookResponse,
  zListAvailableWebhookEventsResponse,
  zListAvailableWebhookTemplatesResponse,
  zListWebhooksResponse,
  zUpdateWebhookResponse,
  zWebhookConfigurationCreateUpdate,
} from '../../generated/comapi/zod/zod.gen.ts';
import { conditionalWrite, etagOf, ifMatch } from '../core/http/conditional.ts';
import { callApi, callApiWithResponse } from '../core/http/call.ts';
import type { CallOptions } from '../core/http/transport.ts';
import { requireId } from '../core/ids.ts';
import { readOptions, readParams, readQuery } from '../core/http/call-options.ts';
import { checkedBody } from '../core/input.ts';

export type WebhookConfiguration = components['schemas']['WebhookConfiguration'];
export type WebhookConfigurationInput = components['schemas']['WebhookConfigurationCreateUpdate'];
export type AvailableWebhookEvent = components['schemas']['AvailableWebhookEvent'];
export type WebhookTemplate = components['schemas']['WebhookTemplate'];

function checkedConfiguration(configuration: WebhookConfigurationInput): WebhookConfigurationInput {
  return checkedBody(
    zWebhookConfigurationCreateUpdate,
    configuration,
    'Invalid webhook configuration',
    'configuration',
  );
}

/** Comapi's webhook configurations: where events are POSTed, which ones, batched or not, and the signing secret. */
export class ComapiWebhooks {
  readonly #context: ComapiContext;

  constructor(context: ComapiContext) {
    this.#context = context;
  }

  #path(webhookId: string) {
    return { apiSpaceId: this.#context.apiSpaceId, webhookId: requireId(webhookId, 'webhookId') };
  }

  async list(queryParams?: { includeDeleted?: boolean }, callOptions?: CallOptions): Promise<WebhookConfiguration[]> {
    const query = readQuery<{ includeDeleted?: boolean }>(queryParams, { includeDeleted: 'boolean' });
    const options = readOptions<CallOptions>(callOptions);
    const { raw, apiSpaceId } = this.#context;
    return callApi(
      this.#context,
      options,
      (t) => raw.GET('/apispaces/{apiSpaceId}/webhooks', { params: { path: { apiSpaceId }, query }, ...t }),
      zListWebhooksResponse,
    );
  }

  /** Creates a webhook: `name`, `url`, optional `secret` (signs every request), `subscriptions`, batching. */
  async create(configuration: WebhookConfigurationInput, createOptions?: CallOptions): Promise<WebhookConfiguration> {
    const options = readOptions<CallOptions>(createOptions);
    const body = checkedConfiguration(configuration);
    const { raw, apiSpaceId } = this.#context;
    return callApi(
      this.#context,
      options,
      (t) => raw.POST('/apispaces/{apiSpaceId}/webhooks', { params: { path: { apiSpaceId } }, body, ...t }),
      zCreateWebhookResponse,
    );
  }

  /** The webhook and its current `etag`, for `update`/`delete` with optimistic concurrency. */
  async get(
    webhookId: string,
    queryParams?: { includeDeleted?: boolean },
    callOptions?: CallOptions,
  ): Promise<{ webhook: WebhookConfiguration; etag: string | undefined }> {
    const query = readQuery<{ includeDeleted?: boolean }>(queryParams, { includeDeleted: 'boolean' });
    const options = readOptions<CallOptions>(callOptions);
    const { raw } = this.#context;
    const { data, response } = await callApiWithResponse(
      this.#context,
      options,
      (t) =>
        raw.GET('/apispaces/{apiSpaceId}/webhooks/{webhookId}', {
          params: { path: this.#path(webhookId), query },
          ...t,
        }),
      zGetWebhookResponse,
    );
    return { webhook: data as WebhookConfiguration, etag: etagOf(response) };
  }

  /** Replaces the webhook's configuration. With `etag`, a 409 becomes a ConcurrencyError. */
  async update(
    webhookId: string,
    configuration: WebhookConfigurationInput,
    conditions?: { etag?: string },
    callOptions?: CallOptions,
  ): Promise<WebhookConfiguration> {
    const params = readParams<{ etag?: string }>(conditions, { etag: 'header' });
    const options = readOptions<CallOptions>(callOptions);
    const body = checkedConfiguration(configuration);
    const { raw } = this.#context;
    return conditionalWrite(params.etag, () =>
      callApi(
        this.#context,
        options,
        (t) =>
          raw.PUT('/apispaces/{apiSpaceId}/webhooks/{webhookId}', {
            params: { path: this.#path(webhookId), header: ifMatch(params.etag) },
            body,
            ...t,
          }),
        zUpdateWebhookResponse,
      ),
    );
  }

  async delete(webhookId: string, conditions?: { etag?: string }, callOptions?: CallOptions): Promise<void> {
    const params = readParams<{ etag?: string }>(conditions, { etag: 'header' });
    const options = readOptions<CallOptions>(callOptions);
    const { raw } = this.#context;
    await conditionalWrite(params.etag, () =>
      callApi(this.#context, options, (t) =>
        raw.DELETE('/apispaces/{apiSpaceId}/webhooks/{webhookId}', {
          params: { path: this.#path(webhookId), header: ifMatch(params.etag) },
          ...t,
        }),
      ),
    );
  }

  /** The event types a webhook can subscribe to, with the filters each takes. */
  async availableEvents(
    queryParams?: { includeSchemas?: boolean },
    callOptions?: CallOptions,
  ): Promise<AvailableWebhookEvent[]> {
    const params = readParams<{ includeSchemas?: boolean }>(queryParams, { includeSchemas: 'boolean' });
    const options = readOptions<CallOptions>(callOptions);
    const { raw, apiSpaceId } = this.#context;
    const query = params.includeSchemas === undefined ? undefined : { includeSchemas: params.includeSchemas };
    return callApi(
      this.#context,
      options,
      (t) =>
        raw.GET('/apispaces/{apiSpaceId}/webhooks/availableevents', { params: { path: { apiSpaceId }, query }, ...t }),
      zListAvailableWebhookEventsResponse,
    );
  }

  /** Ready-made subscription sets ("Message events", "Message and Profile events"). */
  async templates(templateOptions?: CallOptions): Promise<WebhookTemplate[]> {
    const options = readOptions<CallOptions>(templateOptions);
    const { raw, apiSpaceId } = this.#context;
    return callApi(
      this.#context,
      options,
      (t) => raw.GET('/apispaces/{apiSpaceId}/webhooks/availabletemplates', { params: { path: { apiSpaceId } }, ...t }),
      zListAvailableWebhookTemplatesResponse,
    );
  }
}
