import type { components, operations } from '../../generated/comapi/types.ts';
import type { ComapiContext } from './client.ts';
import {
  zAddInboundMessageStatusBody,
  zAddInboundMessageStatusResponse,
  zAddMessageStatusBody,
  zAddMessageStatusResponse,
  zCreateInboundMessageBody,
  zCreateInboundMessageResponse,
  zGetMessageHistoryQuery,
  zGetMessageHistoryResponse,
  zGetMessageResponse,
  zInboundStatusName,
  zOutboundStatusName,
  zSendMessageBatchResponse,
  zSendMessageResponse,
} from '../../generated/comapi/zod/zod.gen.ts';
import {
  batchResults,
  batchStream,
  itemResult,
  type BatchFailure,
  type BatchOptions,
  type BatchPlan,
  type BatchUnit,
  type SettledItem,
} from '../core/batch.ts';
import { type SwitchboardError, ValidationError } from '../core/errors/index.ts';
import { callApi, callApiWithResponse } from '../core/http/call.ts';
import { unexpectedResponse } from '../core/http/response-errors.ts';
import type { CallOptions } from '../core/http/transport.ts';
import { requireId } from '../core/ids.ts';
import { requestIdOf } from '../core/http/request-id.ts';
import { readOptions } from '../core/http/call-options.ts';
import { checkedBody, isPlainObject, readingInput, requireJsonObject } from '../core/input.ts';
import { prepareMessage, type ComapiMessage, type SendMessageRequest } from './normalize.ts';
import type * as z from 'zod/mini';

export type Message = components['schemas']['Message'];
export type InboundMessage = components['schemas']['InboundMessage'];
export type MessageStatusUpdate = components['schemas']['MessageStatusUpdate'];
export type InboundMessageStatusUpdate = components['schemas']['InboundMessageStatusUpdate'];
export type OutboundStatusName = components['schemas']['OutboundStatusName'];
export type InboundStatusName = components['schemas']['InboundStatusName'];
export type MessageHistoryEntry = components['schemas']['MessageHistoryEntry'];
type HistoryQuery = NonNullable<operations['getMessageHistory']['parameters']['query']>;

/** History filters; `from` may also be a Date. */
export type MessageHistoryQuery = Omit<HistoryQuery, 'from'> & { from?: string | Date };

/** One entry of `sendBatch`'s result, for the input message at `index`. */
export type ComapiBatchResult =
  | { index: number; ok: true; outcome: 'accepted'; messageId: string; requestId: string | undefined }
  | BatchFailure;

/** What a batch request answers for one of its messages. */
interface SentItem {
  messageId: string;
  requestId: string | undefined;
}

const toBatchResult = (item: SettledItem<SentItem>): ComapiBatchResult =>
  itemResult(item, ([sent], index) => ({
    index,
    ok: true,
    outcome: 'accepted',
    messageId: sent!.messageId,
    requestId: sent!.requestId,
  }));

/** Comapi's batch limits: at most 5000 messages and 10 MB of JSON per request. */
export const MAX_ITEMS_PER_REQUEST = 5000;
/** 10 MB read as 10,000,000 bytes, the smaller of the two readings, so a request never exceeds either. */
export const MAX_BATCH_BYTES = 10_000_000;

/** A status in a path: one of the spec's names (a free string could be a dot segment). */
function statusName<T extends string>(schema: z.ZodMiniType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new ValidationError([{ path: 'status', message: 'is not one of the statuses the API takes' }]);
  return parsed.data;
}

export class ComapiMessages {
  readonly #context: ComapiContext;
  /** Statuses of outbound messages, for channels whose receipts reach you rather than Comapi. */
  readonly statuses: ComapiMessageStatuses;
  /** Inbound messages from channels Comapi does not receive itself, and their statuses. */
  readonly inbound: ComapiInboundMessages;

  constructor(context: ComapiContext) {
    this.#context = context;
    this.statuses = new ComapiMessageStatuses(context);
    this.inbound = new ComapiInboundMessages(context);
  }

