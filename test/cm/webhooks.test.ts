import { describe, expect, it } from 'vitest';
import { parseInbound, parseIncomingEvent, parseStatusReport, ValidationError } from '../../src/cm/index.ts';

describe('parseStatusReport', () => {
  const report = {
    messages: {
      msg: {
        received: '2024-05-14T10:31:02',
        to: '00447911123456',
        reference: 'r1',
        status: { code: '2', errorCode: '', errorDescription: '' },
        operator: '23410',
      },
    },
  };

  it('parses the raw body and the parsed JSON alike', () => {
    expect(parseStatusReport(JSON.stringify(report))).toEqual(report);
    expect(parseStatusReport(report).messages.msg.status.code).toBe('2');
  });

  it('accepts numeric codes, which CM does not rule out', () => {
    const numeric = { messages: { msg: { to: '0044', status: { code: 3, errorCode: 9 } } } };
    expect(parseStatusReport(numeric).messages.msg.status).toEqual({ code: 3, errorCode: 9 });
  });

  it.each([
    ['not JSON', '<MESSAGES/>', ''],
    ['no status', { messages: { msg: { to: '0044' } } }, 'messages.msg.status'],
    ['msg as an array', { messages: { msg: [] } }, 'messages.msg'],
  ])('refuses %s, naming the field', (_name, payload, path) => {
    const error = (() => {
      try {
        parseStatusReport(payload);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toContain(path);
  });
});

describe('parseInbound', () => {
  it('parses an inbound message', () => {
    const inbound = parseInbound({
      from: { number: '+316012345678' },
      to: { number: '3669' },
      message: { text: 'STOP' },
      channel: 'SMS',
    });
    expect(inbound.message.text).toBe('STOP');
  });

  it('refuses a payload without a sender', () => {
    expect(() => parseInbound({ to: { number: '3669' }, message: {} })).toThrow(/from/);
  });
});

describe('parseIncomingEvent', () => {
  it('reads the envelope of CM\'s "Incoming events" table and keeps the event as sent', () => {
    const event = parseIncomingEvent(
      '{"from":{"number":"17841400000000000"},"to":{"number":"17841411111111111"},"event":{"type":"StoryMention"},"timeUtc":"2024-05-01T10:00:00","channel":"Instagram"}',
    );
    expect(event).toMatchObject({
      channel: 'Instagram',
      event: { type: 'StoryMention' },
      from: { number: '17841400000000000' },
    });
  });

  it('refuses a body without the documented fields', () => {
    expect(() => parseIncomingEvent({ channel: 'Instagram' })).toThrow(ValidationError);
  });
});
