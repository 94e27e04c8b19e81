import type { components } from '../../generated/cm/types.ts';
import { zMsg, zRecipient, zSmsSender } from '../../generated/cm/zod/zod.gen.ts';
import { ValidationError, type ValidationIssue } from '../core/errors/index.ts';
import { checkField, formatPath } from '../core/errors/validation-error.ts';
import { isPlainObject, requireJsonObject } from '../core/input.ts';
import { compactPhoneNumber } from '../core/phone.ts';
import { countSegments, countSegmentsAs, type SegmentCount } from '../core/segments.ts';
import { parseQuickly, quickCheck } from '../core/quick-check.ts';

export type Msg = components['schemas']['Msg'];

/** A message as callers write it; it becomes one or more `msg` objects on the wire. */
export type CmMessage = Omit<Msg, 'to' | 'body'> & {
  /**
   * One recipient or several, any number: the client splits them into `msg` objects of 1000.
   * `+447911123456`, `00447911123456` and `+44 7911-123456` all become `00447911123456`.
   */
  to: string | readonly string[];
  /** The text, sent as `{ type: 'auto', content }`, or the wire object itself. */
  body: string | Msg['body'];
};

const RECIPIENT_NUMBER = zRecipient.shape.number;
const isRecipientNumber = (number: string) =>
  quickCheck(RECIPIENT_NUMBER)(number) || RECIPIENT_NUMBER.safeParse(number).success;
const MSG_FIELDS = zMsg.shape;

/** The fields of a message that is a text and nothing more; `to` and `body` are checked on their own. */
const PLAIN_TEXT_FIELDS = new Set(['from', 'to', 'body', 'reference']);

/** A message of only a sender, recipients, a string body and a reference: most messages, checked field by field. */
function isPlainText(message: CmMessage): boolean {
  if (typeof message.body !== 'string') return false;
  for (const key in message) if (!PLAIN_TEXT_FIELDS.has(key)) return false;
  return true;
}

/** The sender last found valid: a batch usually repeats one sender, which is then checked once. */
let validSender: string | undefined;
function isSmsSender(from: string): boolean {
  if (from === validSender) return true;
  if (!zSmsSender.safeParse(from).success) return false;
  validSender = from;
  return true;
}

/** The most recipients one `msg` may carry (CM's PHP SDK `RECIPIENTS_MAXIMUM`). */
export const MAX_RECIPIENTS_PER_MSG = 1000;

/**
 * CM wants `00` + country code with nothing else. People write `+44 7911 123456`: a leading `+` becomes
 * `00`, and the spaces, dashes, dots and brackets of human formatting are dropped. Anything else is left
 * for validation to refuse.
 */
export function normalizePhoneNumber(raw: string): string {
  const compact = compactPhoneNumber(raw, 'number');
  return compact.startsWith('+') ? `00${compact.slice(1)}` : compact;
}

/**
 * Turns a caller's message into wire `msg` objects (more than one past 1000 recipients), validated with
 * the generated zod schemas. Throws a ValidationError naming every bad field.
 */