  /**
   * Sends one message. Resolves with the stored message (usually `status: 'processing'`; the final status
   * arrives as a message event or through `get`). Rejects with a ValidationError, before sending, when the
   * message is invalid.
   */
  async send(message: ComapiMessage, sendOptions?: CallOptions): Promise<Message> {
    const options = readOptions<CallOptions>(sendOptions);
    const body = readingInput('Invalid Comapi message', () => prepareMessage(message));
    const { raw, apiSpaceId } = this.#context;
    return callApi(
      this.#context,
      options,
      (t) => raw.POST('/apispaces/{apiSpaceId}/messages', { params: { path: { apiSpaceId } }, body, ...t }),
      zSendMessageResponse,
    );
  }

  /**
   * Sends any number of messages in requests within Comapi's limits (5000 messages, 10 MB of JSON). Never
   * rejects: one result per input message, in input order, with its `messageId` or the error that stopped it.
   * An invalid message fails alone and is not sent; a failed request fails its own messages; after the token
   * is refused (401, 403) nothing more is sent.
   */
  async sendBatch(messages: Iterable<ComapiMessage>, batchOptions?: BatchOptions): Promise<ComapiBatchResult[]> {
    return batchResults(messages, this.#plan(batchOptions), toBatchResult);
  }

  /**
   * Sends as `sendBatch` does, and yields each message's result as soon as its request is answered, in that order
   * (each result has its `index`). Nothing is kept per message once read, so a generator of millions of messages
   * runs in the memory of the requests in flight; a slow reader slows the sending. Stopping early (`break`) sends
   * nothing more and waits for the requests in flight, whose results are then not read. Throws a ValidationError
   * at once for input that is not an iterable, or bad options.
   */
  sendEach(
    messages: Iterable<ComapiMessage>,
    batchOptions?: BatchOptions,
  ): AsyncGenerator<ComapiBatchResult, void, undefined> {
    return batchStream(messages, this.#plan(batchOptions), toBatchResult);
  }

  #plan(batchOptions: BatchOptions | undefined): BatchPlan<ComapiMessage, BatchItem, SentItem> {
    const { concurrency, ...callOptions } = readOptions<BatchOptions>(batchOptions, { concurrency: 'count' });
    return {
      prepare: (message: ComapiMessage) => [prepareBatchItem(message)],
      // Each unit's bytes include the comma after it; the request adds two brackets.
      sizeOf: (item) => item.bytes,
      limits: { maxUnits: MAX_ITEMS_PER_REQUEST, maxBytes: MAX_BATCH_BYTES - 2 },
      send: (request) => this.#postBatch(request, callOptions),
      concurrency,
      secrets: this.#context.secrets,
    };
  }

  async #postBatch(
    request: readonly BatchUnit<BatchItem>[],
    options: CallOptions,
  ): Promise<SentItem[] | SwitchboardError> {
    const { raw, apiSpaceId, provider } = this.#context;
    const secrets = this.#context.secrets();
    const { data: accepted, response } = await callApiWithResponse(
      this.#context,
      options,
      (t) =>
        raw.POST('/apispaces/{apiSpaceId}/messages/batch', {
          params: { path: { apiSpaceId } },
          // The messages' JSON was made when they were measured; joined, it is the body. The messages themselves
          // were let go then (a batch in flight holds 20,000 of them), so the typed body is a stand-in.
          body: [] as SendMessageRequest[],
          bodySerializer: () => `[${request.map(({ payload }) => payload.json).join(',')}]`,
          ...t,
        }),
      zSendMessageBatchResponse,
    );
    // The answer names each message by its position in this request; every position must be there once.
    const ids = new Array<string | undefined>(request.length);
    for (const { index, messageId } of accepted) {
      if (Number.isInteger(index) && index >= 0 && index < request.length && ids[index] === undefined)
        ids[index] = messageId;
    }
    if (ids.some((id) => id === undefined) || accepted.length !== request.length) {
      return unexpectedResponse(
        provider,
        response,
        accepted,
        secrets,
        'the answer does not list every message of the batch once',
      );
    }
    const requestId = requestIdOf(response.headers);
    return (ids as string[]).map((messageId) => ({ messageId, requestId }));
  }

