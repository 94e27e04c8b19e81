import type { Client } from 'openapi-fetch';
import type { components, paths } from '../../generated/cm/types.ts';
import { zSendMessagesResponse } from '../../generated/cm/zod/zod.gen.ts';
import {
  AuthenticationError,
  SwitchboardError,
  UnexpectedResponseError,
  type ApiErrorClass,
} from '../core/errors/index.ts';
import { apiErrorFromResponse, requestIdOf, resolveTimeout } from '../core/http-client.ts';
import { redact } from '../core/redact.ts';
import { withDeadline, type CallOptions } from '../core/transport.ts';
import { prepareMessage, type CmMessage, type Msg } from './normalize.ts';

export type MessageResult = components['schemas']['MessageResult'];
type SendMessagesRequest = components['schemas']['SendMessagesRequest'];
type SendMessagesResponse = components['schemas']['SendMessagesResponse'];

/** The gateway's answer for one message: one entry per recipient, in the order of its `to`. */
export interface CmSendResult {
  recipients: MessageResult[];
  accepted: MessageResult[];
  rejected: MessageResult[];
}

/** One entry of `sendBatch`'s result, for the input message at `index`. */
export type CmBatchResult =
  | ({ index: number; ok: true } & CmSendResult)
  | {
      index: number;
      ok: false;
      error: SwitchboardError;
      /** Recipients the gateway had already answered for when a later request of the same message failed. */
      recipients: MessageResult[];
    };

/** The most `msg` objects one request may carry (CM's Node SDK docs; the Python SDK uses 100). */
export const MAX_MSGS_PER_REQUEST = 1000;

/** Request-level codes that mean the product token was refused (arrive as HTTP 400). */
const AUTH_ERROR_CODES = new Set([101, 103]);

/** What the resource needs from its client. */
export interface MessagesContext {
  raw: Client<paths>;
  /** Adds body authentication when the client sends its token there. */
  envelope(msgs: Msg[]): SendMessagesRequest;
  secrets: readonly string[];
  timeoutMs: number | undefined;
}

/** A `msg` on its way out, with the input message and recipient positions it answers for. */
interface PlannedMsg {
  index: number;
  msg: Msg;
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
  async send(message: CmMessage, options: CallOptions = {}): Promise<CmSendResult> {
    const msgs = prepareMessage(message);
    const [result] = await this.#sendPlanned([msgs], options);
    if (!result!.ok) throw result!.error;
    const { index: _index, ok: _ok, ...outcome } = result!;
    return outcome;
  }

  /**
   * Sends any number of messages in as few requests as the limits allow (1000 `msg` per request,
   * 1000 recipients per `msg`). Never rejects: the result has exactly one entry per input message, in input
   * order. An invalid message fails alone with its ValidationError and is not sent; a failed request fails
   * the messages in it; after an authentication failure nothing more is sent.
   */
  async sendBatch(messages: readonly CmMessage[], options: CallOptions = {}): Promise<CmBatchResult[]> {
    const prepared = messages.map((message) => {
      try {
        return prepareMessage(message);
      } catch (error) {
        return error as SwitchboardError;
      }
    });
    return this.#sendPlanned(prepared, options);
  }

  async #sendPlanned(prepared: Array<Msg[] | SwitchboardError>, options: CallOptions): Promise<CmBatchResult[]> {
    const answered: MessageResult[][] = prepared.map(() => []);
    const failures = new Map<number, SwitchboardError>();
    prepared.forEach((item, index) => {
      if (item instanceof SwitchboardError) failures.set(index, item);
    });

    const planned: PlannedMsg[] = [];
    prepared.forEach((item, index) => {
      if (!(item instanceof SwitchboardError)) for (const msg of item) planned.push({ index, msg });
    });

    let fatal: SwitchboardError | undefined;
    for (let start = 0; start < planned.length; start += MAX_MSGS_PER_REQUEST) {
      const chunk = planned.slice(start, start + MAX_MSGS_PER_REQUEST);
      if (fatal) {
        for (const { index } of chunk) if (!failures.has(index)) failures.set(index, fatal);
        continue;
      }
      const outcome = await this.#post(chunk, options);
      if (outcome instanceof SwitchboardError) {
        for (const { index } of chunk) if (!failures.has(index)) failures.set(index, outcome);
        if (outcome instanceof AuthenticationError) fatal = outcome;
        continue;
      }
      outcome.forEach((results, position) => answered[chunk[position]!.index]!.push(...results));
    }

