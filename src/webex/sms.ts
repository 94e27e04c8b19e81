import type * as z from 'zod/mini';
import type { components, paths } from '../../generated/webex/types.ts';
import {
  zGetSmsResponse,
  zSendMessageV2Request,
  zSendMessageV2Response,
  zSendSmsRequest,
  zSendSmsResponse,
  zE164Number,
  zV2Destination,
} from '../../generated/webex/zod/zod.gen.ts';
import {
  batchResults,
  batchStream,
  checkBatchItems,
  itemResult,
  type BatchFailure,
  type BatchOptions,
  type BatchPlan,
  type BatchUnit,
  type SettledItem,
} from '../core/batch.ts';
import { readOptions } from '../core/http/call-options.ts';
import { isPlainObject, readingInput, requireJsonData, requireJsonObject } from '../core/input.ts';
import { ValidationError, type ValidationIssue } from '../core/errors/index.ts';
import { checkField, zodIssues } from '../core/errors/validation-error.ts';
import { callApi, callApiWithResponse, type ResourceContext } from '../core/http/call.ts';
import { requestIdOf } from '../core/http/request-id.ts';
import type { CallOptions } from '../core/http/transport.ts';
import { requireId } from '../core/ids.ts';
import { normalizePhoneNumber } from './normalize.ts';
import { parseQuickly } from '../core/quick-check.ts';

export type SendSmsRequest = components['schemas']['SendSmsRequest'];
export type SendSmsResponse = components['schemas']['SendSmsResponse'];
export type SmsStatus = components['schemas']['SmsStatus'];
export type SendMessageV2Request = components['schemas']['SendMessageV2Request'];
export type V2Destination = components['schemas']['V2Destination'];

/** What `send` resolves with: Webex's answer, its request id, and the idempotency key the send carried. */
export type WebexSendResult = SendSmsResponse & {
  requestId: string | undefined;
  /** Send again with this key (`{ idempotencyKey }`) to retry without risking a second delivery. */
  idempotencyKey: string;
};

/** A batch destination: a number, or a number with its own correlation id and substitutions. */
export type WebexDestination = string | { to: string; correlationId?: string; substitutions?: Record<string, string> };

/** What every destination of a broadcast shares: the v2 request without `channel` and `to`. */
export type WebexBroadcastMessage = Omit<SendMessageV2Request, 'channel' | 'to'>;

/**
 * One entry of `broadcast`'s result. Webex answers a v2 request with one `messageId` and does not document a
 * per-destination answer, so every destination of one request reports that request's id.
 */
export type WebexBroadcastResult =
  | { index: number; ok: true; outcome: 'accepted'; messageId: string | undefined; requestId: string | undefined }
  | BatchFailure;

/** One entry of `sendBatch`'s result: the message's own send, with its id and the idempotency key it carried. */
export type WebexBatchResult = ({ index: number; ok: true; outcome: 'accepted' } & WebexSendResult) | BatchFailure;

/** A v1 send ready to go: its body and the Idempotency-Key it carries. */
interface KeyedSms {
  body: SendSmsRequest;
  idempotencyKey: string;
}

const toBatchResult = (item: SettledItem<WebexSendResult>): WebexBatchResult =>
  itemResult(item, ([sent], index) => ({ index, ok: true, outcome: 'accepted', ...sent! }));

/** The most destinations one v2 request (a broadcast) may carry; beyond it Webex answers code 7009. */
export const MAX_ITEMS_PER_REQUEST = 1000;
/** Idempotency keys: at most 64 characters of `[A-Za-z0-9_=-]` (Webex's sandbox OpenAPI). */
const IDEMPOTENCY_KEY = /^[\w=-]{1,64}$/;

function fail(error: z.core.$ZodError, context: string): never {
  throw ValidationError.fromZod(error, context);
}

export class WebexSms {
  readonly #context: ResourceContext<paths>;

  constructor(context: ResourceContext<paths>) {
    this.#context = context;
  }