  /** The stored message with its current status. */
  async get(messageId: string, getOptions?: CallOptions): Promise<Message> {
    const options = readOptions<CallOptions>(getOptions);
    const { raw, apiSpaceId } = this.#context;
    const path = { apiSpaceId, messageId: requireId(messageId, 'messageId') };
    return callApi(
      this.#context,
      options,
      (t) => raw.GET('/apispaces/{apiSpaceId}/messages/{messageId}', { params: { path }, ...t }),
      zGetMessageResponse,
    );
  }

  async delete(messageId: string, deleteOptions?: CallOptions): Promise<void> {
    const options = readOptions<CallOptions>(deleteOptions);
    const { raw, apiSpaceId } = this.#context;
    const path = { apiSpaceId, messageId: requireId(messageId, 'messageId') };
    await callApi(this.#context, options, (t) =>
      raw.DELETE('/apispaces/{apiSpaceId}/messages/{messageId}', { params: { path }, ...t }),
    );
  }

  /** Redacts the message's content (`source: 'message'`, the default) or its chat (`'chat'`). */
  async redact(
    messageId: string,
    redaction: { source?: 'message' | 'chat' } = {},
    redactOptions?: CallOptions,
  ): Promise<void> {
    const options = readOptions<CallOptions>(redactOptions);
    const { raw, apiSpaceId } = this.#context;
    const path = { apiSpaceId, messageId: requireId(messageId, 'messageId') };
    const { source } = readingInput('Invalid redaction', () => ({
      ...requireJsonObject(redaction, 'Invalid redaction', 'redaction'),
    })) as { source?: unknown };
    if (source !== undefined && source !== 'message' && source !== 'chat') {
      throw new ValidationError(
        [{ path: 'redaction.source', message: "must be 'message' or 'chat'" }],
        'Invalid redaction',
      );
    }
    const body = { redact: true, ...(source ? { redactSource: source as 'message' | 'chat' } : {}) };
    await callApi(this.#context, options, (t) =>
      raw.PATCH('/apispaces/{apiSpaceId}/messages/{messageId}', { params: { path }, body, ...t }),
    );
  }

  /** A profile's messages, newest first; page back with `from` (the oldest `sentOn` you have) and `limit`. */
  async history(
    profileId: string,
    query: MessageHistoryQuery = {},
    historyOptions?: CallOptions,
  ): Promise<MessageHistoryEntry[]> {
    const options = readOptions<CallOptions>(historyOptions);
    const { raw, apiSpaceId } = this.#context;
    const path = { apiSpaceId, profileId: requireId(profileId, 'profileId') };
    const context = 'Invalid history query';
    const wireQuery = readingInput(context, () => {
      // A Date is the one non-JSON value taken, and only as `from`; an invalid one is refused, not thrown on.
      const given = query as Record<string, unknown>;
      const from = isPlainObject(given) ? given.from : undefined;
      if (from instanceof Date && Number.isNaN(from.getTime()))
        throw new ValidationError([{ path: 'from', message: 'is an invalid Date' }], context);
      const copy = {
        ...requireJsonObject(
          isPlainObject(given) && from instanceof Date ? { ...given, from: from.toISOString() } : given,
          context,
          'query',
        ),
      };
      const parsed = zGetMessageHistoryQuery.safeParse(copy);
      if (!parsed.success) throw ValidationError.fromZod(parsed.error, context);
      return copy as HistoryQuery;
    });
    return callApi(
      this.#context,
      options,
      (t) =>
        raw.GET('/apispaces/{apiSpaceId}/profiles/{profileId}/messages', { params: { path, query: wireQuery }, ...t }),
      zGetMessageHistoryResponse,
    );
  }
}

/** A batch message, serialized once: its JSON is both measured against the size limit and sent. */
interface BatchItem {
  json: string;
  bytes: number;
}

