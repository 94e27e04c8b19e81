/**
 * Comapi message events → DeliveryStatus, one test per row of COMAPI_DELIVERY_STATUSES and COMAPI_MESSAGE_STATUSES.
 * Payloads: the vendor's `message.sent` example (dotdigital "Message events", test/fidelity/comapi/
 * dotdigital-docs-message-and-facebook-events.json); for the four final events, whose payloads the vendor does not
 * publish, the same event renamed (specs/comapi/events.yaml: "assumed to have the same shape"). Meanings: the same
 * page, as quoted in specs/comapi/events.yaml.
 */
import { describe, expect, it } from 'vitest';
import {
  COMAPI_DELIVERY_STATUSES,
  COMAPI_MESSAGE_STATUSES,
  normalizeEvents,
  ValidationError,
} from '../../src/comapi/index.ts';
import { fidelityCase } from '../webhooks/sources.ts';

const sent = () => fidelityCase('comapi', 'dotdigital-docs-message-and-facebook-events', 'message-sent-sms');
const renamed = (name: string, eventId = crypto.randomUUID()) => ({ ...sent(), name, eventId });

describe('Comapi message events in the shared vocabulary', () => {
  it('message.sent is sent ("the message was handed to a channel"), the vendor\'s example verbatim', () => {
    const [event] = normalizeEvents(sent());
    expect(event).toEqual({
      type: 'status',
      provider: 'comapi',
      eventId: '0dceaf0d-93ea-4314-a6f8-b0cffe69799a',
      status: 'sent',
      providerStatus: 'message.sent',
      errorCode: undefined,
      errorDescription: undefined,
      messageId: 'e9f154c8-4011-493f-bb73-09cfcf8a1411',
      reference: undefined,
      recipient: '447123123123',
      occurredAt: '2017-08-31T09:26:14.604Z',
      raw: expect.objectContaining({ name: 'message.sent' }),
    });
  });

  it.each([
    ['message.delivered', 'delivered', 'the channel reported delivery'],
    ['message.read', 'read', 'the channel reported the message read'],
    ['message.expired', 'expired', 'the message expired before delivery'],
    ['message.failed', 'failed', 'no channel could deliver the message'],
  ] as const)('%s is %s (%s)', (name, status, _meaning) => {
    expect(COMAPI_DELIVERY_STATUSES[name]).toBe(status);
    const [event] = normalizeEvents(JSON.stringify(renamed(name, '11111111-1111-4111-8111-111111111111')));
    expect(event).toMatchObject({
      type: 'status',
      status,
      providerStatus: name,
      eventId: '11111111-1111-4111-8111-111111111111',
    });
  });

  it("a batched body gives one event each, in order, with Comapi's own event ids", () => {
    const events = normalizeEvents([renamed('message.sent'), renamed('message.delivered')]);
    expect(events.map((event) => event.type === 'status' && event.status)).toEqual(['sent', 'delivered']);
    expect(new Set(events.map((event) => event.eventId)).size).toBe(2);
  });

  it('the same event twice has the same id (its eventId)', () => {
    expect(normalizeEvents(sent())[0]!.eventId).toBe(normalizeEvents(JSON.stringify(sent()))[0]!.eventId);
  });

  it('message.inbound is an inbound event', () => {
    const inbound = {
      ...sent(),
      name: 'message.inbound',
      payload: {
        messageId: 'in-1',
        channel: 'sms',
        from: { phoneNumber: '447123123123' },
        to: { phoneNumber: '447000000001' },
        body: 'STOP',
      },
    };
    expect(normalizeEvents(inbound)[0]).toMatchObject({
      type: 'inbound',
      provider: 'comapi',
      messageId: 'in-1',
      from: '447123123123',
      to: '447000000001',
      text: 'STOP',
      channel: 'sms',
    });
  });

  it('profile events and events the spec does not know are other events, named as sent', () => {
    const profile = fidelityCase('comapi', 'dotdigital-docs-profile-events', 'profile-update');
    const optIn = fidelityCase('comapi', 'dotdigital-docs-message-and-facebook-events', 'facebook-optin-no-revision');
    expect(normalizeEvents([profile, optIn])).toMatchObject([
      { type: 'other', name: 'profile.update', eventId: profile.eventId },
      { type: 'other', name: 'facebook.optin', eventId: optIn.eventId },
    ]);
    expect(normalizeEvents(renamed('message.constructor'))[0]).toMatchObject({ type: 'other' });
  });

  it.each([
    ['processing', 'queued'],
    ['sent', 'sent'],
    ['delivered', 'delivered'],
    ['read', 'read'],
    ['expired', 'expired'],
    ['failed', 'failed'],
    ['retrying', 'unknown'],
    ['filtered', 'unknown'],
  ] as const)('Message.status %s is %s', (status, expected) => {
    expect(COMAPI_MESSAGE_STATUSES[status]).toBe(expected);
  });

  it("Message.status: the table covers the spec's enum, no more", async () => {
    const { parse } = await import('yaml');
    const { readFileSync } = await import('node:fs');
    const spec = parse(readFileSync('specs/comapi/messages.yaml', 'utf8'));
    expect(Object.keys(COMAPI_MESSAGE_STATUSES).sort()).toEqual([...spec.schemas.MessageStatus.enum].sort());
  });

  it('refuses what is not a Comapi body with a ValidationError', () => {
    expect(() => normalizeEvents('nope')).toThrow(ValidationError);
    expect(() => normalizeEvents({ name: 'message.sent' })).toThrow(ValidationError);
  });
});
