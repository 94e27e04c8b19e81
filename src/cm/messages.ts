import type { components, paths } from '../../generated/cm/types.ts';
import { zSendMessagesResponse } from '../../generated/cm/zod/zod.gen.ts';
import {
  batchResults,
  batchStream,
  failureOutcome,
  type BatchOptions,
  type BatchPlan,
  type BatchUnit,
  type SettledItem,
} from '../core/batch.ts';
import { MessageRejectedError, SwitchboardError } from '../core/errors/index.ts';
import { readOptions } from '../core/http/call-options.ts';
import { exchange, type ResourceContext } from '../core/http/call.ts';
import { apiErrorFromResponse, unexpectedResponse } from '../core/http/response-errors.ts';
import { readingInput } from '../core/input.ts';
import { requestIdOf } from '../core/http/request-id.ts';
import { excerpt } from '../core/http/error-body.ts';
import type { CallOptions } from '../core/http/transport.ts';
import { prepareMessage, type CmMessage, type Msg } from './normalize.ts';
import { parseQuickly } from '../core/quick-check.ts';

export type MessageResult = components['schemas']['MessageResult'];
type SendMessagesRequest = components['schemas']['SendMessagesRequest'];
type SendMessagesResponse = components['schemas']['SendMessagesResponse'];

/** The gateway's answer for one message: one entry per recipient, in the order of its `to`. */
export interface CmSendResult {
  recipients: MessageResult[];
  accepted: MessageResult[];
  rejected: MessageResult[];
  /** The request id of the answer (CM's gateway sits behind Cloudflare: its `cf-ray`), for CM's support. */
  requestId: string | undefined;
}

/** What one request answered for one `msg`: its recipients, and the request's id. */
interface MsgAnswer {
  recipients: MessageResult[];
  requestId: string | undefined;
}

/** One entry of `sendBatch`'s result, for the input message at `index`. */
export type CmBatchResult =
  /** CM accepted the message for at least one recipient; `result.rejected` lists any it refused. */
  | ({ index: number; ok: true; outcome: 'accepted' } & CmSendResult)
  | {
      index: number;
      ok: false;
      /**
       * `rejected`: not sent (invalid, a refused request, or CM refused every recipient: a MessageRejectedError).
       * `unknown`: the request may have reached CM (a timeout, a 500) and was not repeated.
       */
      outcome: 'rejected' | 'unknown';
      error: SwitchboardError;
      /** Recipients the gateway had already answered for when a later request of the same message failed. */
      recipients: MessageResult[];
    };

/** The most `msg` objects one request may carry (CM's Node SDK docs; the Python SDK uses 100). */
export const MAX_ITEMS_PER_REQUEST = 1000;
/**
 * The most recipients one request carries, across its `msg` objects. CM sets no such limit; the client keeps
 * each answer (about 120 bytes per recipient) far below `maxResponseBytes`.
 */
export const MAX_RECIPIENTS_PER_REQUEST = 20_000;

/** What the resource needs from its client. */
export interface MessagesContext extends ResourceContext<paths> {
  /** Adds body authentication when the client sends its token there. */
  envelope(msgs: Msg[]): SendMessagesRequest;
}

export class CmMessages {
  readonly #context: MessagesContext;

  constructor(context: MessagesContext) {
    this.#context = context;
  }

  /**
   * Sends one message to any number of recipients. Resolves when the gateway answered for every recipient,
   * including when it rejected some or all of them (`result.rejected`, with `messageErrorCode` and
   * `messageDetails`); rejects with a ValidationError before sending anything when the message is invalid,
   * and with an ApiError or ConnectionError when the request itself failed.
   */
  async send(message: CmMessage, options?: CallOptions): Promise<CmSendResult> {
    const callOptions = readOptions<CallOptions>(options);
    const msgs = readingInput('Invalid CM message', () => prepareMessage(message));
    if (msgs.length === 1) {
      // One request: no batch bookkeeping.
      const outcome = await this.#post([{ index: 0, part: 0, payload: msgs[0]! }], callOptions);
      if (outcome instanceof SwitchboardError) throw outcome;
      return summarize(outcome[0]!.recipients, outcome[0]!.requestId);
    }
    // Past 1000 recipients: several msgs, sent as a batch of one message, already prepared.
    const [result] = await batchResults(
      [msgs],
      this.#plan((prepared: readonly Msg[]) => prepared, callOptions),
      (item) => this.#itemResult(item),
    );
    if (result!.ok) {
      const { recipients, accepted, rejected, requestId } = result!;
      return { recipients, accepted, rejected, requestId };
    }
    // Every recipient refused is an answer for `send`, as for a single request: it resolves with them.
    if (result!.error instanceof MessageRejectedError) return summarize(result!.recipients, undefined);
    throw result!.error;
  }