  /**
   * Sends one SMS. `to` may be written `+44 7911 123456` or `0044…`; it is sent as E.164. Every send carries an
   * `Idempotency-Key` (yours, or a fresh UUID), which Webex uses to reject a repeat within an hour, so the same
   * send retried with the same key cannot deliver twice.
   */
  async send(
    message: SendSmsRequest,
    sendOptions?: CallOptions & { idempotencyKey?: string },
  ): Promise<WebexSendResult> {
    const options = readOptions<CallOptions & { idempotencyKey?: string }>(sendOptions, { idempotencyKey: 'string' });
    const body = prepareSms(message);
    const idempotencyKey = options.idempotencyKey ?? crypto.randomUUID();
    if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new ValidationError(
        [{ path: 'idempotencyKey', message: 'must be 1 to 64 characters of letters, digits, "_", "=" and "-"' }],
        'Invalid Webex SMS',
      );
    }
    return this.#post(body, idempotencyKey, options);
  }

  /**
   * Sends any number of SMS, each its own v1 send with its own `Idempotency-Key` (a fresh UUID, returned in its
   * result), at most `concurrency` at a time (default 4). Never rejects: one result per message, in input order;
   * an invalid message fails alone and is not sent. Each send may be retried as `send` is, since its key makes a
   * repeat harmless. To send one text to many numbers in few requests, see `broadcast`.
   */
  async sendBatch(messages: Iterable<SendSmsRequest>, batchOptions?: BatchOptions): Promise<WebexBatchResult[]> {
    return batchResults(messages, this.#plan(batchOptions), toBatchResult);
  }

  /**
   * Sends as `sendBatch` does, and yields each message's result as soon as it is answered, in that order (each
   * result has its `index`). Nothing is kept per message once read, so a generator of millions of messages runs
   * in the memory of the requests in flight; a slow reader slows the sending. Stopping early (`break`) sends nothing
   * more and waits for the requests in flight. Throws a ValidationError at once for input that is not an iterable,
   * or bad options.
   */
  sendEach(
    messages: Iterable<SendSmsRequest>,
    batchOptions?: BatchOptions,
  ): AsyncGenerator<WebexBatchResult, void, undefined> {
    return batchStream(messages, this.#plan(batchOptions), toBatchResult);
  }

  #plan(batchOptions: BatchOptions | undefined): BatchPlan<SendSmsRequest, KeyedSms, WebexSendResult> {
    const { concurrency, ...callOptions } = readOptions<BatchOptions>(batchOptions, { concurrency: 'count' });
    return {
      prepare: (message: SendSmsRequest) => [{ body: prepareSms(message), idempotencyKey: crypto.randomUUID() }],
      limits: { maxUnits: 1 },
      send: async ([unit]) => [await this.#post(unit!.payload.body, unit!.payload.idempotencyKey, callOptions)],
      concurrency,
      secrets: this.#context.secrets,
    };
  }

  async #post(body: SendSmsRequest, idempotencyKey: string, options: CallOptions): Promise<WebexSendResult> {
    const { data, response } = await callApiWithResponse(
      this.#context,
      options,
      (t) =>
        this.#context.raw.POST('/v1/sms/messages', {
          params: { header: { 'Idempotency-Key': idempotencyKey } },
          body,
          ...t,
        }),
      zSendSmsResponse,
    );
    return { ...(data as SendSmsResponse), requestId: requestIdOf(response.headers), idempotencyKey };
  }

  /** The message's status. Webex keeps the status API in beta; a 404 (`NotFoundError`) means an unknown id. */
  async get(messageId: string, getOptions?: CallOptions): Promise<SmsStatus> {
    const options = readOptions<CallOptions>(getOptions);
    requireId(messageId, 'messageId');
    return callApi(
      this.#context,
      options,
      (t) => this.#context.raw.GET('/v1/sms/messages/{messageId}', { params: { path: { messageId } }, ...t }),
      zGetSmsResponse,
    );
  }

  /**
   * Sends one message to any number of destinations through the v2 API, in requests of at most 1000 destinations.
   * Never rejects: one result per destination, in input order. An invalid destination fails alone; an invalid
   * `message` fails them all, and nothing is sent; a failed request fails its own destinations; after the
   * credentials are refused nothing more is sent. The v2 API takes no idempotency key, so a request that may have
   * been processed is not repeated.
   */
  async broadcast(
    destinations: Iterable<WebexDestination>,
    common: WebexBroadcastMessage,
    batchOptions?: BatchOptions,
  ): Promise<WebexBroadcastResult[]> {
    const { concurrency, ...callOptions } = readOptions<BatchOptions>(batchOptions, { concurrency: 'count' });
    checkBatchItems(destinations, 'destinations');
    // An invalid common part fails every destination (and nothing is sent); the batch still resolves.
    let shared: WebexBroadcastMessage | undefined;
    let commonError: ValidationError | undefined;
    try {
      shared = checkCommon(common);
    } catch (error) {
      commonError =
        error instanceof ValidationError
          ? error
          : new ValidationError([{ path: '', message: 'could not be read' }], 'Invalid Webex batch (common part)');
    }
    const plan: BatchPlan<
      WebexDestination,
      V2Destination,
      { messageId: string | undefined; requestId: string | undefined }
    > = {
      prepare: (destination: WebexDestination) => [prepareDestination(destination)],
      limits: { maxUnits: MAX_ITEMS_PER_REQUEST },
      send: (request) => this.#postV2(request, shared!, callOptions),
      concurrency,
      failAll: commonError,
      secrets: this.#context.secrets,
    };
    return batchResults(destinations, plan, (item) =>
      itemResult(
        item,
        ([sent], index): WebexBroadcastResult => ({
          index,
          ok: true,
          outcome: 'accepted',
          messageId: sent!.messageId,
          requestId: sent!.requestId,
        }),
      ),
    );
  }

  async #postV2(
    request: readonly BatchUnit<V2Destination>[],
    common: WebexBroadcastMessage,
    options: CallOptions,
  ): Promise<Array<{ messageId: string | undefined; requestId: string | undefined }>> {
    // What the call throws, the batch files as the failure of this request's destinations.
    const body = { ...common, channel: 'sms', to: request.map(({ payload }) => payload) } as SendMessageV2Request;
    const { data, response } = await callApiWithResponse(
      this.#context,
      options,
      (t) => this.#context.raw.POST('/v2/messages', { body, ...t }),
      zSendMessageV2Response,
    );
    const shared = { messageId: (data as { messageId?: string }).messageId, requestId: requestIdOf(response.headers) };
    return request.map(() => shared);
  }
}