export function prepareMessage(message: CmMessage): Msg[] {
  // Not an object, or cycles, BigInts, holes, 20,000-deep rich content: refused here, before zod or JSON.stringify.
  requireJsonObject(message, 'Invalid CM message');
  // Read, not rest-destructured: zod parses an object made by `...rest` several times slower than a spread copy
  // (V8 gives it a slower shape), and this runs once per message of a batch.
  const { to, body } = message;
  const issues: ValidationIssue[] = [];

  const count = typeof to === 'string' ? 1 : Array.isArray(to) ? to.length : 0;
  if (count === 0) {
    issues.push({ path: 'to', message: 'needs at least one recipient' });
  }
  // The wire recipients, built as the numbers are checked. A loop, not `.map`: map skips holes, which would then go
  // out as `null`.
  let recipients: Array<{ number: string }> = [];
  for (let index = 0; index < count; index += 1) {
    const raw: unknown = typeof to === 'string' ? to : to[index];
    const number = typeof raw === 'string' ? normalizePhoneNumber(raw) : undefined;
    // The field's own schema: the same rule as zRecipient's, without building an object per recipient.
    if (number === undefined || !isRecipientNumber(number)) {
      issues.push({
        path: `to[${index}]`,
        message: 'must be a phone number: digits, optionally starting with + or 00',
      });
    } else if (count === 1) {
      // One recipient, the usual message: an array of its size (push would make room for 17).
      recipients = [{ number }];
    } else {
      recipients.push({ number });
    }
  }

  const wireBody = typeof body === 'string' ? { type: 'auto', content: body } : body;
  if (isPlainText(message)) {
    // The common message (a sender, recipients, a text, a reference): its fields checked by their own schemas,
    // which is what zMsg would check of it, without building and parsing a copy of the whole msg.
    checkField(issues, ['from'], MSG_FIELDS.from, message.from);
    if (message.reference !== undefined) checkField(issues, ['reference'], MSG_FIELDS.reference, message.reference);
  } else {
    // The recipients were checked one by one above; the rest of the msg is checked with a stand-in recipient.
    const candidate = { ...message, body: wireBody, to: [{ number: '0' }] };
    const checked = parseQuickly(zMsg, candidate);
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        if (issue.path[0] !== 'to') issues.push({ path: formatPath(issue.path), message: issue.message });
      }
    }
  }

  const { allowedChannels, from } = message;
  const maySendSms = !Array.isArray(allowedChannels) || allowedChannels.includes('SMS');
  if (maySendSms && typeof from === 'string' && !isSmsSender(from)) {
    issues.push({
      path: 'from',
      message:
        'must be an SMS sender (at most 11 letters, digits and dots, or 16 digits) when the message may go out as SMS; ' +
        'set allowedChannels to send from another channel account id',
    });
  }

  // CM accepts an empty text only beside rich content (a WhatsApp template carries its own); alone, the gateway
  // refuses it per recipient (messageErrorCode 304), after the request: refused here instead.
  if (
    isPlainObject(wireBody) &&
    wireBody.content === '' &&
    (message.richContent === undefined || message.richContent === null)
  ) {
    issues.push({
      path: 'body.content',
      message: 'is empty: CM sends an empty text only with richContent (a template, say)',
    });
  }

  const { maximumNumberOfMessageParts: maxParts } = message;
  if (maySendSms && typeof maxParts === 'number' && isPlainObject(wireBody) && typeof wireBody.content === 'string') {
    const count = smsCount(wireBody.content, wireBody.type, message.dcs);
    if (count && count.segments > maxParts) {
      issues.push({
        path: 'body.content',
        message:
          `needs ${count.segments} SMS parts (${count.characters} ${count.encoding === 'GSM-7' ? 'GSM-7 septets' : 'UCS-2 units'}), ` +
          `more than maximumNumberOfMessageParts (${maxParts})`,
      });
    }
  }

  if (issues.length > 0) throw new ValidationError(dedupe(issues), 'Invalid CM message');

  if (recipients.length <= MAX_RECIPIENTS_PER_MSG)
    return [{ ...message, body: wireBody as Msg['body'], to: recipients }];
  const msgs: Msg[] = [];
  for (let start = 0; start < recipients.length; start += MAX_RECIPIENTS_PER_MSG) {
    const slice = recipients.slice(start, start + MAX_RECIPIENTS_PER_MSG);
    msgs.push({ ...message, body: wireBody as Msg['body'], to: slice });
  }
  return msgs;
}

/**
 * The parts CM will need for the text as SMS, in the encoding the message asks for: with `body.type` `auto` the
 * gateway picks GSM-7 or Unicode as `countSegments` does (and ignores `dcs`); otherwise `dcs` 8 is Unicode and
 * `dcs` 0 or none is GSM-7. Undefined where the count is not knowable here: `binary` content, another `dcs`.
 * CM's docs do not say whether an over-long text is refused or cut; either way it is not what was asked for.
 */
function smsCount(content: string, type: unknown, dcs: unknown): SegmentCount | undefined {
  const kind = typeof type === 'string' ? type.toLowerCase() : undefined;
  if (kind === 'auto') return countSegments(content);
  if (kind === 'binary') return undefined;
  if (dcs === 8) return countSegmentsAs(content, 'UCS-2');
  if (dcs === undefined || dcs === null || dcs === 0) return countSegmentsAs(content, 'GSM-7');
  return undefined;
}

function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
