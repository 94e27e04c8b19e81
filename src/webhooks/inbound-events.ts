/**
 * What CM and Webex POST besides delivery reports, as events: inbound (MO) messages, and CM's channel events.
 * (Comapi's inbound messages come in the same event bodies as its statuses: src/comapi/delivery-status.ts.)
 */
import type { components } from '../../generated/webex/types.ts';
import { zInboundSms } from '../../generated/webex/zod/zod.gen.ts';
import { parseIncomingEvent, parseInbound } from '../cm/inbound.ts';
import { digestEventId, type InboundEvent, type OtherEvent, stringOrUndefined } from '../core/delivery-status.ts';
import { ValidationError } from '../core/errors/index.ts';
import { parseJsonPayload, readingInput } from '../core/input.ts';

type WebexInboundSms = components['schemas']['InboundSms'];

/**
 * A CM inbound message. Its `reference` is CM's id for it (a UUID in every example, specs/cm.yaml) and is the
 * event id; without one, a digest of sender, recipient, time and text.
 */
export function cmInboundEvent(json: unknown): InboundEvent {
  const message = parseInbound(json);
  const text = message.message.text;
  return {
    type: 'inbound',
    provider: 'cm',
    eventId:
      message.reference ||
      digestEventId('cm', ['inbound', message.from.number, message.to.number, message.timeUtc, text]),
    messageId: message.reference,
    from: message.from.number,
    to: message.to.number,
    text,
    channel: message.channel,
    occurredAt: message.timeUtc,
    raw: message,
  };
}

/** A CM incoming event (Instagram `MessageDelete`, `StoryMention`, …): an OtherEvent named by its `event`. */
export function cmIncomingEvent(json: unknown): OtherEvent {
  const incoming = parseIncomingEvent(json);
  // CM documents the envelope only: `event` is a name in the page's examples, its shape otherwise unknown.
  const name = typeof incoming.event === 'string' ? incoming.event : 'incomingEvent';
  return {
    type: 'other',
    provider: 'cm',
    eventId:
      incoming.reference ||
      digestEventId('cm', [
        'event',
        incoming.from.number,
        incoming.to.number,
        incoming.timeUtc,
        incoming.channel,
        JSON.stringify(incoming.event ?? null),
      ]),
    name,
    messageId: undefined,
    occurredAt: incoming.timeUtc,
    raw: incoming,
  };
}

/** A Webex inbound SMS (the "SMS Incoming Messages" webhook): `oa` sent `message` to your `da`. */
export function webexInboundEvent(json: unknown): InboundEvent {
  const sms = readingInput('Invalid Webex inbound SMS', () => {
    const parsed = zInboundSms.safeParse(parseJsonPayload(json, 'Invalid Webex inbound SMS'));
    if (!parsed.success) throw ValidationError.fromZod(parsed.error, 'Invalid Webex inbound SMS');
    return parsed.data as WebexInboundSms;
  });
  const occurredAt = sms.ts ?? sms.datetime;
  return {
    type: 'inbound',
    provider: 'webex',
    eventId: digestEventId('webex', ['inbound', sms.tid, sms.oa, sms.da, occurredAt, sms.message]),
    messageId: sms.tid,
    from: sms.oa,
    to: sms.da,
    text: sms.message,
    // `Channel` in the Webex Connect samples, `channel` in IMIconnect's (test/fidelity/webex).
    channel: stringOrUndefined(sms.Channel ?? (sms as Record<string, unknown>).channel),
    occurredAt,
    raw: sms,
  };
}