function prepareBatchItem(message: ComapiMessage): BatchItem {
  const payload = prepareMessage(message);
  const json = JSON.stringify(payload);
  const bytes = utf8Length(json) + 1;
  if (bytes > MAX_BATCH_BYTES - 2) {
    throw new ValidationError(
      [{ path: '', message: `is ${bytes - 1} bytes of JSON; a batch request may carry at most ${MAX_BATCH_BYTES}` }],
      'Invalid Comapi message',
    );
  }
  return { json, bytes };
}

/** Anything outside ASCII, where a UTF-16 unit is not one byte of UTF-8. */
const NON_ASCII = /[\u0080-\uffff]/;

/** UTF-8 length of a string, without encoding it. */
function utf8Length(text: string): number {
  // Most messages are ASCII: one native scan says so, and the length is the answer.
  if (!NON_ASCII.test(text)) return text.length;
  let bytes = text.length;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      // A surrogate pair: two UTF-16 units, four UTF-8 bytes.
      bytes += 2;
      i += 1;
    } else bytes += 2;
  }
  return bytes;
}

/** `messages.statuses`: record a status for an outbound message. */
export class ComapiMessageStatuses {
  readonly #context: ComapiContext;

  constructor(context: ComapiContext) {
    this.#context = context;
  }

  async create(
    messageId: string,
    status: OutboundStatusName,
    update: MessageStatusUpdate,
    callOptions?: CallOptions,
  ): Promise<MessageStatusUpdate> {
    const options = readOptions<CallOptions>(callOptions);
    const { raw, apiSpaceId } = this.#context;
    const body = checkedBody(zAddMessageStatusBody, update, 'Invalid message status');
    const path = {
      apiSpaceId,
      messageId: requireId(messageId, 'messageId'),
      status: statusName(zOutboundStatusName, status),
    };
    return callApi(
      this.#context,
      options,
      (t) =>
        raw.POST('/apispaces/{apiSpaceId}/messages/{messageId}/statuses/{status}', { params: { path }, body, ...t }),
      zAddMessageStatusResponse,
    );
  }
}

/** `messages.inbound`: inbound messages from channels Comapi does not receive itself. */
export class ComapiInboundMessages {
  readonly #context: ComapiContext;
  /** Statuses of those inbound messages. */
  readonly statuses: ComapiInboundStatuses;

  constructor(context: ComapiContext) {
    this.#context = context;
    this.statuses = new ComapiInboundStatuses(context);
  }

  async create(message: InboundMessage, callOptions?: CallOptions): Promise<InboundMessage> {
    const options = readOptions<CallOptions>(callOptions);
    const { raw, apiSpaceId } = this.#context;
    const body = checkedBody(zCreateInboundMessageBody, message, 'Invalid inbound message');
    return callApi(
      this.#context,
      options,
      (t) => raw.POST('/apispaces/{apiSpaceId}/messages/inbounds', { params: { path: { apiSpaceId } }, body, ...t }),
      zCreateInboundMessageResponse,
    );
  }
}

/** `messages.inbound.statuses`: record a status for an inbound message. */
export class ComapiInboundStatuses {
  readonly #context: ComapiContext;

  constructor(context: ComapiContext) {
    this.#context = context;
  }

  async create(
    inboundMessageId: string,
    status: InboundStatusName,
    update: InboundMessageStatusUpdate,
    callOptions?: CallOptions,
  ): Promise<InboundMessage> {
    const options = readOptions<CallOptions>(callOptions);
    const { raw, apiSpaceId } = this.#context;
    const body = checkedBody(zAddInboundMessageStatusBody, update, 'Invalid inbound message status');
    const path = {
      apiSpaceId,
      inboundMessageId: requireId(inboundMessageId, 'inboundMessageId'),
      status: statusName(zInboundStatusName, status),
    };
    return callApi(
      this.#context,
      options,
      (t) =>
        raw.POST('/apispaces/{apiSpaceId}/messages/inbounds/{inboundMessageId}/statuses/{status}', {
          params: { path },
          body,
          ...t,
        }),
      zAddInboundMessageStatusResponse,
    );
  }
}