/**
 * The spec's `not` rules, which the generated zod does not carry: exactly one of `content` and `template`, and not
 * both `expireAt` and `validity` (Webex answers 400 to either).
 */
function exclusivityIssues(common: WebexBroadcastMessage): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const has = (key: keyof WebexBroadcastMessage) => common?.[key] !== undefined;
  if (has('content') === has('template'))
    issues.push({ path: has('content') ? 'template' : 'content', message: 'give exactly one of content and template' });
  if (has('expireAt') && has('validity'))
    issues.push({ path: 'validity', message: 'give expireAt or validity, not both' });
  return issues;
}

/** The common part of a batch, checked (and copied, so what is checked is what is sent). */
/** A v1 SMS, checked and normalized (`to` written as given, `00…` as `+…`); the copy is what is sent. */
function prepareSms(message: SendSmsRequest): SendSmsRequest {
  return readingInput('Invalid Webex SMS', () => {
    const input = requireJsonObject(message, 'Invalid Webex SMS');
    const wire = { ...input, ...(typeof input.to === 'string' ? { to: normalizePhoneNumber(input.to) } : {}) };
    const parsed = parseQuickly(zSendSmsRequest, wire);
    if (!parsed.success) fail(parsed.error, 'Invalid Webex SMS');
    return wire as SendSmsRequest;
  });
}

function checkCommon(common: WebexBroadcastMessage): WebexBroadcastMessage {
  const context = 'Invalid Webex batch (common part)';
  return readingInput(context, () => {
    const copy = { ...requireJsonObject(common, context) } as WebexBroadcastMessage;
    const commonCheck = parseQuickly(zSendMessageV2Request, {
      ...copy,
      channel: 'sms',
      to: [{ msisdn: ['+10000000000'] }],
    });
    const issues = [...(commonCheck.success ? [] : zodIssues(commonCheck.error)), ...exclusivityIssues(copy)];
    if (issues.length > 0) throw new ValidationError(issues, context);
    return copy;
  });
}

function prepareDestination(destination: WebexDestination): V2Destination {
  if (typeof destination === 'string') {
    // A bare number, the common destination: only the number to check, by its own schema, with no object to parse.
    const msisdn = normalizePhoneNumber(destination);
    const issues: ValidationIssue[] = [];
    checkField(issues, ['msisdn', 0], zE164Number, msisdn);
    if (issues.length > 0) throw new ValidationError(issues, 'Invalid Webex destination');
    return { msisdn: [msisdn] };
  }
  const spec = destination;
  if (!isPlainObject(spec) || typeof spec.to !== 'string') {
    throw new ValidationError(
      [{ path: 'to', message: 'a destination needs a phone number' }],
      'Invalid Webex destination',
    );
  }
  requireJsonData(spec, 'Invalid Webex destination');
  // Copied key by key rather than rest-destructured: zod parses a `...rest` object several times slower (V8
  // gives it a slower shape), and this runs once per destination of a batch.
  const wire: Record<string, unknown> = { msisdn: [normalizePhoneNumber(spec.to)] };
  for (const key of Object.keys(spec)) if (key !== 'to') wire[key] = spec[key as keyof typeof spec];
  const parsed = parseQuickly(zV2Destination, wire);
  if (!parsed.success) fail(parsed.error, 'Invalid Webex destination');
  return wire as V2Destination;
}
