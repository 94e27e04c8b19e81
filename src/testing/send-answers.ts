/**
 * The mock servers' answers to the send operations, shaped by the request: Prism alone answers every send with the
 * spec's one static example (one CM recipient, two Comapi batch items, the same message id every time), which a
 * client rightly refuses to match to what it sent. These functions take the request Prism has just validated and
 * the success answer Prism picked, and return the answer a gateway would give to that request. Pure, with no Prism
 * dependency; `mock-server.ts` calls them from inside Prism's mocker, so Prism still validates the shaped answer
 * against the spec.
 */
import { isPlainObject } from '../core/input.ts';

/** Shapes one success answer; `undefined` leaves Prism's answer as it is (a request of an unexpected shape). */
type AnswerShaper = (request: unknown, answer: unknown) => unknown;

/** A fresh message id; UUIDs, like the ids in the specs' examples. */
const newId = (): string => globalThis.crypto.randomUUID();

/** CM `POST /v1.0/message`: one Accepted entry per recipient of every msg, in request order. */
function cmSendMessages(request: unknown, answer: unknown): unknown {
  const msgs = isPlainObject(request) && isPlainObject(request.messages) ? request.messages.msg : undefined;
  if (!Array.isArray(msgs)) return undefined;
  const messages: unknown[] = [];
  for (const msg of msgs) {
    if (!isPlainObject(msg) || !Array.isArray(msg.to)) return undefined;
    const reference = typeof msg.reference === 'string' ? msg.reference : null;
    for (const recipient of msg.to) {
      if (!isPlainObject(recipient) || typeof recipient.number !== 'string') return undefined;
      messages.push({
        to: recipient.number,
        status: 'Accepted',
        reference,
        parts: 1,
        messageDetails: null,
        messageErrorCode: 0,
      });
    }
  }
  return {
    ...(isPlainObject(answer) ? answer : {}),
    details: `Created ${messages.length} message(s)`,
    errorCode: 0,
    messages,
  };
}

/** Comapi `POST …/messages`: the example message with a fresh id. */
function comapiSendMessage(_request: unknown, answer: unknown): unknown {
  return isPlainObject(answer) ? { ...answer, messageId: newId() } : undefined;
}

/** Comapi `POST …/messages/batch`: one `{ index, messageId }` per message sent, by position. */
function comapiSendMessageBatch(request: unknown): unknown {
  return Array.isArray(request) ? request.map((_message, index) => ({ index, messageId: newId() })) : undefined;
}

/** The answer with a fresh `messageId` and the request's `correlationId` (left out when the request had none). */
function withIdAndCorrelation(answer: unknown, correlationId: unknown): unknown {
  if (!isPlainObject(answer)) return undefined;
  const { correlationId: _example, ...rest } = answer;
  return { ...rest, messageId: newId(), ...(typeof correlationId === 'string' ? { correlationId } : {}) };
}

/** Webex `POST /v1/sms/messages`. */
function webexSendSms(request: unknown, answer: unknown): unknown {
  return withIdAndCorrelation(answer, isPlainObject(request) ? request.correlationId : undefined);
}

/** Webex `POST /v2/messages`: one id per request (as documented); the correlation id of the first destination. */
function webexSendMessageV2(request: unknown, answer: unknown): unknown {
  const to = isPlainObject(request) && Array.isArray(request.to) ? request.to : [];
  const first = to.find((destination) => isPlainObject(destination) && typeof destination.correlationId === 'string');
  return withIdAndCorrelation(answer, isPlainObject(first) ? first.correlationId : undefined);
}

/** The shaped operations, by method and path template as the specs write them. */
const SHAPERS: Readonly<Record<string, AnswerShaper>> = {
  'post /v1.0/message': cmSendMessages,
  'post /apispaces/{apiSpaceId}/messages': comapiSendMessage,
  'post /apispaces/{apiSpaceId}/messages/batch': comapiSendMessageBatch,
  'post /v1/sms/messages': webexSendSms,
  'post /v2/messages': webexSendMessageV2,
};

/**
 * The success answer to `method path` shaped by the parsed request body, or `undefined` when the operation is not
 * a send or the request does not have the shape the spec gives it (the answer is then left as Prism made it).
 */
export function shapeSendAnswer(method: string, pathTemplate: string, request: unknown, answer: unknown): unknown {
  const shaper = SHAPERS[`${method.toLowerCase()} ${pathTemplate}`];
  return shaper === undefined ? undefined : shaper(request, answer);
}