    return prepared.map((_, index): CmBatchResult => {
      const error = failures.get(index);
      if (error) return { index, ok: false, error, recipients: answered[index]! };
      return { index, ok: true, ...summarize(answered[index]!) };
    });
  }

  /** Sends one request; resolves with the recipients' results per planned msg, or with the error that failed it. */
  async #post(chunk: PlannedMsg[], options: CallOptions): Promise<MessageResult[][] | SwitchboardError> {
    const { raw, envelope, secrets } = this.#context;
    const timeoutMs = resolveTimeout(this.#context.timeoutMs, options.timeoutMs);
    try {
      const { data, error, response } = await withDeadline(
        (signal) => raw.POST('/v1.0/message', { body: envelope(chunk.map(({ msg }) => msg)), signal }),
        timeoutMs,
        options.signal,
      );
      const body = data ?? error;
      const parsed = zSendMessagesResponse.safeParse(body);
      if (!parsed.success) {
        if (!response.ok) return apiErrorFromResponse('CM', response, body, secrets);
        return unexpected(response, body, secrets, 'the answer does not match the CM spec');
      }
      // errorCode 201 with per-recipient entries is an answer, whatever the HTTP status: the gateway
      // rejected some or all messages and says why for each.
      const answer = parsed.data;
      if (!response.ok && answer.messages.length === 0) {
        return apiErrorFromResponse('CM', response, answer, secrets, {
          code: answer.errorCode,
          detail: answer.details,
          errorClass: classFor(answer),
        });
      }
      const matched = matchResults(chunk.map(({ msg }) => msg), answer);
      return matched ?? unexpected(response, answer, secrets, 'the answer does not list every recipient that was sent');
    } catch (error) {
      if (error instanceof SwitchboardError) return error;
      throw error;
    }
  }
}

function classFor(answer: SendMessagesResponse): ApiErrorClass | undefined {
  return answer.errorCode !== undefined && AUTH_ERROR_CODES.has(answer.errorCode) ? AuthenticationError : undefined;
}

function unexpected(response: Response, body: unknown, secrets: readonly string[], why: string): UnexpectedResponseError {
  return new UnexpectedResponseError({
    status: response.status,
    headers: response.headers,
    body: redact(body, secrets),
    requestId: requestIdOf(response.headers),
    message: `CM answered HTTP ${response.status} but ${why}; the messages may have been sent`,
  });
}

/**
 * Assigns the gateway's per-recipient entries to the msgs that were sent. CM returns no message ids and does
 * not document the order of its entries, so they are matched on `to` and `reference` first; when that fails
 * but the counts agree, the order of the request is assumed. Returns undefined when neither works.
 */
export function matchResults(msgs: Msg[], answer: SendMessagesResponse): MessageResult[][] | undefined {
  const expected = msgs.flatMap((msg, position) =>
    msg.to.map((recipient) => ({ position, key: keyOf(recipient.number, msg.reference) })),
  );
  if (answer.messages.length !== expected.length) return undefined;

  const waiting = new Map<string, number[]>();
  expected.forEach(({ key }, slot) => {
    const slots = waiting.get(key);
    if (slots) slots.push(slot);
    else waiting.set(key, [slot]);
  });
  const bySlot: Array<MessageResult | undefined> = new Array(expected.length);
  let keyed = true;
  for (const entry of answer.messages) {
    const slot = waiting.get(keyOf(entry.to, entry.reference ?? undefined))?.shift();
    if (slot === undefined) {
      keyed = false;
      break;
    }
    bySlot[slot] = entry;
  }
  const ordered = keyed ? (bySlot as MessageResult[]) : answer.messages;

  const perMsg: MessageResult[][] = msgs.map(() => []);
  ordered.forEach((entry, slot) => perMsg[expected[slot]!.position]!.push(entry));
  return perMsg;
}

function keyOf(to: string, reference: string | null | undefined): string {
  return `${to}\u0000${reference ?? ''}`;
}

function summarize(recipients: MessageResult[]): CmSendResult {
  return {
    recipients,
    accepted: recipients.filter((result) => result.status === 'Accepted'),
    rejected: recipients.filter((result) => result.status === 'Rejected'),
  };
}