  /**
   * Sends any number of messages in as few requests as the limits allow (1000 `msg` per request,
   * 1000 recipients per `msg`). Never rejects: the result has exactly one entry per input message, in input
   * order. An invalid message fails alone with its ValidationError and is not sent; a failed request fails
   * the messages in it; after an authentication failure nothing more is sent.
   */
  async sendBatch(messages: Iterable<CmMessage>, options?: BatchOptions): Promise<CmBatchResult[]> {
    const plan = this.#plan(prepareMessage, readOptions<BatchOptions>(options, { concurrency: 'count' }));
    return batchResults(messages, plan, (item) => this.#itemResult(item));
  }

  /**
   * Sends as `sendBatch` does, and yields each message's result as soon as its request is answered, in that order
   * (each result has its `index`). Nothing is kept per message once read, so a generator of millions of messages
   * runs in the memory of the requests in flight; a slow reader slows the sending. Stopping early (`break`) sends
   * nothing more and waits for the requests in flight, whose results are then not read: stop only when you no
   * longer need them. Throws a ValidationError at once for input that is not an iterable, or bad options.
   */
  sendEach(messages: Iterable<CmMessage>, options?: BatchOptions): AsyncGenerator<CmBatchResult, void, undefined> {
    const plan = this.#plan(prepareMessage, readOptions<BatchOptions>(options, { concurrency: 'count' }));
    return batchStream(messages, plan, (item) => this.#itemResult(item));
  }

  #plan<Item>(prepare: (item: Item) => readonly Msg[], options: BatchOptions): BatchPlan<Item, Msg, MsgAnswer> {
    const { concurrency, ...callOptions } = options;
    return {
      prepare,
      sizeOf: (msg) => msg.to.length,
      limits: { maxUnits: MAX_ITEMS_PER_REQUEST, maxBytes: MAX_RECIPIENTS_PER_REQUEST },
      send: (request) => this.#post(request, callOptions),
      concurrency,
      secrets: this.#context.secrets,
    };
  }

  /** A message's result, from the answers of its msgs (sparse where a later request of the same message failed). */
  #itemResult({ index, results, failure }: SettledItem<MsgAnswer>): CmBatchResult {
    const answers =
      results?.length === 1 && results[0] !== undefined
        ? (results as MsgAnswer[])
        : (results ?? []).filter((answer): answer is MsgAnswer => answer !== undefined);
    const recipients = answers.length === 1 ? answers[0]!.recipients : answers.flatMap((answer) => answer.recipients);
    if (failure) return { index, ok: false, outcome: failureOutcome(failure), error: failure, recipients };
    const { accepted, rejected, requestId } = summarize(recipients, answers[0]?.requestId);
    return accepted.length > 0
      ? { index, ok: true, outcome: 'accepted', recipients, accepted, rejected, requestId }
      : { index, ok: false, outcome: 'rejected', error: rejectedError(rejected, this.#context.secrets()), recipients };
  }

  /** Sends one request; resolves with the recipients' results per msg, or with the error that failed it. */
  async #post(request: readonly BatchUnit<Msg>[], options: CallOptions): Promise<MsgAnswer[] | SwitchboardError> {
    const { raw, envelope, provider } = this.#context;
    const secrets = this.#context.secrets();
    const msgs = request.map(({ payload }) => payload);
    const { data, error, response } = await exchange(this.#context, options, (t) =>
      raw.POST('/v1.0/message', { body: envelope(msgs), ...t }),
    );
    const body = data ?? error;
    const parsed = parseQuickly(zSendMessagesResponse, body);
    if (!parsed.success) {
      if (!response.ok)
        return apiErrorFromResponse(provider, response, body, secrets, this.#context.describeError?.(body));
      return unexpectedResponse(provider, response, body, secrets, 'the answer does not match the CM spec');
    }
    // errorCode 201 with per-recipient entries is an answer, whatever the HTTP status: the gateway
    // rejected some or all messages and says why for each.
    const answer = parsed.data;
    if (!response.ok && answer.messages.length === 0) {
      return apiErrorFromResponse(provider, response, answer, secrets, this.#context.describeError?.(answer));
    }
    const matched = matchResults(msgs, answer);
    if (!matched) {
      return unexpectedResponse(
        provider,
        response,
        answer,
        secrets,
        'the answer does not list every recipient that was sent',
      );
    }
    const requestId = requestIdOf(response.headers);
    return matched.map((recipients) => ({ recipients, requestId }));
  }
}

/** CM refused every recipient of a message: the reason of the first, and how many there were. */
function rejectedError(rejected: MessageResult[], secrets: readonly string[]): MessageRejectedError {
  const first = rejected[0];
  const why = first?.messageDetails ? `: ${excerpt(first.messageDetails, secrets, 200)}` : '';
  const count = rejected.length === 1 ? 'its recipient' : `all ${rejected.length} recipients`;
  return new MessageRejectedError(`CM rejected the message for ${count}${why}`, first?.messageErrorCode ?? undefined);
}

/**
 * Assigns the gateway's per-recipient entries to the msgs that were sent. CM returns no message ids and does
 * not document the order of its entries, so they are matched on `to` and `reference`: in request order first
 * (the order of every answer we have seen), then by lookup; when neither works but the counts agree, the order
 * of the request is assumed. Returns undefined when the counts differ.
 */
function matchResults(msgs: readonly Msg[], answer: SendMessagesResponse): MessageResult[][] | undefined {
  const entries = answer.messages;
  let expected = 0;
  for (const msg of msgs) expected += msg.to.length;
  if (entries.length !== expected) return undefined;
  if (inRequestOrder(msgs, entries)) return splitByMsg(msgs, entries);

  const waiting = new Map<string, number[]>();
  let slot = 0;
  for (const msg of msgs) {
    for (const recipient of msg.to) {
      const key = keyOf(recipient.number, msg.reference);
      const slots = waiting.get(key);
      if (slots) slots.push(slot);
      else waiting.set(key, [slot]);
      slot += 1;
    }
  }
  const bySlot = new Array<MessageResult>(expected);
  for (const entry of entries) {
    const found = waiting.get(keyOf(entry.to, entry.reference))?.shift();
    if (found === undefined) return splitByMsg(msgs, entries);
    bySlot[found] = entry;
  }
  return splitByMsg(msgs, bySlot);
}

function inRequestOrder(msgs: readonly Msg[], entries: readonly MessageResult[]): boolean {
  let slot = 0;
  for (const msg of msgs) {
    const reference = msg.reference ?? '';
    for (const recipient of msg.to) {
      const entry = entries[slot++]!;
      if (entry.to !== recipient.number || (entry.reference ?? '') !== reference) return false;
    }
  }
  return true;
}

/** The entries, in request order, cut into one list per msg. */
function splitByMsg(msgs: readonly Msg[], ordered: readonly MessageResult[]): MessageResult[][] {
  let start = 0;
  return msgs.map((msg) => {
    const slice = ordered.slice(start, start + msg.to.length);
    start += msg.to.length;
    return slice;
  });
}

function keyOf(to: string, reference: string | null | undefined): string {
  return `${to}\u0000${reference ?? ''}`;
}

function summarize(recipients: MessageResult[], requestId: string | undefined): CmSendResult {
  if (recipients.length === 1) {
    // The usual message: arrays of its exact size. One grown by push holds room for 17, and a batch keeps 100,000
    // of these results.
    const [only] = recipients as [MessageResult];
    const accepted = only.status === 'Accepted' ? [only] : [];
    const rejected = only.status === 'Rejected' ? [only] : [];
    return { recipients, accepted, rejected, requestId };
  }
  const accepted: MessageResult[] = [];
  const rejected: MessageResult[] = [];
  for (const result of recipients) {
    if (result.status === 'Accepted') accepted.push(result);
    else if (result.status === 'Rejected') rejected.push(result);
  }
  return { recipients, accepted, rejected, requestId };
}
