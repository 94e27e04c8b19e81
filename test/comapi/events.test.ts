/** parseEvents with the vendor's event examples (read from specs/comapi/events.yaml). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseEvents, ValidationError } from '../../src/comapi/index.ts';

const schemas = parse(readFileSync(new URL('../../specs/comapi/events.yaml', import.meta.url), 'utf8')).schemas;
const vendorEvents: Array<{ name: string; eventId: string }> = Object.entries<any>(schemas)
  .filter(([name]) => /Event$/.test(name) && name !== 'ComapiEvent')
  .flatMap(([, schema]) => schema.examples ?? []);

describe('parseEvents', () => {
  it('has the vendor examples to test with (message.sent and the profile events)', () => {
    const names = vendorEvents.map((event) => event.name);
    expect(names).toContain('message.sent');
    expect(names).toEqual(expect.arrayContaining(['profile.create', 'profile.update', 'profile.delete']));
  });

  it.each(vendorEvents.map((event) => [event.name, event] as const))(
    'parses the vendor example of %s, alone and as a raw body',
    (_name, event) => {
      expect(parseEvents(event)).toEqual([event]);
      expect(parseEvents(JSON.stringify(event))).toEqual([event]);
    },
  );

  it('parses a batched array in order, each event typed by name', () => {
    const events = parseEvents(JSON.stringify(vendorEvents));
    expect(events.map((event) => event.name)).toEqual(vendorEvents.map((event) => event.name));
    const sent = events.find((event) => !event.unknown && event.name === 'message.sent');
    if (sent && !sent.unknown && sent.name === 'message.sent') {
      // Narrowed to the message.sent type: its payload's fields are typed.
      expect(sent.payload.details?.channel).toBe('sms');
    } else {
      throw new Error('no message.sent event');
    }
  });

  it('returns an event with a name it does not know as unknown instead of throwing', () => {
    const future = { ...vendorEvents[0], name: 'message.teleported', payload: { anything: true } };
    const [event] = parseEvents([future]);
    expect(event).toMatchObject({ unknown: true, name: 'message.teleported', eventId: future.eventId });
  });

  it('keeps duplicates, so the receiver can drop them by eventId', () => {
    const events = parseEvents([vendorEvents[0], vendorEvents[0]]);
    expect(new Set(events.map((event) => event.eventId)).size).toBe(1);
    expect(events).toHaveLength(2);
  });

  it.each([
    ['not JSON', 'not json', ''],
    ['an event without an eventId', [{ ...vendorEvents[0], eventId: undefined }], '[0].eventId'],
    ['a known event with a broken payload', [vendorEvents[0], { ...vendorEvents[0], payload: 'oops' }], '[1].payload'],
  ])('refuses %s, naming the place', (_name, body, path) => {
    let error: unknown;
    try {
      parseEvents(body);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toContain(path);
  });
});
